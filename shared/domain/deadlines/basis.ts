import { weekdayName, type PlainDate } from '../calendar/dates.js';
import { CITATIONS } from './report.js';
import type { BylawParams, RollPolicy } from './schema.js';

/**
 * The explanations printed beside each deadline and in each warning, as named text builders.
 * No rule logic here: the callers in rules.ts and warnings.ts decide which text applies and pass
 * in the dates and day counts; these only word them.
 */

/** Why an anniversary rule does not apply: no annual meeting last year, or the next one moved by `days`. */
export type Departure =
  | { readonly kind: 'no-prior-meeting' }
  | {
      readonly kind: 'moved-meeting';
      readonly nextMeeting: PlainDate;
      readonly anniversary: PlainDate;
      readonly days: number;
    };

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

const NO_MEETING_LAST_YEAR = 'there was no annual meeting last year';
const REASONABLE_TIME = 'a reasonable time before the company begins to print and send its proxy materials';
const beforeOrAfter = (days: number) => (days < 0 ? 'before' : 'after');

// ---- Rule 14a-8(e)(2)

export function rule14a8AnniversaryBasis(days: number, releaseAnniversary: PlainDate, priorRelease: PlainDate): string {
  return (
    `received at the principal executive offices not less than ${days} calendar days before ${releaseAnniversary}, ` +
    `the anniversary of the release of the prior proxy statement (${priorRelease})`
  );
}

/** Why Rule 14a-8 gives no date; `threshold` is the rule's "more than N days". */
export function rule14a8DepartureReason(departure: Departure, threshold: number): string {
  if (departure.kind === 'no-prior-meeting') return NO_MEETING_LAST_YEAR;
  const { nextMeeting, anniversary, days } = departure;
  return (
    `the next meeting (${nextMeeting}) is ${Math.abs(days)} days ${beforeOrAfter(days)} ` +
    `the anniversary of the prior meeting (${anniversary}), more than ${threshold}`
  );
}

export function rule14a8ReasonableTimeBasis(why: string): string {
  return (
    `No computed date: ${why}, so the deadline is ${REASONABLE_TIME}. ` +
    `The company must disclose the new deadline (${CITATIONS.rule14a5f}), usually in a Form 10-Q.`
  );
}

export function rule14a8NoDateMessage(why: string): string {
  return (
    `Rule 14a-8 has no fixed date this year because ${why}: proposals are due ${REASONABLE_TIME}; ` +
    `disclose the deadline under ${CITATIONS.rule14a5f}.`
  );
}

// ---- Bylaw advance notice

/** The bylaws' rule for a moved meeting (or none last year), in their words. */
export function movedMeetingRule(b: BylawParams): string {
  return (
    `not earlier than close of business on the ${ordinal(b.opensDays)} day before the meeting, ` +
    `and not later than close of business on the later of the ${ordinal(b.closesDays)} day before the meeting ` +
    `and the ${ordinal(b.announceDays)} day after the day the meeting date is first publicly announced`
  );
}

export function advanceNoticeAnniversaryBasis(b: BylawParams, anchor: PlainDate): string {
  const anchorLabel =
    b.anchor === 'prior-release'
      ? 'the anniversary of the prior proxy mailing'
      : 'the anniversary of the prior annual meeting';
  return (
    `not earlier than close of business on the ${ordinal(b.opensDays)} day and not later than close of business ` +
    `on the ${ordinal(b.closesDays)} day before ${anchor}, ${anchorLabel}`
  );
}

export function advanceNoticeMovedBasis(departure: Departure, b: BylawParams): string {
  if (departure.kind === 'no-prior-meeting') return `${NO_MEETING_LAST_YEAR}: ${movedMeetingRule(b)}`;
  const { nextMeeting, anniversary, days } = departure;
  const threshold = days < 0 ? b.movedBeforeDays : b.movedAfterDays;
  return (
    `the next meeting (${nextMeeting}) is more than ${threshold} days ${beforeOrAfter(days)} ` +
    `the anniversary (${anniversary}): ${movedMeetingRule(b)}`
  );
}

export const ADVANCE_NOTICE_NEXT_MEETING_UNKNOWN =
  'The advance-notice window counts from the next meeting date, which was not given.';

export function announcementUnknownMessage(
  closesFloor: PlainDate | undefined,
  announceDays: number,
  window: 'advance-notice' | 'nomination' = 'advance-notice',
): string {
  return (
    `The ${window} window closes on the later of ${closesFloor} and the ${ordinal(announceDays)} day ` +
    'after the meeting date is first publicly announced; give the announcement date to compute it.'
  );
}

// ---- Rule 14a-19

export const SOLICITATION_CONDITION =
  'The dissident must solicit the holders of shares representing at least 67% of the voting power of shares ' +
  'entitled to vote on the election of directors, and say so in its notice.';

export function rule14a19AnniversaryBasis(days: number, priorAnniversary: PlainDate): string {
  return `no later than ${days} calendar days before ${priorAnniversary}, the anniversary of the prior annual meeting`;
}

