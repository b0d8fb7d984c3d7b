import { z } from 'zod';
import { DeliveryElection, HouseholdingConsent, type PostalAddress } from '../../domain/holders/schema.js';
import type { Holder, ImportRun, Nominee, Rejection } from '../../domain/holders/model.js';
import type { HouseholdingEvents } from '../../domain/households/consent.js';
import { ItemReader, parseItem, type Item, type Mutable } from './items.js';

/**
 * Stored holder-list items as domain objects. Holders are read a million times in a large run:
 * explicit readers (a type check per field) rather than a schema. Import runs are rare: zod.
 */

const CONSENTS = HouseholdingConsent.options;
const ELECTIONS = DeliveryElection.options;
const UNDELIVERABLE = ['bounce', 'complaint'] as const;

function address(f: ItemReader): PostalAddress {
  const a: Mutable<PostalAddress> = {
    lines: f.strings('lines'),
    city: f.str('city'),
    country: f.str('country'),
    military: f.bool('military'),
  };
  if (f.has('state')) a.state = f.str('state');
  if (f.has('postalCode')) a.postalCode = f.str('postalCode');
  return a;
}

function householding(f: ItemReader): HouseholdingEvents {
  const e: Mutable<HouseholdingEvents> = {};
  for (const k of ['consentedOn', 'noticeSentOn', 'objectedOn', 'revokedOn'] as const) if (f.has(k)) e[k] = f.str(k);
  if (f.has('separateCopyRequests')) e.separateCopyRequests = f.strings('separateCopyRequests');
  return e;
}

export function toHolder(item: Item): Holder {
  const f = new ItemReader(item, 'holder');
  const source = f.map('source');
  const h: Mutable<Holder> = {
    meetingId: f.str('meetingId'),
    accountId: f.str('accountId'),
    name: f.str('name'),
    address: address(f.map('address')),
    shares: f.num('shares'),
    edeliveryConsent: f.bool('edeliveryConsent'),
    householdingConsent: f.oneOf('householdingConsent', CONSENTS),
    addressKey: f.str('addressKey'),
    controlSeq: f.num('controlSeq'),
    controlHash: f.str('controlHash'),
    source: { id: source.str('id'), line: source.num('line') },
    updatedAt: f.str('updatedAt'),
  };
  if (f.has('coOwner')) h.coOwner = f.str('coOwner');
  if (f.has('email')) h.email = f.str('email');
  if (f.has('deliveryElection')) h.deliveryElection = f.oneOf('deliveryElection', ELECTIONS);
  if (f.has('householding')) h.householding = householding(f.map('householding'));
  if (f.has('electedByRequest')) {
    const e = f.map('electedByRequest');
    const election = e.oneOf('election', ELECTIONS);
    h.electedByRequest = e.has('email')
      ? { election, on: e.str('on'), email: e.str('email') }
      : { election, on: e.str('on') };
  }
  if (f.has('emailUndeliverable')) {
    const u = f.map('emailUndeliverable');
    h.emailUndeliverable = { email: u.str('email'), on: u.str('on'), reason: u.oneOf('reason', UNDELIVERABLE) };
  }
  return h;
}

export function toNominee(item: Item): Nominee {
  const f = new ItemReader(item, 'nominee');
  const source = f.map('source');
  const n: Mutable<Nominee> = {
    meetingId: f.str('meetingId'),
    nomineeName: f.str('nomineeName'),
    dtcParticipant: f.str('dtcParticipant'),
    setsRequested: f.num('setsRequested'),
    address: address(f.map('address')),
    source: { id: source.str('id'), line: source.num('line') },
    updatedAt: f.str('updatedAt'),
  };
  if (f.has('shares')) n.shares = f.num('shares');
  return n;
}

export function toRejection(item: Item): Rejection {
  const f = new ItemReader(item, 'rejection');
  return { line: f.num('line'), field: f.str('field'), message: f.str('message') };
}

const Counts = z.object({
  line: z.number(),
  rowsRead: z.number(),
  rowsImported: z.number(),
  rowsRejected: z.number(),
  shares: z.number(),
});

const ImportRunSchema = z.object({
  meetingId: z.string(),
  kind: z.enum(['registered', 'nominee']),
  sourceId: z.string(),
  sourceName: z.string(),
  status: z.enum(['running', 'done']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  counts: Counts,
  report: z
    .looseObject({
      meetingId: z.string(),
      kind: z.enum(['registered', 'nominee']),
      source: z.string(),
      sourceId: z.string(),
      resumed: z.boolean(),
      counts: Counts,
      rejections: z.array(z.object({ line: z.number(), field: z.string(), message: z.string() })),
      reconciliation: z.looseObject({
        sharesOutstanding: z.number(),
        registeredHolders: z.number(),
        registeredShares: z.number(),
        nomineeShares: z.number().nullable(),
        nominees: z.number(),
        nomineeSetsRequested: z.number(),
        difference: z.number(),
        status: z.enum(['balanced', 'mismatch']),
        message: z.string(),
      }),
    })
    .optional(),
});

export function toImportRun(item: Item): ImportRun {
  return parseItem(item, 'import run', ImportRunSchema, 'run');
}
