import { z } from 'zod';
import { sha256Hex } from '../digest.js';
import { canonicalJson } from '../canonical.js';
import { Temporal } from '../calendar/dates.js';
import {
  ConflictError,
  DomainError,
  InvalidInputError,
  NotAcceptedError,
  ThrottledError,
  fieldIssues,
} from '../errors.js';
import type { Mailer } from '../distribution/model.js';
import type { Holder } from '../holders/model.js';
import { ControlNumberSchema, type AccessDeps } from '../holders/access.js';
import type { Meeting } from '../meetings/schema.js';
import { checkBallot, type Channel, type MarkedBallot } from './ballot.js';
import { checkCutoff } from './cutoffs.js';
import { countingProxy, type Submission, type SubmissionKind } from './history.js';
import { emailOnFile, voteReceiptEmail } from './receipt-email.js';

/**
 * Casting a vote online and confirming how it was recorded (docs/voting.md, the API). The holder is
 * found by the control number exactly as for requests (holders/access.ts: uniform NOT_ACCEPTED,
 * per-client throttling); the number is never stored.
 */

/** A vote as stored: one submission of an account's append-only history, never updated. */
export interface VoteRecord extends Submission {
  /** A proxy's channel, or an operator's record: a written revocation, a ballot cast at the meeting, attendance (records.ts). */
  readonly kind: SubmissionKind;
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
  /** A refused submission: the ballot as sent (canonical JSON, capped), since `ballot` holds only what could be checked. */
  readonly submitted?: string;
  /** An operator's note on a record they entered (a written revocation: how it came, who signed). */
  readonly note?: string;
  /** When an operator entered the record (their clock), when that is not when it was received. */
  readonly recordedAt?: string;
}

/** What a vote that counts was: a proxy by a channel, or a ballot cast at the meeting. */
export type VotingKind = Channel | 'meeting';

/** Port: an account's vote history (DynamoDB), append-only. */
export interface VoteHistory {
  /** Writes the record at its `seq` unless that place is taken; false when it is (someone appended first). */
  append(record: VoteRecord): Promise<boolean>;
  /** The account's submissions in the order appended. */
  list(meetingId: string, accountId: string): Promise<VoteRecord[]>;
}

export interface VotingDeps extends AccessDeps {
  readonly votes: VoteHistory;
  /** Sends the receipt email of a newly recorded vote (SES). */
  readonly mailer: Pick<Mailer, 'send'>;
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
  readonly vote?: VoteReceipt & { readonly channel: VotingKind; readonly shares: number };
  readonly reason: string;
}

/** JSON with object keys sorted at every level: the same ballot written in another key order is the same body. */
export const canonical = (v: unknown): string => canonicalJson(v, 0);

const receiptOf = (r: VoteRecord): VoteReceipt => ({ receiptId: r.id, recordedAt: r.receivedAt, ballot: r.ballot });

/**
 * The body, read while the client's refused attempts are read (`blocked`): a client over its limit is refused
 * THROTTLED first, whatever its body says, as when the counter is read before anything else.
 */
async function parse<S extends z.ZodType>(schema: S, body: unknown, blocked: Promise<number>): Promise<z.output<S>> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const wait = await blocked;
  if (wait > 0) throw new ThrottledError(wait);
  throw new InvalidInputError(fieldIssues(parsed.error.issues));
}

/**
 * The throttle check and the holder look-up in one round trip of latency, not two: a client over its limit is
 * refused THROTTLED whatever the number finds (the answer does not depend on it, so nothing leaks); else the
 * holder, or undefined (the caller answers the uniform refusal and counts it, or not).
 */
async function holderUnlessThrottled(
  deps: AccessDeps,
  blocked: Promise<number>,
  meetingId: string,
  controlNumber: string,
): Promise<Holder | undefined> {
  const [wait, holder] = await Promise.all([blocked, deps.findHolder(meetingId, controlNumber)]);
  if (wait > 0) throw new ThrottledError(wait);
  return holder;
}

/** The holder, or the uniform NOT_ACCEPTED counted against the client (holders/access.ts, holderByControlNumber). */
async function identified(deps: AccessDeps, holder: Holder | undefined, client: string, now: string): Promise<Holder> {
  if (holder) return holder;
  await deps.attempts.fail(client, now);
  throw new NotAcceptedError();
}

/** How many times an append is tried again when another submission of the same account took its place. */
const APPEND_TRIES = 5;

/** What an account's history keeps of a refused body's ballot (the raw JSON, capped: it is what was sent, not checked). */
const SUBMITTED_MAX = 4000;

/**
 * Appends a submission to the account's history at the next free place, unless the account's latest
 * submission has the same `bodyKey` (a repeat: that one is returned, `created: false`). The id (the
 * receipt) is a digest of the body, the previous submission and `secret` (the holder's keyed control-number
 * hash, never shown): without the secret, a receipt id cannot be matched against the few ballots there are.
 */
async function appendSubmission(
  deps: VotingDeps,
  fields: Omit<VoteRecord, 'id' | 'seq'>,
  secret: string,
): Promise<{ record: VoteRecord; created: boolean }> {
  for (let i = 0; i < APPEND_TRIES; i++) {
    const latest = (await deps.votes.list(fields.meetingId, fields.accountId)).at(-1);
    if (latest?.bodyKey === fields.bodyKey) return { record: latest, created: false };
    const record: VoteRecord = {
      // Hex: the id is a receipt a holder may read out or copy; deterministic, so a retry is the same submission.
      id: sha256Hex(`${fields.bodyKey}\u0000${latest?.id ?? ''}\u0000${secret}`, 32),
      seq: (latest?.seq ?? 0) + 1,
      ...fields,
    };
    if (await deps.votes.append(record)) return { record, created: true };
  }
  throw new ConflictError('the vote could not be recorded: other votes for this account arrived at once; try again');
}

