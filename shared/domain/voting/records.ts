import { sha256Hex } from '../digest.js';
import { Temporal, formatLocal, parseDate, parseInstant, parseLocalTime } from '../calendar/dates.js';
import { ConflictError, InvalidInputError, NotAcceptedError, NotFoundError } from '../errors.js';
import type { Holder, Totals } from '../holders/model.js';
import type { MeetingFile as Meeting } from '../meetings/schema.js';
import { checkBallot, type MarkedBallot } from './ballot.js';
import { canonical, type VoteHistory, type VoteRecord, type VotingKind } from './cast.js';
import { cutoffLabel, pollsClose } from './cutoffs.js';
import { countingProxy, datedDay } from './history.js';

/**
 * The operators' views and records of the vote (docs/voting.md): `votes status` (figures only),
 * `votes show` (one account's whole history, for the inspector), and the records an operator
 * enters: a written revocation, a ballot cast at the meeting, attendance. Pure over ports.
 */

/** Port: every account's history of a meeting (the status figures, the bench's read-back). */
export interface MeetingVotes {
  /** Account → its submissions in the order appended; accounts with no submission are absent. */
  listMeeting(meetingId: string): Promise<Map<string, VoteRecord[]>>;
}

export type VoteLedger = VoteHistory & MeetingVotes;

export interface VoteRecordsDeps {
  readonly votes: VoteLedger;
  readonly holders: {
    getHolder(meetingId: string, accountId: string): Promise<Holder | undefined>;
    totals(meetingId: string): Promise<Pick<Totals, 'registeredHolders' | 'registeredShares'>>;
  };
  readonly now: () => string;
}

export interface Figures {
  readonly accounts: number;
  readonly shares: number;
}

export interface VotesStatus {
  readonly meetingId: string;
  /** When the figures were read. */
  readonly asOf: string;
  readonly recordDate: string;
  /** The registered holders and their shares at the record date (the holder list). */
  readonly recordDateTotals: Figures;
  /** Accounts with a proxy (or a ballot at the meeting) that counts now, and the shares it votes. */
  readonly counting: Figures;
  readonly byChannel: Readonly<Record<VotingKind, Figures>>;
  /** By the issuer-local day the counting submission is dated (a card by its date), oldest first. */
  readonly byDay: readonly (Figures & { readonly day: string })[];
  /** Accounts with submissions but none counting: all refused, or revoked in writing. */
  readonly notCounting: { readonly revoked: number; readonly onlyRefused: number };
  readonly submissions: { readonly total: number; readonly refused: number };
}

const zero = (): { accounts: number; shares: number } => ({ accounts: 0, shares: 0 });

/** The status figures from every account's history (counts only: no account, no choice). */
export function statusFigures(
  meeting: Meeting,
  histories: ReadonlyMap<string, readonly VoteRecord[]>,
  totals: Pick<Totals, 'registeredHolders' | 'registeredShares'>,
  asOf: string,
): VotesStatus {
  const tz = meeting.issuer.timeZone;
  const counting = zero();
  const byChannel = { internet: zero(), phone: zero(), mail: zero(), meeting: zero() };
  const byDay = new Map<string, { accounts: number; shares: number }>();
  const notCounting = { revoked: 0, onlyRefused: 0 };
  const submissions = { total: 0, refused: 0 };
  for (const history of histories.values()) {
    submissions.total += history.length;
    submissions.refused += history.filter((s) => !s.valid).length;
    const { counting: s, latest } = countingProxy(history, tz);
    const record = s && history.find((r) => r.id === s.id);
    if (!record || record.kind === 'revocation' || record.kind === 'attendance') {
      if (latest?.kind === 'revocation') notCounting.revoked++;
      else if (history.some((r) => !r.valid)) notCounting.onlyRefused++;
      continue;
    }
    const day = datedDay(record, tz).toString();
    const perDay = byDay.get(day) ?? zero();
    byDay.set(day, perDay);
    for (const f of [counting, byChannel[record.kind], perDay]) {
      f.accounts++;
      f.shares += record.shares;
    }
  }
  return {
    meetingId: meeting.id,
    asOf,
    recordDate: meeting.meeting.recordDate,
    recordDateTotals: { accounts: totals.registeredHolders, shares: totals.registeredShares },
    counting,
    byChannel,
    byDay: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, f]) => ({ day, ...f })),
    notCounting,
    submissions,
  };
}

