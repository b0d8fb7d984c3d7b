import { z } from 'zod';
import { deliveryKey } from '../households/delivery-key.js';
import { clean, isMilitary, normaliseCountry, normaliseUsState, normaliseZip, type PostalAddress } from './address.js';

/**
 * The holder files mailing operations load after the record date (docs/file-formats.md "Holder files").
 * Each row is validated on its own; a bad row is rejected with its line, field and reason and
 * nothing else is lost.
 */

export { NOMINEE_COLUMNS, NOMINEE_REQUIRED, REGISTERED_COLUMNS, REGISTERED_REQUIRED } from './columns.js';

export type HolderKind = 'registered' | 'nominee';

const CONSENTS = ['affirmative', 'implied', 'revoked', 'none'] as const;
const ELECTIONS = ['paper', 'email'] as const;
export const HouseholdingConsent = z.enum(CONSENTS);
export const DeliveryElection = z.enum(ELECTIONS);

export type { PostalAddress } from './address.js';

/** A registered holder as validated from one row (before the platform adds its control number). */
export interface RegisteredRow {
  readonly accountId: string;
  readonly name: string;
  readonly coOwner?: string;
  readonly address: PostalAddress;
  readonly shares: number;
  readonly email?: string;
  readonly edeliveryConsent: boolean;
  readonly householdingConsent: z.infer<typeof HouseholdingConsent>;
  /** The holder's permanent election for future meetings (Rule 14a-16(j)(4)); absent = none. */
  readonly deliveryElection?: z.infer<typeof DeliveryElection>;
  /** Same-delivery-address key (shared/domain/households/delivery-key.ts): householding groups by it. */
  readonly addressKey: string;
}

export interface NomineeRow {
  readonly nomineeName: string;
  /** DTC participant number, four digits with leading zeros. */
  readonly dtcParticipant: string;
  /** Beneficial-owner sets requested in answer to the search card (Rule 14a-13(a)). */
  readonly setsRequested: number;
  /** Street-name shares held through the nominee, where the list gives them. */
  readonly shares?: number;
  readonly address: PostalAddress;
}

const text = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .transform(clean)
    .pipe(z.string().min(1, `${label} is required`));
const optionalText = z
  .string()
  .optional()
  .transform((v) => clean(v) || undefined);

/** "1,000" and " 1000 " are 1000; decimals, zero, negatives and text are refused. */
const wholeShares = (label: string) =>
  z
    .string({ message: `${label} is required` })
    .transform((v) => clean(v).replace(/[,_ ]/g, ''))
    .pipe(
      z
        .string()
        .min(1, `${label} is required`)
        .regex(/^\d+$/, `${label} must be a positive whole number of shares`)
        .transform(Number)
        .pipe(
          z
            .number()
            .int()
            .positive(`${label} must be a positive whole number of shares`)
            .max(Number.MAX_SAFE_INTEGER, `${label} is too large`),
        ),
    );

const yesNo = z
  .string()
  .optional()
  .transform((v) => clean(v).toLowerCase())
  .pipe(z.enum(['', 'y', 'n', 'yes', 'no', 'true', 'false'], { message: 'must be Y or N' }))
  .transform((v) => v === 'y' || v === 'yes' || v === 'true');

const enumOrBlank = <T extends string>(values: readonly [T, ...T[]], label: string) =>
  z
    .string()
    .optional()
    .transform((v) => clean(v).toLowerCase())
    .pipe(
      z.union([z.literal(''), z.enum(values)], { message: `${label} must be one of ${values.join(', ')} (or blank)` }),
    );

const AccountId = z
  .string({ message: 'account_id is required' })
  .transform(clean)
  .pipe(
    z
      .string()
      .min(1, 'account_id is required')
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/,
        'account_id must be 1–64 letters, digits, dots, dashes, slashes or underscores',
      ),
  );

/** Validates and normalises the address columns shared by both files. */
function address(raw: Record<string, string | undefined>, ctx: z.RefinementCtx): PostalAddress | undefined {
  const lines = [raw.address_line1, raw.address_line2, raw.address_line3].map(clean).filter(Boolean);
  const city = clean(raw.city);
  const country = normaliseCountry(raw.country ?? '');
  if (!country) {
    ctx.addIssue({
      code: 'custom',
      path: ['country'],
      message: `unknown country "${clean(raw.country)}" (use an ISO code such as US, CA, GB, or the English name)`,
    });
    return undefined;
  }
  if (!lines.length) ctx.addIssue({ code: 'custom', path: ['address_line1'], message: 'address_line1 is required' });
  if (!city) ctx.addIssue({ code: 'custom', path: ['city'], message: 'city is required' });
  if (country !== 'US') {
    return {
      lines,
      city,
      state: clean(raw.state) || undefined,
      postalCode: clean(raw.postal_code) || undefined,
      country,
      military: false,
    };
  }
  const state = normaliseUsState(raw.state ?? '');
  if (!state) {
    ctx.addIssue({
      code: 'custom',
      path: ['state'],
      message: clean(raw.state)
        ? `"${clean(raw.state)}" is not a US state, territory or AA/AE/AP`
        : 'state is required for a US address',
    });
  }
  const zip = normaliseZip(raw.postal_code ?? '');
  if (!zip) {
    const given = clean(raw.postal_code);
    ctx.addIssue({
      code: 'custom',
      path: ['postal_code'],
      message: !given
        ? 'postal_code is required for a US address'
        : /^\d{4}$/.test(given)
          ? `"${given}" has 4 digits; a US ZIP has 5 (a leading zero may have been lost in a spreadsheet)`
          : `"${given}" is not a US ZIP code (12345 or 12345-6789)`,
    });
  }
  if (!state || !zip) return undefined;
  return { lines, city, state, postalCode: zip, country, military: isMilitary(city, state) };
}

