import { anniversary, compareDates, isLeapDay, optionalDate } from '../calendar/dates.js';
import { nonBusinessDayReason, previousBusinessDay } from '../calendar/business-days.js';
import * as text from './basis.js';
import {
  CITATIONS,
  type AdvanceNoticeWindow,
  type NominationWindow,
  type Rule14a19Deadline,
  type Rule14a8Deadline,
  type Warning,
} from './report.js';
import {
  RULE_14A19_MOVED_DAYS,
  RULE_14A8_MOVED_DAYS,
  bylawTiming,
  movedMeetingWindow,
  nominationCounts,
  rule14a8Timing,
  type MeetingFacts,
} from './rules.js';
import type { DeadlineParams } from './schema.js';

/** The SEC rules' shared threshold: within it, both keep their anniversary dates. */
const SEC_MOVED_DAYS = Math.min(RULE_14A8_MOVED_DAYS, RULE_14A19_MOVED_DAYS);

// docs/rules.md (instants in the issuer's zone) and the anniversary rules: a defaulted zone, no next meeting, 29 February.
export function inputWarnings(p: DeadlineParams, f: MeetingFacts, timeZoneDefaulted: boolean): Warning[] {
  const warnings: Warning[] = [];
  if (timeZoneDefaulted)
    warnings.push({ code: 'TIME_ZONE_DEFAULTED', message: text.timeZoneDefaultedMessage(p.timeZone) });
  if (f.prior && !f.nextMeeting) {
    // The anniversary dates hold while the meeting stays within both the bylaw and the SEC thresholds.
    const before = Math.min(p.bylaws.movedBeforeDays, SEC_MOVED_DAYS);
    const after = Math.min(p.bylaws.movedAfterDays, SEC_MOVED_DAYS);
    warnings.push({
      code: 'NEXT_MEETING_UNKNOWN',
      message: text.nextMeetingUnknownMessage(before, after, f.prior.meetingAnniversary),
    });
  }
  for (const [label, d] of [
    ['prior meeting', optionalDate(p.priorMeeting)],
    ['prior release', optionalDate(p.priorRelease)],
  ] as const) {
    if (d && isLeapDay(d))
      warnings.push({ code: 'LEAP_DAY_ANNIVERSARY', message: text.leapDayMessage(label, anniversary(d)) });
  }
  return warnings;
}

// Rule 14a-8(e)(2), Rule 14a-5(f): with no anniversary date, proposals are due a reasonable time before printing.
export function rule14a8Warnings(f: MeetingFacts): Warning[] {
  const t = rule14a8Timing(f);
  if (t.kind === 'anniversary') return [];
  return [
    {
      code: t.kind === 'moved-meeting' ? 'MEETING_MOVED' : 'NO_PRIOR_MEETING',
      message: text.rule14a8NoDateMessage(text.rule14a8DepartureReason(t, RULE_14A8_MOVED_DAYS)),
      citation: CITATIONS.rule14a8,
    },
  ];
}

// Bylaws (moved meeting): the window counts from the meeting date and closes on a date that needs the announcement.
export function advanceNoticeWarnings(p: DeadlineParams, f: MeetingFacts): Warning[] {
  if (bylawTiming(f, p.bylaws).kind === 'anniversary') return [];
  if (!f.nextMeeting) {
    return [
      {
        code: 'NEXT_MEETING_UNKNOWN',
        message: text.ADVANCE_NOTICE_NEXT_MEETING_UNKNOWN,
        citation: CITATIONS.advanceNotice,
      },
    ];
  }
  if (f.announced) return [];
  const { closesFloor } = movedMeetingWindow(f, p.bylaws);
  const warnings: Warning[] = [
    {
      code: 'ANNOUNCEMENT_UNKNOWN',
      message: text.announcementUnknownMessage(closesFloor, p.bylaws.announceDays),
      citation: CITATIONS.advanceNotice,
    },
  ];
  // Bylaws (nominations): a separate nomination window closes on its own floor, or 10 days after the announcement.
  const counts = nominationCounts(p.bylaws);
  if (counts.closesDays !== p.bylaws.closesDays) {
    const nominationFloor = movedMeetingWindow(f, counts).closesFloor;
    warnings.push({
      code: 'ANNOUNCEMENT_UNKNOWN',
      message: text.announcementUnknownMessage(nominationFloor, p.bylaws.announceDays, 'nomination'),
      citation: CITATIONS.nominations,
    });
  }
  return warnings;
}

// SEC Staff Legal Bulletin 14 (docs/rules.md "Counting"): a deadline on a weekend or holiday is not moved; warn instead.
export function nonBusinessDayWarnings(
  rule14a8: Rule14a8Deadline,
  advanceNotice: AdvanceNoticeWindow,
  rule14a19: Rule14a19Deadline,
  nominations?: NominationWindow,
): Warning[] {
  const dated: [string, string | null][] = [
    ['The Rule 14a-8 deadline', rule14a8.deadline],
    ['The advance-notice window opening', advanceNotice.opens],
    ['The advance-notice window closing', advanceNotice.closes],
  ];
  if (nominations?.separate) {
    dated.push(
      ['The nomination window opening', nominations.opens],
      ['The nomination window closing', nominations.closes],
    );
  }
  // Tied to the bylaws, the Rule 14a-19 date is the nomination closing date, already named above.
  if (rule14a19.setBy !== 'bylaw') dated.push(['The Rule 14a-19 deadline', rule14a19.deadline]);
  const warnings: Warning[] = [];
  for (const [label, deadline] of dated) {
    const d = optionalDate(deadline);
    const reason = d && nonBusinessDayReason(d);
    if (d && reason) {
      warnings.push({
        code: 'NON_BUSINESS_DAY',
        message: text.nonBusinessDayMessage(label, d, reason, previousBusinessDay(d)),
        citation: CITATIONS.slb14,
      });
    }
  }
  return warnings;
}

// Rule 14a-19(b)(1) with the bylaws: a nomination must meet both deadlines, so the earlier one governs.
export function earlierRuleWarnings(
  bylawWindow: AdvanceNoticeWindow | NominationWindow,
  rule14a19: Rule14a19Deadline,
): Warning[] {
  const bylawCloses = optionalDate(bylawWindow.closes);
  // Tied to the bylaws, the deadline is the bylaw date; Rule 14a-19's own date still binds if it is earlier.
  const universalProxy = optionalDate(rule14a19.setBy === 'bylaw' ? rule14a19.ruleDeadline : rule14a19.deadline);
  if (!bylawCloses || !universalProxy || compareDates(bylawCloses, universalProxy) === 0) return [];
  const bylawFirst = compareDates(bylawCloses, universalProxy) < 0;
  if (bylawFirst && rule14a19.setBy === 'bylaw') return [];
  const window = 'separate' in bylawWindow && bylawWindow.separate ? 'nomination' : 'advance-notice';
  return [
    {
      code: 'EARLIER_RULE_GOVERNS',
      message: text.earlierRuleMessage(bylawCloses, universalProxy, bylawFirst, window),
      citation: bylawFirst ? bylawWindow.citation : CITATIONS.rule14a19,
    },
  ];
}