export interface Rule14a19MovedText {
  readonly departure: Departure;
  /** The rule's "more than N days". */
  readonly threshold: number;
  readonly daysBefore: number;
  readonly daysAfterAnnouncement: number;
  /** The date `daysBefore` days before the meeting, if the meeting date is known. */
  readonly floor: PlainDate | undefined;
  /** The date `daysAfterAnnouncement` days after the announcement, if it was given. */
  readonly afterAnnouncement: PlainDate | undefined;
}

export function rule14a19MovedBasis(t: Rule14a19MovedText): string {
  const why =
    t.departure.kind === 'moved-meeting'
      ? `the meeting moved by more than ${t.threshold} days`
      : 'no annual meeting last year';
  const floor = t.floor ? ` (${t.floor})` : '';
  const afterAnnouncement = t.afterAnnouncement ? ` (${t.afterAnnouncement})` : ' (announcement date not given)';
  return (
    `${why}: the later of ${t.daysBefore} calendar days before the meeting${floor} ` +
    `and the ${ordinal(t.daysAfterAnnouncement)} calendar day after the meeting date is first publicly announced` +
    afterAnnouncement
  );
}

/** With rule14a19Basis "bylaw": the notice is due by the bylaw nomination deadline; the rule's own date is named too. */
export function rule14a19BylawBasis(bylawCloses: string | null, ruleDeadline: string | null): string {
  const bylaw = bylawCloses ? ` (${bylawCloses}, close of business)` : ' (not computable: see the nomination window)';
  const rule = ruleDeadline ? `; Rule 14a-19(b)(1) alone would give ${ruleDeadline}` : '';
  return `by the issuer's bylaws, the bylaw nomination deadline${bylaw}, not the rule's 60-day date${rule}`;
}

// ---- Weekend and holiday rolls (issuer convention)

/** A federal holiday a roll passes over on its way to a business day. */
export interface SkippedHoliday {
  readonly date: PlainDate;
  readonly name: string;
}

/** `label` names the date ("The Rule 14a-19 deadline"); `reason` is a nonBusinessDayReason. */
export function rollNote(
  label: string,
  from: PlainDate,
  reason: string,
  policy: Exclude<RollPolicy, 'none'>,
  to: PlainDate,
  skipped: readonly SkippedHoliday[] = [],
): string {
  const direction = policy === 'next-business-day' ? 'forward to the next' : 'back to the previous';
  const holiday = reason.startsWith('a federal') ? `, ${reason}` : '';
  const over = skipped.length
    ? ` (passing over ${skipped.map((h) => `${h.name}, ${weekdayName(h.date)} ${h.date}`).join('; ')})`
    : '';
  return (
    `${label} counts to ${weekdayName(from)} ${from}${holiday}; the issuer rolls it ${direction} business day, ` +
    `${weekdayName(to)} ${to}${over}.`
  );
}

// ---- Warnings

export function timeZoneDefaultedMessage(timeZone: string): string {
  return (
    `No time zone given: close of business and receipt times are read in ${timeZone}. ` +
    "Pass the issuer's time zone (principal executive offices)."
  );
}

export function nextMeetingUnknownMessage(beforeDays: number, afterDays: number, priorAnniversary: PlainDate): string {
  return (
    `The next meeting's date was not given: these dates assume it is held within ${beforeDays} days before ` +
    `or ${afterDays} days after ${priorAnniversary}, the anniversary of the prior meeting. ` +
    'If it moves further, the moved-meeting rules apply.'
  );
}

export function leapDayMessage(label: string, anniversary: PlainDate): string {
  return (
    `The ${label} fell on 29 February; its anniversary is taken as ${anniversary} (28 February). ` +
    "Check the bylaws' reading if a deadline hangs on it."
  );
}

/** `reason` is a nonBusinessDayReason ("a Saturday", "a federal holiday (…)"); `safe` the business day before. */
export function nonBusinessDayMessage(label: string, day: PlainDate, reason: string, safe: PlainDate): string {
  const weekday = reason.startsWith('a federal') ? ` (${weekdayName(day)})` : '';
  return (
    `${label}, ${day}, is ${reason}${weekday}. Stockholder submission deadlines are not moved to the next business day; ` +
    `delivery by ${weekdayName(safe)} ${safe} is safe.`
  );
}

/** `window` names the bylaw deadline: "advance-notice" (one window for all) or "nomination" (a separate one). */
export function earlierRuleMessage(
  bylawCloses: PlainDate,
  rule14a19: PlainDate,
  bylawFirst: boolean,
  window: 'advance-notice' | 'nomination' = 'advance-notice',
): string {
  const earlier = bylawFirst ? `${bylawCloses} under the bylaws` : `${rule14a19} under Rule 14a-19`;
  return (
    `Director nominations must meet both the bylaw ${window} deadline (${bylawCloses}) ` +
    `and Rule 14a-19 (${rule14a19}); the earlier, ${earlier}, governs.`
  );
}
