import {
  anniversary,
  daysAfter,
  daysBefore,
  daysBetween,
  laterOf,
  isoOrNull,
  optionalDate,
  type PlainDate,
} from '../calendar/dates.js';
import {
  federalHoliday,
  nextBusinessDay,
  nonBusinessDayReason,
  previousBusinessDay,
} from '../calendar/business-days.js';
import * as text from './basis.js';
import type { Departure } from './basis.js';
import {
  CITATIONS,
  type AdvanceNoticeWindow,
  type NominationWindow,
  type Roll,
  type Rule14a19Deadline,
  type Rule14a8Deadline,
} from './report.js';
import type { BylawParams, DeadlineParams, RollPolicy } from './schema.js';

export const RULE_14A8_DAYS = 120; // Rule 14a-8(e)(2): not less than 120 calendar days before the release anniversary
export const RULE_14A8_MOVED_DAYS = 30; // Rule 14a-8(e)(2): "changed by more than 30 days"
export const RULE_14A19_DAYS = 60; // Rule 14a-19(b)(1): no later than 60 calendar days before the anniversary
export const RULE_14A19_MOVED_DAYS = 30; // Rule 14a-19(b)(1): "more than 30 calendar days"
export const RULE_14A19_ANNOUNCE_DAYS = 10; // Rule 14a-19(b)(1): 10th calendar day after first public announcement

/** Last year's meeting and proxy release with their anniversaries (the schema requires both dates together). */
export interface PriorYear {
  readonly meeting: PlainDate;
  readonly release: PlainDate;
  readonly meetingAnniversary: PlainDate;
  readonly releaseAnniversary: PlainDate;
}

/** The dates every rule counts from, worked out once from the validated input. */
export interface MeetingFacts {
  /** Absent if there was no annual meeting last year. */
  readonly prior?: PriorYear;
  readonly nextMeeting?: PlainDate;
  /** The day the next meeting's date was first publicly announced. */
  readonly announced?: PlainDate;
  /** Calendar days from the prior meeting's anniversary to the next meeting (negative = earlier), when both are known. */
  readonly shift?: number;
}

/** Which date a rule counts from this year: the anniversary, or (its departure) the meeting itself. */
export type Timing = { readonly kind: 'anniversary'; readonly prior: PriorYear } | Departure;

export function meetingFacts(p: DeadlineParams): MeetingFacts {
  const meeting = optionalDate(p.priorMeeting);
  const release = optionalDate(p.priorRelease);
  const prior =
    meeting && release
      ? { meeting, release, meetingAnniversary: anniversary(meeting), releaseAnniversary: anniversary(release) }
      : undefined;
  const nextMeeting = optionalDate(p.nextMeeting);
  const shift = prior && nextMeeting ? daysBetween(prior.meetingAnniversary, nextMeeting) : undefined;
  return { prior, nextMeeting, announced: optionalDate(p.announced), shift };
}

function timing(f: MeetingFacts, movedBy: (days: number) => boolean): Timing {
  if (!f.prior) return { kind: 'no-prior-meeting' };
  if (f.nextMeeting && f.shift !== undefined && movedBy(f.shift)) {
    return {
      kind: 'moved-meeting',
      nextMeeting: f.nextMeeting,
      anniversary: f.prior.meetingAnniversary,
      days: f.shift,
    };
  }
  return { kind: 'anniversary', prior: f.prior };
}

// Rule 14a-8(e)(2): the anniversary date lapses with no meeting last year or a date "changed by more than 30 days".
export function rule14a8Timing(f: MeetingFacts): Timing {
  return timing(f, (days) => Math.abs(days) > RULE_14A8_MOVED_DAYS);
}

// Rule 14a-19(b)(1): the anniversary date lapses with no meeting last year or a date moved "more than 30 calendar days".
export function rule14a19Timing(f: MeetingFacts): Timing {
  return timing(f, (days) => Math.abs(days) > RULE_14A19_MOVED_DAYS);
}

// Bylaws (docs/rules.md, advance notice): moved if more than movedBeforeDays before or movedAfterDays after the anniversary.
export function bylawTiming(f: MeetingFacts, b: BylawParams): Timing {
  return timing(f, (days) => days < -b.movedBeforeDays || days > b.movedAfterDays);
}