/** `votes status`: how many accounts and shares have a proxy that counts, by channel and by day. */
export async function votesStatus(deps: VoteRecordsDeps, meeting: Meeting): Promise<VotesStatus> {
  const asOf = deps.now();
  const [histories, totals] = await Promise.all([deps.votes.listMeeting(meeting.id), deps.holders.totals(meeting.id)]);
  return statusFigures(meeting, histories, totals, asOf);
}

export interface ShownSubmission {
  readonly id: string;
  readonly place: number;
  readonly kind: VoteRecord['kind'];
  readonly receivedAt: string;
  /** The same instant in the issuer's time zone ("2024-06-10 10:00 PDT"). */
  readonly receivedLocal: string;
  /** The day it is dated by (a card: the date written on it). */
  readonly datedDay: string;
  readonly date?: string;
  /** The source file, `api:<client digest>`, or `operator`. */
  readonly source: string;
  readonly ballot: MarkedBallot;
  /** A refused online vote: the ballot as sent. */
  readonly submitted?: string;
  readonly shares: number;
  readonly valid: boolean;
  readonly counts: boolean;
  /** Why it counts, or why not. */
  readonly why: string;
  readonly note?: string;
  readonly recordedAt?: string;
}

export interface AccountVotes {
  readonly meetingId: string;
  readonly accountId: string;
  readonly holder: { readonly name: string; readonly shares: number } | null;
  /** The submission that counts now (its id), or null, and why. */
  readonly counting: { readonly id: string | null; readonly reason: string };
  readonly submissions: readonly ShownSubmission[];
}

/** The valid submissions that can count or revoke, in the order countingProxy ranks them (day, instant received, place). */
function ranked(history: readonly VoteRecord[], tz: string): VoteRecord[] {
  return history
    .map((r, order) => ({ r, order, day: datedDay(r, tz), at: parseInstant(r.receivedAt)! }))
    .filter(({ r }) => r.valid && r.kind !== 'attendance')
    .sort(
      (a, b) => Temporal.PlainDate.compare(a.day, b.day) || Temporal.Instant.compare(a.at, b.at) || a.order - b.order,
    )
    .map(({ r }) => r);
}

/** Why one submission of a history counts or not: what came next in date order ended or superseded it. */
function whyOf(r: VoteRecord, order: readonly VoteRecord[], result: ReturnType<typeof countingProxy>, tz: string) {
  if (result.counting?.id === r.id) return result.reason;
  if (!r.valid) return `refused: ${r.reason ?? 'not a valid proxy'}`;
  if (r.kind === 'attendance') return 'attendance alone does not revoke a proxy';
  const next = order[order.findIndex((x) => x.id === r.id) + 1];
  if (!next) return result.reason;
  const day = datedDay(next, tz).toString();
  if (next.kind === 'revocation') return `ended by the written revocation dated ${day}`;
  if (next.kind === 'meeting') return 'ended by the ballot cast at the meeting';
  return `superseded by the later-dated ${next.kind} submission ${next.id.slice(0, 10)} (dated ${day})`;
}

/** An account's history as the inspector reads it: every submission, whether it counts and why. Never a control number. */
export function accountVotes(
  meeting: Meeting,
  accountId: string,
  holder: Holder | undefined,
  history: readonly VoteRecord[],
) {
  const tz = meeting.issuer.timeZone;
  const result = countingProxy(history, tz);
  const order = ranked(history, tz);
  const shown: AccountVotes = {
    meetingId: meeting.id,
    accountId,
    holder: holder ? { name: holder.name, shares: holder.shares } : null,
    counting: { id: result.counting?.id ?? null, reason: result.reason },
    // Field by field: nothing of the stored item reaches the answer unless named here.
    submissions: history.map((r) => ({
      id: r.id,
      place: r.seq,
      kind: r.kind,
      receivedAt: r.receivedAt,
      receivedLocal: formatLocal(parseInstant(r.receivedAt)!.toZonedDateTimeISO(tz)),
      datedDay: datedDay(r, tz).toString(),
      ...(r.date ? { date: r.date } : {}),
      source: r.source,
      ballot: r.ballot,
      ...(r.submitted ? { submitted: r.submitted } : {}),
      shares: r.shares,
      valid: r.valid,
      counts: result.counting?.id === r.id,
      why: whyOf(r, order, result, tz),
      ...(r.note ? { note: r.note } : {}),
      ...(r.recordedAt ? { recordedAt: r.recordedAt } : {}),
    })),
  };
  return shown;
}

