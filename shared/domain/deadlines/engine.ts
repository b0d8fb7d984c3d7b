import {
  anniversary,
  atLocalTime,
  daysAfter,
  daysBefore,
  daysBetween,
  endOfLocalDay,
  formatLocal,
  isLeapDay,
  laterOf,
  parseDate,
  parseLocalTime,
  Temporal,
  weekdayName,
  type PlainDate,
} from '../calendar/dates.js';
import { nonBusinessDayReason, previousBusinessDay } from '../calendar/business-days.js';
import { InvalidInputError, fieldIssues } from '../errors.js';
import { DeadlineInputSchema, type DeadlineInput, type DeadlineParams, type SubmissionRoute } from './schema.js';

export const CITATIONS = {
  rule14a8: 'Rule 14a-8(e)(2)',
  rule14a5f: 'Rule 14a-5(f)',
  advanceNotice: 'Bylaws (advance notice of stockholder business and nominations)',
  rule14a19: 'Rule 14a-19(b)(1)',
  rule14a19Solicit: 'Rule 14a-19(a)(3)',
  slb14: 'SEC Staff Legal Bulletin 14',
} as const;

export interface Warning {
  readonly code:
    | 'NON_BUSINESS_DAY'
    | 'EARLIER_RULE_GOVERNS'
    | 'MEETING_MOVED'
    | 'NO_PRIOR_MEETING'
    | 'NEXT_MEETING_UNKNOWN'
    | 'ANNOUNCEMENT_UNKNOWN'
    | 'LEAP_DAY_ANNIVERSARY'
    | 'TIME_ZONE_DEFAULTED';
  readonly message: string;
  readonly citation?: string;
}

export type Governing = 'anniversary' | 'moved-meeting' | 'no-prior-meeting';

export interface DeadlineReport {
  readonly inputs: {
    readonly priorMeeting: string | null;
    readonly priorRelease: string | null;
    readonly nextMeeting: string | null;
    readonly announced: string | null;
    readonly timeZone: string;
    readonly closeOfBusiness: string;
    readonly bylaws: DeadlineParams['bylaws'];
  };
  readonly anniversaries: { readonly priorMeeting: string | null; readonly priorRelease: string | null };
  /** Calendar days from the prior meeting's anniversary to the next meeting (negative = earlier). */
  readonly daysFromAnniversary: number | null;
  readonly rule14a8: {
    readonly deadline: string | null;
    readonly receivedBy: 'end of day';
    readonly citation: string;
    readonly basis: string;
  };
  readonly advanceNotice: {
    readonly opens: string | null;
    readonly closes: string | null;
    readonly atTime: 'close of business';
    readonly governing: Governing;
    readonly citation: string;
    readonly basis: string;
    /** The alternative the bylaws give for a meeting moved beyond the thresholds (or no meeting last year). */
    readonly movedMeeting: { readonly opens: string | null; readonly closes: string | null; readonly rule: string };
  };
  readonly rule14a19: {
    readonly deadline: string | null;
    readonly receivedBy: 'end of day';
    readonly governing: Governing;
    readonly citation: string;
    readonly basis: string;
    readonly solicitationCondition: { readonly text: string; readonly citation: string };
  };
  readonly warnings: readonly Warning[];
}

const REASONABLE_TIME = 'a reasonable time before the company begins to print and send its proxy materials';

const RULE_14A19_MOVED_DAYS = 30; // Rule 14a-19(b)(1): "more than 30 calendar days"
const RULE_14A8_MOVED_DAYS = 30; // Rule 14a-8(e)(2): "changed by more than 30 days"
const RULE_14A8_DAYS = 120; // Rule 14a-8(e)(2): not less than 120 calendar days before the release anniversary
const RULE_14A19_DAYS = 60; // Rule 14a-19(b)(1): no later than 60 calendar days before the anniversary
const RULE_14A19_ANNOUNCE_DAYS = 10; // Rule 14a-19(b)(1): 10th calendar day after first public announcement