// Rule 14a-8(e)(2): received not less than 120 calendar days before the release anniversary, else a reasonable time.
export function rule14a8Deadline(f: MeetingFacts): Rule14a8Deadline {
  const t = rule14a8Timing(f);
  if (t.kind === 'anniversary') {
    const { release, releaseAnniversary } = t.prior;
    return {
      deadline: daysBefore(releaseAnniversary, RULE_14A8_DAYS).toString(),
      receivedBy: 'end of day',
      citation: CITATIONS.rule14a8,
      basis: text.rule14a8AnniversaryBasis(RULE_14A8_DAYS, releaseAnniversary, release),
    };
  }
  return {
    deadline: null,
    receivedBy: 'end of day',
    citation: CITATIONS.rule14a8,
    basis: text.rule14a8ReasonableTimeBasis(text.rule14a8DepartureReason(t, RULE_14A8_MOVED_DAYS)),
  };
}

/** The bylaws' window for a moved meeting; `closesFloor` is the 90th day before it, `closes` needs the announcement. */
export interface MovedMeetingDates {
  readonly opens?: PlainDate;
  readonly closesFloor?: PlainDate;
  readonly closes?: PlainDate;
}

// Bylaws (moved meeting): 120th day before it, to the later of the 90th day before and the 10th day after announcement.
export function movedMeetingWindow(f: MeetingFacts, b: BylawParams): MovedMeetingDates {
  if (!f.nextMeeting) return {};
  const closesFloor = daysBefore(f.nextMeeting, b.closesDays);
  return {
    opens: daysBefore(f.nextMeeting, b.opensDays),
    closesFloor,
    closes: f.announced ? laterOf(closesFloor, daysAfter(f.announced, b.announceDays)) : undefined,
  };
}

/** A date as printed: the counted date, or the business day it was rolled to (with the record of the roll). */
export interface Rolled {
  readonly date: string | null;
  readonly roll: Roll | null;
}

// Issuer convention (docs/rules.md "Counting"): printed as it falls unless the issuer rolls a weekend or holiday date.
export function rollDeadline(date: PlainDate | undefined, policy: RollPolicy | undefined, label: string): Rolled {
  const reason = date && nonBusinessDayReason(date);
  if (!date || !reason || !policy || policy === 'none') return { date: isoOrNull(date), roll: null };
  // Rule 14d-1(g)(3) business days (5 U.S.C. §6103 holidays), the calendar the platform counts in.
  const to = policy === 'next-business-day' ? nextBusinessDay(date) : previousBusinessDay(date);
  const step = policy === 'next-business-day' ? 1 : -1;
  const skipped: text.SkippedHoliday[] = [];
  for (let d = date.add({ days: step }); !d.equals(to); d = d.add({ days: step })) {
    const name = federalHoliday(d);
    if (name) skipped.push({ date: d, name });
  }
  return {
    date: to.toString(),
    roll: {
      from: date.toString(),
      to: to.toString(),
      policy,
      reason,
      citation: CITATIONS.issuerRoll,
      note: text.rollNote(label, date, reason, policy, to, skipped),
    },
  };
}

// Bylaws (docs/rules.md): close of business on the 120th to the 90th day before the anniversary; else the moved window.
export function advanceNoticeWindow(
  f: MeetingFacts,
  b: BylawParams,
  label = 'The advance-notice window closing',
): AdvanceNoticeWindow {
  const moved = movedMeetingWindow(f, b);
  const movedMeeting = {
    opens: isoOrNull(moved.opens),
    closes: isoOrNull(moved.closes),
    rule: text.movedMeetingRule(b),
  };
  const t = bylawTiming(f, b);
  if (t.kind === 'anniversary') {
    const anchor = b.anchor === 'prior-release' ? t.prior.releaseAnniversary : t.prior.meetingAnniversary;
    const closes = rollDeadline(daysBefore(anchor, b.closesDays), b.bylawWeekend, label);
    return {
      opens: daysBefore(anchor, b.opensDays).toString(),
      closes: closes.date,
      atTime: 'close of business',
      governing: 'anniversary',
      citation: CITATIONS.advanceNotice,
      basis: text.advanceNoticeAnniversaryBasis(b, anchor),
      movedMeeting,
      closesRolled: closes.roll,
    };
  }
  const closes = rollDeadline(moved.closes, b.bylawWeekend, label);
  return {
    opens: isoOrNull(moved.opens),
    closes: closes.date,
    atTime: 'close of business',
    governing: t.kind,
    citation: CITATIONS.advanceNotice,
    basis: text.advanceNoticeMovedBasis(t, b),
    movedMeeting,
    closesRolled: closes.roll,
  };
}