/** `votes show`: one account's whole history. An account that is neither a holder nor has a history is not found. */
export async function showAccount(deps: VoteRecordsDeps, meeting: Meeting, accountId: string): Promise<AccountVotes> {
  const [holder, history] = await Promise.all([
    deps.holders.getHolder(meeting.id, accountId),
    deps.votes.list(meeting.id, accountId),
  ]);
  if (!holder && history.length === 0)
    throw new NotFoundError(`no registered holder ${accountId} in meeting ${meeting.id}`);
  return accountVotes(meeting, accountId, holder, history);
}

/** How many times an append is tried again when another submission of the same account took its place. */
const APPEND_TRIES = 5;

/**
 * Appends an operator's record once: when the account's history already holds a record with the same
 * `bodyKey` (the same revocation or ballot entered again), that one is returned (`created: false`).
 */
async function appendOnce(
  votes: VoteHistory,
  fields: Omit<VoteRecord, 'id' | 'seq'>,
): Promise<{ record: VoteRecord; created: boolean }> {
  for (let i = 0; i < APPEND_TRIES; i++) {
    const history = await votes.list(fields.meetingId, fields.accountId);
    const same = history.find((r) => r.bodyKey === fields.bodyKey);
    if (same) return { record: same, created: false };
    const latest = history.at(-1);
    const record: VoteRecord = {
      id: sha256Hex(`${fields.bodyKey}\u0000${latest?.id ?? ''}`, 32),
      seq: (latest?.seq ?? 0) + 1,
      ...fields,
    };
    if (await votes.append(record)) return { record, created: true };
  }
  throw new ConflictError('not recorded: other submissions for this account arrived at once; try again');
}

async function holderOf(deps: VoteRecordsDeps, meeting: Meeting, accountId: string): Promise<Holder> {
  const holder = await deps.holders.getHolder(meeting.id, accountId);
  if (!holder)
    throw new InvalidInputError([{ field: 'account', message: `no registered holder ${accountId} in ${meeting.id}` }]);
  return holder;
}

/**
 * An issuer-local `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, or an ISO instant with an offset, as an instant; a bare
 * date is the start of that day. Refused (naming `field`) when it is none of these or later than `now`.
 */
function whenGiven(text: string, field: string, tz: string, now: string): { at: Temporal.Instant; timed: boolean } {
  const bad = (message: string) => new InvalidInputError([{ field, message }]);
  let at = parseInstant(text);
  let timed = true;
  if (!at) {
    const date = parseDate(text.slice(0, 10));
    const time =
      text.length === 10 ? Temporal.PlainTime.from('00:00') : text[10] === 'T' && parseLocalTime(text.slice(11));
    if (!date || !time)
      throw bad(`"${text}" is not a date (YYYY-MM-DD) or an issuer-local date and time (YYYY-MM-DDTHH:MM)`);
    at = date.toZonedDateTime({ timeZone: tz, plainTime: time }).toInstant();
    timed = text.length > 10;
  }
  if (Temporal.Instant.compare(at, Temporal.Instant.from(now)) > 0)
    throw bad(`${formatLocal(at.toZonedDateTimeISO(tz))} is in the future`);
  return { at, timed };
}

/** Refuses a record after the polls closed (DGCL §231(c): no ballot, proxy or revocation is accepted after the polls close). */
function checkPollsOpen(meeting: Meeting, at: Temporal.Instant, what: string): void {
  const close = pollsClose(meeting);
  if (Temporal.Instant.compare(at, close.add({ minutes: 1 }).toInstant()) >= 0)
    throw new NotAcceptedError(
      `not accepted: the polls closed at ${cutoffLabel(close)}; ${what} ${formatLocal(at.toZonedDateTimeISO(close.timeZoneId))}`,
    );
}

export interface Recorded {
  readonly record: VoteRecord;
  /** False when the same record was already stored (entered again): nothing new was appended. */
  readonly created: boolean;
}

/**
 * A written revocation received by the company or its agent, recorded by an operator (`votes revoke`): it ends
 * every earlier-dated proxy of the account (docs/voting.md). Dated by the day received; a bare date is the start
 * of that day, which is ambiguous beside a proxy of the same day, so then the time received is required.
 */