// Rows come from the CSV reader as string fields; a cheap object check (a per-field record schema costs more than the row's own checks).
const RawRow = z.custom<Record<string, string | undefined>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  { message: 'a row must be an object of text fields' },
);

const RegisteredFields = z.object({
  account_id: AccountId,
  name: text('name'),
  co_owner: optionalText,
  shares: wholeShares('shares'),
  email: optionalText.pipe(z.email({ message: 'email is not a valid address' }).optional()),
  edelivery_consent: yesNo,
  householding_consent: enumOrBlank(CONSENTS, 'householding_consent'),
  delivery_election: enumOrBlank(ELECTIONS, 'delivery_election'),
});

export const RegisteredRowSchema = RawRow.transform((raw, ctx): RegisteredRow => {
  const parts = RegisteredFields.safeParse(raw);
  if (!parts.success)
    for (const issue of parts.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  const addr = address(raw, ctx);
  if (!parts.success || !addr) return z.NEVER;
  const p = parts.data;
  if (p.delivery_election === 'email' && !p.email) {
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'email is required when delivery_election is email' });
    return z.NEVER;
  }
  if (p.edelivery_consent && !p.email) {
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'email is required when edelivery_consent is Y' });
    return z.NEVER;
  }
  return {
    accountId: p.account_id,
    name: p.name,
    coOwner: p.co_owner,
    address: addr,
    shares: p.shares,
    email: p.email?.replace(/@(.*)$/, (_m, domain: string) => `@${domain.toLowerCase()}`),
    edeliveryConsent: p.edelivery_consent,
    householdingConsent: p.householding_consent || 'none',
    deliveryElection: p.delivery_election || undefined,
    addressKey: deliveryKey(addr),
  };
});

/** What grouping a file into households needs of a row (`households --file`): fewer checks than an import. */
export type HouseholdRow = Pick<
  RegisteredRow,
  'accountId' | 'name' | 'coOwner' | 'address' | 'householdingConsent' | 'addressKey'
>;

const HouseholdFields = z.object({
  account_id: AccountId,
  name: text('name'),
  co_owner: optionalText,
  householding_consent: enumOrBlank(CONSENTS, 'householding_consent'),
});

export const HouseholdRowSchema = RawRow.transform((raw, ctx): HouseholdRow => {
  const parts = HouseholdFields.safeParse(raw);
  if (!parts.success)
    for (const issue of parts.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  const addr = address(raw, ctx);
  if (!parts.success || !addr) return z.NEVER;
  const p = parts.data;
  return {
    accountId: p.account_id,
    name: p.name,
    coOwner: p.co_owner,
    address: addr,
    householdingConsent: p.householding_consent || 'none',
    addressKey: deliveryKey(addr),
  };
});

const NomineeFields = z.object({
  nominee_name: text('nominee_name'),
  dtc_participant: z
    .string({ message: 'dtc_participant is required' })
    .transform(clean)
    .pipe(z.string().regex(/^\d{1,5}$/, 'dtc_participant must be a DTC participant number (digits)'))
    .transform((v) => v.padStart(4, '0')),
  sets_requested: z
    .string({ message: 'sets_requested is required' })
    .transform((v) => clean(v).replace(/,/g, ''))
    .pipe(z.string().regex(/^\d+$/, 'sets_requested must be a whole number').transform(Number)),
  shares: z
    .string()
    .optional()
    .transform((v) => clean(v).replace(/[, _]/g, ''))
    .pipe(z.union([z.literal(''), z.string().regex(/^\d+$/, 'shares must be a whole number of shares')]))
    .transform((v) => (v === '' ? undefined : Number(v))),
});

export const NomineeRowSchema = RawRow.transform((raw, ctx): NomineeRow => {
  const parts = NomineeFields.safeParse(raw);
  if (!parts.success)
    for (const issue of parts.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  const addr = address(raw, ctx);
  if (!parts.success || !addr) return z.NEVER;
  const p = parts.data;
  return {
    nomineeName: p.nominee_name,
    dtcParticipant: p.dtc_participant,
    setsRequested: p.sets_requested,
    shares: p.shares,
    address: addr,
  };
});
