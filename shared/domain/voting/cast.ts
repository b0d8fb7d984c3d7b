import { z } from 'zod';
import { sha256Hex } from '../digest.js';
import { Temporal } from '../calendar/dates.js';
import { ConflictError, InvalidInputError, fieldIssues } from '../errors.js';
import { ControlNumberSchema, checkNotThrottled, holderByControlNumber, type AccessDeps } from '../holders/access.js';
import type { Meeting } from '../meetings/schema.js';
import { checkBallot, type Channel, type MarkedBallot } from './ballot.js';
import { checkCutoff } from './cutoffs.js';
import { countingProxy, type Submission } from './history.js';

/**
 * Casting a vote online and confirming how it was recorded (docs/voting.md, the API). The holder is
 * found by the control number exactly as for requests (holders/access.ts: uniform NOT_ACCEPTED,
 * per-client throttling); the number is never stored.
 */

/** A vote as stored: one submission of an account's append-only history, never updated. */
export interface VoteRecord extends Submission {
  readonly kind: Channel;
  readonly meetingId: string;
  readonly accountId: string;
  /** Its place in the account's history, from 1: a submission is appended only at the next free place. */
  readonly seq: number;
  readonly ballot: MarkedBallot;
  /** The account's record-date shares: what the proxy votes. */
  readonly shares: number;
  /** Digest of meeting, account, channel and the normalised ballot: the same body repeated is the same submission. */
  readonly bodyKey: string;
  /** Where it came from: `api:<client digest>` (the client's address is not kept), or an import's source file. */
  readonly source: string;
}

/** Port: an account's vote history (DynamoDB), append-only. */
export interface VoteHistory {
  /** Writes the record at its `seq` unless that place is taken; false when it is (someone appended first). */
  append(record: VoteRecord): Promise<boolean>;
  /** The account's submissions in the order appended. */
  list(meetingId: string, accountId: string): Promise<VoteRecord[]>;
}

export interface VotingDeps extends AccessDeps {
  readonly votes: VoteHistory;
  readonly now: () => string;
}

export const VoteBodySchema = z.strictObject({
  controlNumber: ControlNumberSchema,
  ballot: z
    .record(z.string(), z.unknown(), { message: 'ballot must be an object of proposal numbers, e.g. {"2": "FOR"}' })
    .describe(
      'Proposal number → a choice ("FOR", "AGAINST", "ABSTAIN", "1 YEAR", …); for an election, nominee name → a choice.',
    ),
});

export const ConfirmBodySchema = z.strictObject({ controlNumber: ControlNumberSchema });

export interface VoteReceipt {
  readonly receiptId: string;
  readonly recordedAt: string;
  readonly ballot: MarkedBallot;
}

export interface VoteConfirmation {
  /** `counts`: this vote counts now; `none`: no vote of this account counts. */
  readonly status: 'counts' | 'none';
  readonly vote?: VoteReceipt & { readonly channel: Channel; readonly shares: number };
  readonly reason: string;
}

/** JSON with object keys sorted at every level: the same ballot written in another key order is the same body. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const receiptOf = (r: VoteRecord): VoteReceipt => ({ receiptId: r.id, recordedAt: r.receivedAt, ballot: r.ballot });

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error.issues));
  return parsed.data;
}

/** How many times an append is tried again when another submission of the same account took its place. */
const APPEND_TRIES = 5;

/**
 * An online vote: the client not throttled, the body's form, the internet cut-off at `now`, the holder by
 * control number, the ballot against the meeting's proposals; then appended to the account's history with
 * the account's record-date shares. The same body again, while it is the account's latest submission, is
 * the same submission and answers the same receipt (`created: false`); a changed vote, or the same vote
 * after a different one, is a new submission.
 */
export async function castVote(
  deps: VotingDeps,
  input: { meeting: Meeting; body: unknown; client: string },
): Promise<{ receipt: VoteReceipt; created: boolean }> {
  const { meeting, client } = input;
  const now = deps.now();
  await checkNotThrottled(deps, client, now);
  const body = parse(VoteBodySchema, input.body);
  checkCutoff(meeting, 'internet', Temporal.Instant.from(now));
  const holder = await holderByControlNumber(deps, {
    meetingId: meeting.id,
    controlNumber: body.controlNumber,
    client,
    now,
  });
  const ballot = checkBallot(meeting, body.ballot, 'internet');
  const bodyKey = sha256Hex(['vote', meeting.id, holder.accountId, 'internet', canonical(ballot)].join('\u0000'), 32);
  for (let i = 0; i < APPEND_TRIES; i++) {
    const latest = (await deps.votes.list(meeting.id, holder.accountId)).at(-1);
    if (latest?.bodyKey === bodyKey) return { receipt: receiptOf(latest), created: false };
    const record: VoteRecord = {
      // Hex: the id is a receipt a holder may read out or copy; deterministic, so a retry is the same submission.
      id: sha256Hex(`${bodyKey}\u0000${latest?.id ?? ''}`, 32),
      kind: 'internet',
      meetingId: meeting.id,
      accountId: holder.accountId,
      seq: (latest?.seq ?? 0) + 1,
      receivedAt: now,
      valid: true,
      ballot,
      shares: holder.shares,
      bodyKey,
      source: `api:${sha256Hex(`proxydesk-client\u0000${client}`, 16)}`,
    };
    if (await deps.votes.append(record)) return { receipt: receiptOf(record), created: true };
  }
  throw new ConflictError('the vote could not be recorded: other votes for this account arrived at once; try again');
}

/** Vote confirmation: the account's submission that counts now (the latest-dated valid proxy), or that none does. */
export async function confirmVote(
  deps: VotingDeps,
  input: { meeting: Meeting; body: unknown; client: string },
): Promise<VoteConfirmation> {
  const { meeting, client } = input;
  const now = deps.now();
  await checkNotThrottled(deps, client, now);
  const body = parse(ConfirmBodySchema, input.body);
  const holder = await holderByControlNumber(deps, {
    meetingId: meeting.id,
    controlNumber: body.controlNumber,
    client,
    now,
  });
  const history = await deps.votes.list(meeting.id, holder.accountId);
  const { counting, reason } = countingProxy(history, meeting.issuer.timeZone);
  const record = counting && history.find((r) => r.id === counting.id);
  if (!record) return { status: 'none', reason };
  return { status: 'counts', vote: { ...receiptOf(record), channel: record.kind, shares: record.shares }, reason };
}