export async function recordRevocation(
  deps: VoteRecordsDeps,
  input: { meeting: Meeting; accountId: string; received: string; note?: string },
): Promise<Recorded> {
  const { meeting, accountId } = input;
  const tz = meeting.issuer.timeZone;
  const now = deps.now();
  const { at, timed } = whenGiven(input.received, 'received', tz, now);
  checkPollsOpen(meeting, at, 'the revocation was received');
  const holder = await holderOf(deps, meeting, accountId);
  const day = at.toZonedDateTimeISO(tz).toPlainDate();
  const history = await deps.votes.list(meeting.id, accountId);
  const sameDay = history.filter((r) => r.valid && r.kind !== 'attendance' && datedDay(r, tz).equals(day));
  const note = input.note?.trim() || undefined;
  const bodyKey = sha256Hex(['revocation', meeting.id, accountId, at.toString(), note ?? ''].join('\u0000'), 32);
  if (!timed && sameDay.length > 0 && !history.some((r) => r.bodyKey === bodyKey))
    throw new InvalidInputError([
      {
        field: 'received',
        message:
          `the account has a submission dated ${day.toString()} too: give the time received ` +
          `(${day.toString()}THH:MM, issuer-local) so the two can be ordered`,
      },
    ]);
  return appendOnce(deps.votes, {
    kind: 'revocation',
    meetingId: meeting.id,
    accountId,
    receivedAt: at.toString(),
    valid: true,
    ballot: {},
    shares: holder.shares,
    bodyKey,
    source: 'operator',
    ...(note ? { note } : {}),
    recordedAt: now,
  });
}

/**
 * A ballot the holder cast at the meeting, recorded by an operator (`votes meeting-ballot`): checked as an online
 * ballot is (the choices each proposal offers, no more FOR votes than seats), cast on the meeting's day while the
 * polls are open; it ends every earlier proxy and is what counts. A refused ballot is not stored (the operator
 * corrects and enters it again).
 */
export async function recordMeetingBallot(
  deps: VoteRecordsDeps,
  input: { meeting: Meeting; accountId: string; ballot: unknown; castAt?: string; source?: string },
): Promise<Recorded> {
  const { meeting, accountId } = input;
  const tz = meeting.issuer.timeZone;
  const now = deps.now();
  const { at } = whenGiven(input.castAt ?? now, 'castAt', tz, now);
  const local = at.toZonedDateTimeISO(tz);
  if (local.toPlainDate().toString() !== meeting.meeting.date)
    throw new NotAcceptedError(
      `not accepted: a ballot at the meeting is cast on the meeting's day (${meeting.meeting.date}); cast ${formatLocal(local)}`,
    );
  checkPollsOpen(meeting, at, 'the ballot was cast');
  if (typeof input.ballot !== 'object' || input.ballot === null || Array.isArray(input.ballot))
    throw new InvalidInputError([
      { field: 'ballot', message: 'must be an object of proposal numbers, e.g. {"2": "FOR"}' },
    ]);
  const ballot = checkBallot(meeting, input.ballot as Record<string, unknown>, 'internet');
  const holder = await holderOf(deps, meeting, accountId);
  const bodyKey = sha256Hex(['meeting', meeting.id, accountId, at.toString(), canonical(ballot)].join('\u0000'), 32);
  return appendOnce(deps.votes, {
    kind: 'meeting',
    meetingId: meeting.id,
    accountId,
    receivedAt: at.toString(),
    valid: true,
    ballot,
    shares: holder.shares,
    bodyKey,
    source: input.source ? `operator:${input.source}` : 'operator',
    recordedAt: now,
  });
}

/** The holder attended the meeting (recorded once per account): attending alone does not revoke a proxy (the seed). */
export async function recordAttendance(
  deps: VoteRecordsDeps,
  input: { meeting: Meeting; accountId: string; at?: string },
): Promise<Recorded> {
  const { meeting, accountId } = input;
  const now = deps.now();
  const { at } = whenGiven(input.at ?? now, 'at', meeting.issuer.timeZone, now);
  const holder = await holderOf(deps, meeting, accountId);
  return appendOnce(deps.votes, {
    kind: 'attendance',
    meetingId: meeting.id,
    accountId,
    receivedAt: at.toString(),
    valid: true,
    ballot: {},
    shares: holder.shares,
    bodyKey: sha256Hex(['attendance', meeting.id, accountId].join('\u0000'), 32),
    source: 'operator',
    recordedAt: now,
  });
}
