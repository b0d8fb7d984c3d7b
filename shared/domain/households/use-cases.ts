import { InvalidInputError, NotFoundError } from '../errors.js';
import type { PlainDate } from '../calendar/dates.js';
import type { Holder, HolderStore, Rejection, SourceRecord } from '../holders/model.js';
import { checkAddress, clean, type ColumnIssue, type PostalAddress } from '../holders/address.js';
import { deliveryKey } from './delivery-key.js';
import { consentOn, type ConsentBasis, type EffectiveConsent, type HouseholdingEvents } from './consent.js';
import {
  AddressGroups,
  groupHouseholds,
  impliedConsentNoticeList,
  ownString,
  StringNumbers,
  type DeliveryUnit,
  type GroupOptions,
  type HouseholdFigures,
  type HouseholdMember,
} from './group.js';

export interface HouseholdReport {
  readonly meetingId?: string;
  readonly source?: string;
  /** The day consent was judged on. */
  readonly on: string;
  readonly figures: HouseholdFigures;
  /** Every delivery unit: households (two or more accounts, one copy) and single accounts; each account exactly once. */
  readonly households: DeliveryUnit[];
  /** Holders who revoked: the date individual delivery must have resumed by (Rule 14a-3(e)(1)). */
  readonly individualDeliveryDue: { accountId: string; revokedOn: string; by: string }[];
  /** Rows of a file that could not be grouped (file mode only). */
  readonly rejections?: Rejection[];
}

/** Every holder of a meeting, page by page. */
export async function* meetingHolders(store: HolderStore, meetingId: string): AsyncGenerator<Holder> {
  let cursor: string | undefined;
  do {
    const page = await store.listHolders(meetingId, { cursor, limit: 1000 });
    yield* page.holders;
    cursor = page.cursor;
  } while (cursor);
}

function report(
  members: HouseholdMember[],
  on: PlainDate,
  opts: GroupOptions,
  extra: Partial<HouseholdReport>,
): HouseholdReport {
  const { units, figures } = groupHouseholds(members, on, opts);
  const individualDeliveryDue = units
    .flatMap((u) => u.members)
    .filter((m) => m.consent.basis === 'revoked' && m.consent.individualDeliveryBy)
    .map((m) => ({ accountId: m.accountId, revokedOn: m.consent.since!, by: m.consent.individualDeliveryBy! }));
  return { ...extra, on: on.toString(), figures, households: units, individualDeliveryDue };
}

/** The households of a meeting's stored holder list on a day. */
export async function meetingHouseholds(
  store: HolderStore,
  meetingId: string,
  on: PlainDate,
  opts: GroupOptions = {},
): Promise<HouseholdReport> {
  const members: HouseholdMember[] = [];
  for await (const h of meetingHolders(store, meetingId)) members.push(h);
  return report(members, on, opts, { meetingId });
}

/** What grouping keeps of a valid row. */
export interface GroupRow {
  readonly accountId: string;
  readonly name: string;
  readonly coOwner?: string;
  readonly consent: ConsentBasis;
  readonly addressKey: string;
  readonly address: PostalAddress;
}

/** One row's validation for grouping: the columns grouping uses, as the import checks them. */
export type HouseholdValidation =
  | { readonly ok: true; readonly row: GroupRow }
  | { readonly ok: false; readonly issues: { field: string; message: string }[] };

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const CONSENT_BASES: ReadonlySet<string> = new Set<ConsentBasis>(['affirmative', 'implied', 'revoked', 'none']);

/**
 * Validates a row of a holder file for grouping (pure): the columns grouping uses, with the same
 * checks, messages and order as the import's row schema (HouseholdRowSchema in holders/schema.ts;
 * test/domain/households.test.ts holds them equal), written out by hand: a file of a million rows
 * is checked here row by row.
 */
