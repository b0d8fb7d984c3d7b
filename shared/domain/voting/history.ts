import { Temporal, parseDate, parseInstant, type PlainDate } from '../calendar/dates.js';

/**
 * Which proxy counts, from an account's append-only history of submissions (docs/voting.md). Pure.
 */

export type SubmissionKind = 'internet' | 'phone' | 'mail' | 'revocation' | 'meeting' | 'attendance';

export interface Submission {
  readonly id: string;
  /**
   * internet / phone: a proxy given online or by telephone; mail: a proxy card; revocation: a written
   * revocation recorded by an operator; meeting: a ballot cast at the meeting; attendance: the holder attended.
   */
  readonly kind: SubmissionKind;
  /** When it reached us: an ISO-8601 instant with an offset. */
  readonly receivedAt: string;
  /** The date written on a card or a written revocation (YYYY-MM-DD); absent when undated. */
  readonly date?: string;
  /** Whether it was a valid proxy (or revocation, or ballot) when recorded: signed, in time, well-formed. */
  readonly valid: boolean;
  readonly reason?: string;
}

export interface CountingProxy {
  /** The submission that counts now: a proxy, or a ballot cast at the meeting; null when none counts. */
  readonly counting: Submission | null;
  /** The latest-dated valid submission (a revocation when that is what ended the proxies). */
  readonly latest: Submission | null;
  readonly reason: string;
}

/** The day a submission is dated, in the issuer's time zone, and the instant it was received. */
function datedAs(s: Submission, timeZone: string): { day: PlainDate; received: Temporal.Instant } {
  const received = parseInstant(s.receivedAt);
  if (!received) throw new Error(`submission ${s.id}: receivedAt is not an instant: ${s.receivedAt}`);
  const receivedDay = received.toZonedDateTimeISO(timeZone).toPlainDate();
  const written = s.date && (s.kind === 'mail' || s.kind === 'revocation') ? parseDate(s.date) : undefined;
  // House rule (docs/rules.md asks for one): an undated paper is dated the day it arrived; a paper dated after it arrived, that day too.
  const day = written && Temporal.PlainDate.compare(written, receivedDay) < 0 ? written : receivedDay;
  return { day, received };
}

/** The day a submission is dated by, in the issuer's time zone (the ordering `countingProxy` uses). */
export const datedDay = (s: Submission, timeZone: string): PlainDate => datedAs(s, timeZone).day;

/**
 * The proxy that counts: the latest-dated valid one, whatever the channel (Rule 14a-4(a)(2): the card's date
 * decides; the seed: "the latest-dated proxy counts"). A card is dated by the date written on it, online and
 * telephone votes, revocations without a date and ballots at the meeting by the instant received.
 *
 * Tie rule (a card's date is a day, an online vote an instant): submissions are compared first by their day
 * in the issuer's time zone, then, on the same day, by the instant received (the later received counts), then
 * by their order in the history. So an online vote at 2024-06-10 15:00 PDT and a card dated 2024-06-10 that
 * arrives on 2024-06-12: the card counts; a card dated 2024-06-08 arriving on 2024-06-12 loses to the online
 * vote of 2024-06-10.
 *
 * A written revocation or a ballot cast at the meeting ends every earlier proxy (bylaws; the seed; docs/rules.md); when a
 * revocation is the latest, no proxy counts. Attending the meeting alone does not revoke (the seed). Invalid
 * submissions (unsigned, late, malformed) never count and never revoke.
 */
export function countingProxy(history: readonly Submission[], timeZone: string): CountingProxy {
  const ranked = history
    .map((s, order) => ({ s, order, ...datedAs(s, timeZone) }))
    .filter(({ s }) => s.valid && s.kind !== 'attendance')
    .sort(
      (a, b) =>
        Temporal.PlainDate.compare(a.day, b.day) ||
        Temporal.Instant.compare(a.received, b.received) ||
        a.order - b.order,
    );
  const latest = ranked.at(-1);
  if (!latest) return { counting: null, latest: null, reason: 'no valid proxy' };
  const { s, day } = latest;
  if (s.kind === 'revocation')
    return { counting: null, latest: s, reason: `revoked in writing (dated ${day.toString()}); no proxy counts` };
  if (s.kind === 'meeting')
    return { counting: s, latest: s, reason: 'a ballot cast at the meeting ends every earlier proxy' };
  return { counting: s, latest: s, reason: `the latest-dated valid proxy (${s.kind}, dated ${day.toString()})` };
}