/** The day counts of the nomination window: the bylaws' own for nominations, each defaulting to the business window's. */
export function nominationCounts(b: BylawParams): BylawParams {
  return { ...b, opensDays: b.nominationOpensDays ?? b.opensDays, closesDays: b.nominationClosesDays ?? b.closesDays };
}

// Bylaws (nominations): the bylaws' own day counts for nominations, with the same moved-meeting rule; else the one window.
export function nominationWindow(
  f: MeetingFacts,
  b: BylawParams,
  advanceNotice: AdvanceNoticeWindow = advanceNoticeWindow(f, b),
): NominationWindow {
  const counts = nominationCounts(b);
  if (counts.opensDays === b.opensDays && counts.closesDays === b.closesDays)
    return { ...advanceNotice, separate: false };
  const window = advanceNoticeWindow(f, counts, 'The nomination window closing');
  return { ...window, citation: CITATIONS.nominations, separate: true };
}

// Rule 14a-19(b)(1): 60 days before the meeting anniversary; if moved, the later of 60 before / 10 after announcement.
export function rule14a19Deadline(f: MeetingFacts, weekend?: RollPolicy): Rule14a19Deadline {
  const solicitationCondition = { text: text.SOLICITATION_CONDITION, citation: CITATIONS.rule14a19Solicit };
  const label = 'The Rule 14a-19 deadline';
  const t = rule14a19Timing(f);
  if (t.kind === 'anniversary') {
    const { meetingAnniversary } = t.prior;
    const due = rollDeadline(daysBefore(meetingAnniversary, RULE_14A19_DAYS), weekend, label);
    return {
      deadline: due.date,
      receivedBy: 'end of day',
      governing: 'anniversary',
      citation: CITATIONS.rule14a19,
      basis: text.rule14a19AnniversaryBasis(RULE_14A19_DAYS, meetingAnniversary),
      solicitationCondition,
      setBy: 'rule',
      ruleDeadline: due.date,
      rolled: due.roll,
    };
  }
  const floor = f.nextMeeting ? daysBefore(f.nextMeeting, RULE_14A19_DAYS) : undefined;
  const afterAnnouncement = f.announced ? daysAfter(f.announced, RULE_14A19_ANNOUNCE_DAYS) : undefined;
  const due = rollDeadline(floor && afterAnnouncement ? laterOf(floor, afterAnnouncement) : undefined, weekend, label);
  return {
    deadline: due.date,
    receivedBy: 'end of day',
    governing: t.kind,
    citation: CITATIONS.rule14a19,
    basis: text.rule14a19MovedBasis({
      departure: t,
      threshold: RULE_14A19_MOVED_DAYS,
      daysBefore: RULE_14A19_DAYS,
      daysAfterAnnouncement: RULE_14A19_ANNOUNCE_DAYS,
      floor,
      afterAnnouncement,
    }),
    solicitationCondition,
    setBy: 'rule',
    ruleDeadline: due.date,
    rolled: due.roll,
  };
}

// Rule 14a-19(b)(1) with an issuer convention: the notice is due by the bylaw nomination deadline (earlier, so it binds).
export function rule14a19ByBylaw(rule: Rule14a19Deadline, nominations: NominationWindow): Rule14a19Deadline {
  return {
    deadline: nominations.closes,
    receivedBy: 'close of business',
    governing: nominations.governing,
    citation: `${CITATIONS.rule14a19} and ${nominations.citation}`,
    basis: text.rule14a19BylawBasis(nominations.closes, rule.ruleDeadline),
    solicitationCondition: rule.solicitationCondition,
    setBy: 'bylaw',
    ruleDeadline: rule.ruleDeadline,
    rolled: nominations.closesRolled,
  };
}