export function validateHouseholdRow(fields: Readonly<Record<string, string | undefined>>): HouseholdValidation {
  const issues: ColumnIssue[] = [];
  const accountId = clean(fields.account_id);
  if (accountId === '') issues.push({ field: 'account_id', message: 'account_id is required' });
  if (fields.account_id !== undefined && !ACCOUNT_ID.test(accountId))
    issues.push({
      field: 'account_id',
      message: 'account_id must be 1–64 letters, digits, dots, dashes, slashes or underscores',
    });
  const name = clean(fields.name);
  if (name === '') issues.push({ field: 'name', message: 'name is required' });
  const given = clean(fields.householding_consent);
  // Most files write the bases in lower case already: no new string for them.
  const consent = CONSENT_BASES.has(given) ? given : given.toLowerCase();
  if (consent !== '' && !CONSENT_BASES.has(consent))
    issues.push({
      field: 'householding_consent',
      message: 'householding_consent must be one of affirmative, implied, revoked, none (or blank)',
    });
  const address = checkAddress(fields, issues);
  if (issues.length || !address) return { ok: false, issues };
  return {
    ok: true,
    row: {
      accountId,
      name,
      coOwner: clean(fields.co_owner) || undefined,
      consent: (consent || 'none') as ConsentBasis,
      addressKey: deliveryKey(address),
      address,
    },
  };
}

/**
 * A holder file grouped: figures, rejections and revocations at once; the delivery units built
 * on demand (`units()`, as often as wanted), so that a large file's report can be written out
 * unit by unit without ever holding all of it.
 */
export interface FileHouseholdReport extends Omit<HouseholdReport, 'households' | 'meetingId'> {
  readonly source: string;
  readonly rejections: Rejection[];
  units(): Iterable<DeliveryUnit>;
  /** The same units as JSON text, without their id (see AddressGroups.unitsJson): for writing them out. */
  unitsJson(): Iterable<string>;
}

/**
 * Groups a holder file without storing it: the columns grouping uses are validated as on import;
 * bad rows are reported, the rest grouped as they are read (only what the units need is kept).
 * Records come one by one or in batches (readCsvRecordBatches).
 */
export async function fileHouseholds(
  records: AsyncIterable<SourceRecord | readonly SourceRecord[]>,
  source: string,
  on: PlainDate,
  opts: GroupOptions = {},
): Promise<FileHouseholdReport> {
  const groups = new AddressGroups();
  const rejections: Rejection[] = [];
  // The first of two rows with one account is the one kept, as on import: accounts numbered, and the line of each.
  const seen = new StringNumbers();
  const seenOn: number[] = [];
  // A row's consent on the day, from the file alone (no events recorded yet): one value per basis.
  const fileConsent: Record<ConsentBasis, EffectiveConsent> = {
    affirmative: consentOn('affirmative', undefined, on),
    implied: consentOn('implied', undefined, on),
    revoked: consentOn('revoked', undefined, on),
    none: consentOn('none', undefined, on),
  };
  for await (const batch of records)
    for (const record of 'kind' in batch ? [batch] : batch) {
      const line = record.line;
      if (record.kind === 'malformed') {
        rejections.push({ line, field: '(row)', message: record.message });
        continue;
      }
      const r = validateHouseholdRow(record.fields);
      if (!r.ok) {
        for (const issue of r.issues) rejections.push({ line, field: issue.field, message: issue.message });
        continue;
      }
      const row = r.row;
      // Kept for the report: strings of their own, not slices of the chunk of the file they were read in.
      const accountId = ownString(row.accountId);
      const accounts = seen.size;
      const a = seen.numberOf(accountId);
      if (a < accounts) {
        rejections.push({
          line,
          field: 'account_id',
          message: `duplicate account_id ${row.accountId}: already on line ${seenOn[a]}`,
        });
        continue;
      }
      seenOn.push(line);
      groups.add(
        {
          accountId,
          name: ownString(row.name),
          coOwner: row.coOwner === undefined ? undefined : ownString(row.coOwner),
          consent: fileConsent[row.consent],
        },
        row.addressKey,
        row.address, // kept for the first row at the address only
      );
    }
  // In file order (as read; the sort is stable).
  rejections.sort((a, b) => a.line - b.line);
  const individualDeliveryDue: HouseholdReport['individualDeliveryDue'] = [];
  for (const m of groups.all())
    if (m.consent.basis === 'revoked' && m.consent.individualDeliveryBy)
      individualDeliveryDue.push({
        accountId: m.accountId,
        revokedOn: m.consent.since!,
        by: m.consent.individualDeliveryBy,
      });
  return {
    source,
    on: on.toString(),
    figures: groups.figures(),
    individualDeliveryDue,
    rejections,
    units: () => groups.units(opts.addressing),
    unitsJson: () => groups.unitsJson(opts.addressing),
  };
}