/** Validates raw input (CLI options, query string, meeting file) into engine parameters. */
export function parseDeadlineInput(raw: DeadlineInput): DeadlineParams {
  const parsed = DeadlineInputSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error.issues));
  return parsed.data;
}

function date(text: string | null | undefined): PlainDate | undefined {
  return text ? parseDate(text) : undefined;
}

const s = (d: PlainDate | undefined): string | null => (d ? d.toString() : null);

/**
 * Stockholder-proposal and nomination deadlines for the next annual meeting.
 *
 * Steps: anniversaries of the prior meeting and release → whether the next meeting moved beyond
 * each rule's threshold → Rule 14a-8, bylaw advance notice, Rule 14a-19 → warnings. Pure: no clock.
 * @throws InvalidInputError naming each bad field.
 */
export function computeDeadlines(raw: DeadlineInput): DeadlineReport {
  const p = parseDeadlineInput(raw);
  const prior = date(p.priorMeeting);
  const release = date(p.priorRelease);
  const next = date(p.nextMeeting);
  const announced = date(p.announced);
  const b = p.bylaws;
  const warnings: Warning[] = [];

  const priorAnniv = prior ? anniversary(prior) : undefined;
  const releaseAnniv = release ? anniversary(release) : undefined;
  const shift = priorAnniv && next ? daysBetween(priorAnniv, next) : undefined;

  if (raw.timeZone === undefined) {
    warnings.push({
      code: 'TIME_ZONE_DEFAULTED',
      message: `No time zone given: close of business and receipt times are read in ${p.timeZone}. Pass the issuer's time zone (principal executive offices).`,
    });
  }
  if (prior && !next) {
    warnings.push({
      code: 'NEXT_MEETING_UNKNOWN',
      message: `The next meeting's date was not given: these dates assume it is held within ${Math.min(b.movedBeforeDays, 30)} days before or ${Math.min(b.movedAfterDays, 30)} days after ${priorAnniv}, the anniversary of the prior meeting. If it moves further, the moved-meeting rules apply.`,
    });
  }
  for (const [label, d] of [
    ['prior meeting', prior],
    ['prior release', release],
  ] as const) {
    if (d && isLeapDay(d)) {
      warnings.push({
        code: 'LEAP_DAY_ANNIVERSARY',
        message: `The ${label} fell on 29 February; its anniversary is taken as ${anniversary(d)} (28 February). Check the bylaws' reading if a deadline hangs on it.`,
      });
    }
  }

  // ---- Rule 14a-8(e)(2)
  const moved14a8 = !prior || (shift !== undefined && Math.abs(shift) > RULE_14A8_MOVED_DAYS);
  let rule14a8: DeadlineReport['rule14a8'];
  if (!moved14a8 && releaseAnniv) {
    const deadline = daysBefore(releaseAnniv, RULE_14A8_DAYS); // Rule 14a-8(e)(2): 120 calendar days before the release anniversary
    rule14a8 = {
      deadline: deadline.toString(),
      receivedBy: 'end of day',
      citation: CITATIONS.rule14a8,
      basis: `received at the principal executive offices not less than ${RULE_14A8_DAYS} calendar days before ${releaseAnniv}, the anniversary of the release of the prior proxy statement (${p.priorRelease})`,
    };
  } else {
    const why = !prior
      ? 'there was no annual meeting last year'
      : `the next meeting (${p.nextMeeting}) is ${Math.abs(shift ?? 0)} days ${(shift ?? 0) < 0 ? 'before' : 'after'} the anniversary of the prior meeting (${priorAnniv}), more than ${RULE_14A8_MOVED_DAYS}`;
    rule14a8 = {
      deadline: null,
      receivedBy: 'end of day',
      citation: CITATIONS.rule14a8,
      basis: `No computed date: ${why}, so the deadline is ${REASONABLE_TIME}. The company must disclose the new deadline (${CITATIONS.rule14a5f}), usually in a Form 10-Q.`,
    };
    warnings.push({
      code: prior ? 'MEETING_MOVED' : 'NO_PRIOR_MEETING',
      message: `Rule 14a-8 has no fixed date this year because ${why}: proposals are due ${REASONABLE_TIME}; disclose the deadline under ${CITATIONS.rule14a5f}.`,
      citation: CITATIONS.rule14a8,
    });
  }

  // ---- Bylaw advance notice
  const movedRule = `not earlier than close of business on the ${ordinal(b.opensDays)} day before the meeting, and not later than close of business on the later of the ${ordinal(b.closesDays)} day before the meeting and the ${ordinal(b.announceDays)} day after the day the meeting date is first publicly announced`;
  const movedOpens = next ? daysBefore(next, b.opensDays) : undefined; // Bylaws: 120th day before a moved meeting
  const movedClosesFloor = next ? daysBefore(next, b.closesDays) : undefined; // Bylaws: 90th day before a moved meeting
  const movedCloses =
    movedClosesFloor && announced ? laterOf(movedClosesFloor, daysAfter(announced, b.announceDays)) : undefined; // Bylaws: or 10th day after announcement
  const movedForBylaws = shift !== undefined && (shift < -b.movedBeforeDays || shift > b.movedAfterDays);
  let advanceNotice: DeadlineReport['advanceNotice'];
  const movedMeeting = { opens: s(movedOpens), closes: s(movedCloses), rule: movedRule };
  if (prior && !movedForBylaws) {
    const anchorAnniv = b.anchor === 'prior-release' ? releaseAnniv : priorAnniv;
    const anchorLabel =
      b.anchor === 'prior-release'
        ? 'the anniversary of the prior proxy mailing'
        : 'the anniversary of the prior annual meeting';
    const opens = anchorAnniv ? daysBefore(anchorAnniv, b.opensDays) : undefined; // Bylaws: 120th day before the anniversary
    const closes = anchorAnniv ? daysBefore(anchorAnniv, b.closesDays) : undefined; // Bylaws: 90th day before the anniversary
    advanceNotice = {
      opens: s(opens),
      closes: s(closes),
      atTime: 'close of business',
      governing: 'anniversary',
      citation: CITATIONS.advanceNotice,
      basis: `not earlier than close of business on the ${ordinal(b.opensDays)} day and not later than close of business on the ${ordinal(b.closesDays)} day before ${anchorAnniv ?? '(unknown)'}, ${anchorLabel}`,
      movedMeeting,
    };
  } else {
    const why = prior
      ? `the next meeting (${p.nextMeeting}) is more than ${(shift ?? 0) < 0 ? b.movedBeforeDays : b.movedAfterDays} days ${(shift ?? 0) < 0 ? 'before' : 'after'} the anniversary (${priorAnniv})`
      : 'there was no annual meeting last year';
    advanceNotice = {
      opens: s(movedOpens),
      closes: s(movedCloses),
      atTime: 'close of business',
      governing: prior ? 'moved-meeting' : 'no-prior-meeting',
      citation: CITATIONS.advanceNotice,
      basis: `${why}: ${movedRule}`,
      movedMeeting,
    };
    if (!next) {
      warnings.push({
        code: 'NEXT_MEETING_UNKNOWN',
        message: 'The advance-notice window counts from the next meeting date, which was not given.',
        citation: CITATIONS.advanceNotice,
      });
    } else if (!announced) {
      warnings.push({
        code: 'ANNOUNCEMENT_UNKNOWN',
        message: `The advance-notice window closes on the later of ${movedClosesFloor} and the ${ordinal(b.announceDays)} day after the meeting date is first publicly announced; give the announcement date to compute it.`,
        citation: CITATIONS.advanceNotice,
      });
    }
  }

  // ---- Rule 14a-19(b)(1)
  const moved14a19 = !prior || (shift !== undefined && Math.abs(shift) > RULE_14A19_MOVED_DAYS);
  let rule14a19: DeadlineReport['rule14a19'];
  const solicitationCondition = {
    text: 'The dissident must solicit the holders of shares representing at least 67% of the voting power of shares entitled to vote on the election of directors, and say so in its notice.',
    citation: CITATIONS.rule14a19Solicit,
  };
  if (!moved14a19 && priorAnniv) {
    const deadline = daysBefore(priorAnniv, RULE_14A19_DAYS); // Rule 14a-19(b)(1): 60 calendar days before the meeting anniversary
    rule14a19 = {
      deadline: deadline.toString(),
      receivedBy: 'end of day',
      governing: 'anniversary',
      citation: CITATIONS.rule14a19,
      basis: `no later than ${RULE_14A19_DAYS} calendar days before ${priorAnniv}, the anniversary of the prior annual meeting`,
      solicitationCondition,
    };
  } else {
    const floor = next ? daysBefore(next, RULE_14A19_DAYS) : undefined; // Rule 14a-19(b)(1): 60 days before a moved meeting
    const deadline = floor && announced ? laterOf(floor, daysAfter(announced, RULE_14A19_ANNOUNCE_DAYS)) : undefined; // Rule 14a-19(b)(1): or 10th day after announcement
    rule14a19 = {
      deadline: s(deadline),
      receivedBy: 'end of day',
      governing: prior ? 'moved-meeting' : 'no-prior-meeting',
      citation: CITATIONS.rule14a19,
      basis: `${prior ? `the meeting moved by more than ${RULE_14A19_MOVED_DAYS} days` : 'no annual meeting last year'}: the later of ${RULE_14A19_DAYS} calendar days before the meeting${floor ? ` (${floor})` : ''} and the ${ordinal(RULE_14A19_ANNOUNCE_DAYS)} calendar day after the meeting date is first publicly announced${announced ? ` (${daysAfter(announced, RULE_14A19_ANNOUNCE_DAYS)})` : ' (announcement date not given)'}`,
      solicitationCondition,
    };
  }

  // ---- Deadlines on non-business days are not moved (RULES.md "Counting"; SLB 14, marked check)
  const dated: [string, string | null][] = [
    ['The Rule 14a-8 deadline', rule14a8.deadline],
    ['The advance-notice window opening', advanceNotice.opens],
    ['The advance-notice window closing', advanceNotice.closes],
    ['The Rule 14a-19 deadline', rule14a19.deadline],
  ];
  for (const [label, text] of dated) {
    const d = date(text);
    const why = d && nonBusinessDayReason(d);
    if (d && why) {
      warnings.push({
        code: 'NON_BUSINESS_DAY',
        message: `${label}, ${d}, is ${why}${why.startsWith('a federal') ? ` (${weekdayName(d)})` : ''}. Stockholder submission deadlines are not moved to the next business day; delivery by ${weekdayName(previousBusinessDay(d))} ${previousBusinessDay(d)} is safe.`,
        citation: CITATIONS.slb14,
      });
    }
  }

  // ---- Nominations face both the bylaws and Rule 14a-19: the earlier date governs.
  const anCloses = date(advanceNotice.closes);
  const upDeadline = date(rule14a19.deadline);
  if (anCloses && upDeadline && Temporal.PlainDate.compare(anCloses, upDeadline) !== 0) {
    const bylawFirst = Temporal.PlainDate.compare(anCloses, upDeadline) < 0;
    warnings.push({
      code: 'EARLIER_RULE_GOVERNS',
      message: `Director nominations must meet both the bylaw advance-notice deadline (${anCloses}) and Rule 14a-19 (${upDeadline}); the earlier, ${bylawFirst ? `${anCloses} under the bylaws` : `${upDeadline} under Rule 14a-19`}, governs.`,
      citation: bylawFirst ? CITATIONS.advanceNotice : CITATIONS.rule14a19,
    });
  }

  return {
    inputs: {
      priorMeeting: p.priorMeeting,
      priorRelease: p.priorRelease ?? null,
      nextMeeting: p.nextMeeting ?? null,
      announced: p.announced ?? null,
      timeZone: p.timeZone,
      closeOfBusiness: p.closeOfBusiness,
      bylaws: b,
    },
    anniversaries: { priorMeeting: s(priorAnniv), priorRelease: s(releaseAnniv) },
    daysFromAnniversary: shift ?? null,
    rule14a8,
    advanceNotice,
    rule14a19,
    warnings,
  };
}