/** The ballot as checked, or, when the ballot itself is refused, none (the refusal says why). */
function checkedOrNone(meeting: Meeting, ballot: Record<string, unknown>): MarkedBallot {
  try {
    return checkBallot(meeting, ballot, 'internet');
  } catch (err) {
    if (err instanceof InvalidInputError) return {};
    throw err;
  }
}

/**
 * Records a refused vote of an identified holder (valid: false, the refusal's message as reason) and
 * rethrows the refusal: the history is the audit trail (the issue). A repeat of the latest refused
 * body is not appended again.
 */
async function refuse(
  deps: VotingDeps,
  input: { meeting: Meeting; holder: Holder; ballot: Record<string, unknown>; source: string; now: string },
  refusal: DomainError,
): Promise<never> {
  const { meeting, holder } = input;
  const submitted = canonical(input.ballot);
  await appendSubmission(
    deps,
    {
      kind: 'internet',
      meetingId: meeting.id,
      accountId: holder.accountId,
      receivedAt: input.now,
      valid: false,
      reason: refusal.message,
      ballot: checkedOrNone(meeting, input.ballot),
      submitted: submitted.slice(0, SUBMITTED_MAX),
      shares: holder.shares,
      bodyKey: sha256Hex(['refused', meeting.id, holder.accountId, 'internet', submitted].join('\u0000'), 32),
      source: input.source,
    },
    holder.controlHash,
  );
  throw refusal;
}

/**
 * An online vote: the client not throttled, the body's form, the internet cut-off at `now`, the holder by
 * control number, the ballot against the meeting's proposals; then appended to the account's history with
 * the account's record-date shares. The same body again, while it is the account's latest submission, is
 * the same submission and answers the same receipt (`created: false`); a changed vote, or the same vote
 * after a different one, is a new submission. A refusal of an identified holder (late, a refused ballot)
 * is appended as an invalid submission before it is answered. A newly recorded vote is receipted by
 * email when the account has an email on file (`emailed`).
 */
export async function castVote(
  deps: VotingDeps,
  input: { meeting: Meeting; body: unknown; client: string },
): Promise<{ receipt: VoteReceipt; created: boolean; emailed: 'sent' | 'failed' | 'no' }> {
  const { meeting, client } = input;
  const now = deps.now();
  const blocked = deps.attempts.blockedFor(client, now);
  const body = await parse(VoteBodySchema, input.body, blocked);
  const source = `api:${sha256Hex(`proxydesk-client\u0000${client}`, 16)}`;
  const found = await holderUnlessThrottled(deps, blocked, meeting.id, body.controlNumber);
  const late = lateRefusal(meeting, now);
  if (late) {
    // The same refusal as for anyone after the cut-off; a number that finds no holder is not counted against
    // the client here (the answer does not depend on it) and nothing is recorded.
    if (found) await refuse(deps, { meeting, holder: found, ballot: body.ballot, source, now }, late);
    throw late;
  }
  const holder = await identified(deps, found, client, now);
  let ballot: MarkedBallot;
  try {
    ballot = checkBallot(meeting, body.ballot, 'internet');
  } catch (err) {
    if (err instanceof InvalidInputError)
      return refuse(deps, { meeting, holder, ballot: body.ballot, source, now }, err);
    throw err;
  }
  const bodyKey = sha256Hex(['vote', meeting.id, holder.accountId, 'internet', canonical(ballot)].join('\u0000'), 32);
  const { record, created } = await appendSubmission(
    deps,
    {
      kind: 'internet',
      meetingId: meeting.id,
      accountId: holder.accountId,
      receivedAt: now,
      valid: true,
      ballot,
      shares: holder.shares,
      bodyKey,
      source,
    },
    holder.controlHash,
  );
  const receipt = receiptOf(record);
  const to = created ? emailOnFile(holder) : undefined;
  if (!to) return { receipt, created, emailed: 'no' };
  try {
    await deps.mailer.send(voteReceiptEmail(meeting, receipt, to));
    return { receipt, created, emailed: 'sent' };
  } catch {
    // The vote is recorded whatever the mail does; the handler counts the failure.
    return { receipt, created, emailed: 'failed' };
  }
}

/** The internet cut-off's refusal at `now`, or undefined when in time. */
function lateRefusal(meeting: Meeting, now: string): DomainError | undefined {
  try {
    checkCutoff(meeting, 'internet', Temporal.Instant.from(now));
    return undefined;
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
}

/** Vote confirmation: the account's submission that counts now (the latest-dated valid proxy), or that none does. */
export async function confirmVote(
  deps: VotingDeps,
  input: { meeting: Meeting; body: unknown; client: string },
): Promise<VoteConfirmation> {
  const { meeting, client } = input;
  const now = deps.now();
  const blocked = deps.attempts.blockedFor(client, now);
  const body = await parse(ConfirmBodySchema, input.body, blocked);
  const holder = await identified(
    deps,
    await holderUnlessThrottled(deps, blocked, meeting.id, body.controlNumber),
    client,
    now,
  );
  const history = await deps.votes.list(meeting.id, holder.accountId);
  const { counting, reason } = countingProxy(history, meeting.issuer.timeZone);
  const record = counting && history.find((r) => r.id === counting.id);
  if (!record || record.kind === 'revocation' || record.kind === 'attendance') return { status: 'none', reason };
  return { status: 'counts', vote: { ...receiptOf(record), channel: record.kind, shares: record.shares }, reason };
}