export type HouseholdingEvent = 'consent' | 'notice-sent' | 'objection' | 'revocation' | 'separate-copy';
export const HOUSEHOLDING_EVENTS: readonly HouseholdingEvent[] = [
  'consent',
  'notice-sent',
  'objection',
  'revocation',
  'separate-copy',
];

/** Applies one dated event to a holder's record (pure). */
export function applyEvent(
  events: HouseholdingEvents | undefined,
  event: HouseholdingEvent,
  on: string,
): HouseholdingEvents {
  const e = events ?? {};
  switch (event) {
    case 'consent':
      return { ...e, consentedOn: on };
    case 'notice-sent':
      return { ...e, noticeSentOn: on };
    case 'objection':
      return { ...e, objectedOn: on };
    case 'revocation':
      return { ...e, revokedOn: on };
    case 'separate-copy':
      return { ...e, separateCopyRequests: [...(e.separateCopyRequests ?? []), on] };
  }
}

/**
 * Records a householding event for a holder (an operator keying in a letter or a call, or the
 * notice run) and returns the holder's consent from that day.
 * @throws NotFoundError, InvalidInputError (a notice to someone who already consented, revoked or objected)
 */
export async function recordHouseholdingEvent(
  store: HolderStore,
  meetingId: string,
  accountId: string,
  event: HouseholdingEvent,
  on: PlainDate,
): Promise<{
  accountId: string;
  event: HouseholdingEvent;
  on: string;
  consent: EffectiveConsent;
  householding: HouseholdingEvents;
}> {
  const holder = await store.getHolder(meetingId, accountId);
  if (!holder) throw new NotFoundError(`no holder ${accountId} in meeting ${meetingId}`);
  if (event === 'notice-sent' && consentOn(holder.householdingConsent, holder.householding, on).basis !== 'none') {
    throw new InvalidInputError([
      {
        field: 'event',
        message:
          `${accountId} already has consent basis "${consentOn(holder.householdingConsent, holder.householding, on).basis}"; ` +
          'an implied-consent notice is only for holders without consent',
      },
    ]);
  }
  const householding = applyEvent(holder.householding, event, on.toString());
  if (!(await store.saveHouseholding(meetingId, accountId, householding)))
    throw new NotFoundError(`no holder ${accountId} in meeting ${meetingId}`);
  return {
    accountId,
    event,
    on: on.toString(),
    consent: consentOn(holder.householdingConsent, householding, on),
    householding,
  };
}

/** The holders an implied-consent notice should go to now (Rule 14a-3(e)(1)(ii)). */
export async function noticeList(store: HolderStore, meetingId: string, on: PlainDate): Promise<HouseholdMember[]> {
  const members: Holder[] = [];
  for await (const h of meetingHolders(store, meetingId)) members.push(h);
  return impliedConsentNoticeList(members, on);
}

/** Records the notice as sent on a day to everyone on the list; consent becomes implied 60 days later unless they object. */
export async function recordNoticesSent(
  store: HolderStore,
  meetingId: string,
  sentOn: PlainDate,
): Promise<{ sentOn: string; impliedFrom: string; accounts: string[] }> {
  const list = await noticeList(store, meetingId, sentOn);
  for (const h of list)
    await store.saveHouseholding(meetingId, h.accountId, applyEvent(h.householding, 'notice-sent', sentOn.toString()));
  const impliedFrom = consentOn('none', { noticeSentOn: sentOn.toString() }, sentOn).impliedFrom!;
  return { sentOn: sentOn.toString(), impliedFrom, accounts: list.map((h) => h.accountId) };
}