export interface TimelinessResult {
  readonly route: SubmissionRoute;
  /** null when the rule gives no date to test against (a "reasonable time" or a missing announcement). */
  readonly timely: boolean | null;
  readonly reason: string;
  readonly citation: string;
  /** The receipt instant in the issuer's time zone (ISO with offset and zone). */
  readonly receivedLocal: string;
}

/**
 * Was a submission received at `received` timely for a route? Read in the issuer's time zone;
 * Rule 14a-8 and 14a-19 dates run to the end of the local day, bylaw windows open and close at
 * the issuer's close of business.
 */
export function checkSubmission(
  report: DeadlineReport,
  route: SubmissionRoute,
  received: Temporal.Instant,
): TimelinessResult {
  const tz = report.inputs.timeZone;
  const local = received.toZonedDateTimeISO(tz);
  const at = formatLocal(local);
  const base = { route, receivedLocal: local.toString({ smallestUnit: 'second' }) };
  const byDay = (deadline: string | null, citation: string, basis: string): TimelinessResult => {
    const d = date(deadline);
    if (!d) return { ...base, timely: null, citation, reason: `No date to check against: ${basis}` };
    const limit = endOfLocalDay(d, tz);
    const timely = Temporal.ZonedDateTime.compare(local, limit) <= 0;
    return {
      ...base,
      timely,
      citation,
      reason: timely
        ? `Received ${at}, on or before the deadline ${d} (${citation}).`
        : `Received ${at}, after the deadline ${d} (${citation}).`,
    };
  };
  switch (route) {
    case '14a-8':
      return byDay(report.rule14a8.deadline, report.rule14a8.citation, report.rule14a8.basis);
    case '14a-19': {
      const result = byDay(report.rule14a19.deadline, report.rule14a19.citation, report.rule14a19.basis);
      const bylaw = date(report.advanceNotice.closes);
      const up = date(report.rule14a19.deadline);
      if (result.timely && bylaw && up && Temporal.PlainDate.compare(bylaw, up) < 0) {
        return {
          ...result,
          reason: `${result.reason} The bylaw advance-notice deadline (${bylaw}, close of business) is earlier and also binds nominations.`,
        };
      }
      return result;
    }
    case 'advance-notice': {
      const an = report.advanceNotice;
      const opens = date(an.opens);
      const closes = date(an.closes);
      const cob = parseLocalTime(report.inputs.closeOfBusiness)!;
      if (!closes)
        return { ...base, timely: null, citation: an.citation, reason: `No date to check against: ${an.basis}` };
      const closesAt = atLocalTime(closes, cob, tz);
      const opensAt = opens ? atLocalTime(opens, cob, tz) : undefined;
      if (opensAt && Temporal.ZonedDateTime.compare(local, opensAt) < 0) {
        return {
          ...base,
          timely: false,
          citation: an.citation,
          reason: `Received ${at}, before the window opens at close of business (${report.inputs.closeOfBusiness}) on ${opens}: too early.`,
        };
      }
      if (Temporal.ZonedDateTime.compare(local, closesAt) > 0) {
        return {
          ...base,
          timely: false,
          citation: an.citation,
          reason: `Received ${at}, after the window closed at close of business (${report.inputs.closeOfBusiness}) on ${closes}: too late.`,
        };
      }
      return {
        ...base,
        timely: true,
        citation: an.citation,
        reason: `Received ${at}, within the window from close of business on ${opens} to close of business on ${closes}.`,
      };
    }
  }
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
