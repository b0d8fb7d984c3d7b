import {
  anniversary,
  atLocalTime,
  endOfLocalDay,
  formatLocal,
  isoOrNull,
  optionalDate,
  parseLocalTime,
  Temporal,
} from '../calendar/dates.js';
import { InvalidInputError, fieldIssues } from '../errors.js';
import type { DeadlineReport, Roll } from './report.js';
import {
  advanceNoticeWindow,
  meetingFacts,
  nominationWindow,
  rule14a19ByBylaw,
  rule14a19Deadline,
  rule14a8Deadline,
} from './rules.js';
import { DeadlineInputSchema, type DeadlineInput, type DeadlineParams, type SubmissionRoute } from './schema.js';
import {
  advanceNoticeWarnings,
  earlierRuleWarnings,
  inputWarnings,
  nonBusinessDayWarnings,
  rule14a8Warnings,
} from './warnings.js';

export { CITATIONS, type DeadlineReport, type Governing, type Roll, type Warning } from './report.js';

/** Validates raw input (CLI options, query string, meeting file) into engine parameters. */
export function parseDeadlineInput(raw: DeadlineInput): DeadlineParams {
  const parsed = DeadlineInputSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * Stockholder-proposal and nomination deadlines for the next annual meeting.
 *
 * Steps: the prior meeting's and release's anniversaries and how far the next meeting moved
 * (meetingFacts) → Rule 14a-8, bylaw advance notice, the bylaw nomination window, Rule 14a-19
 * (rules.ts), each closing date rolled off a weekend or holiday only if the issuer does so →
 * warnings (warnings.ts). Pure: no clock.
 * @throws InvalidInputError naming each bad field.
 */
export function computeDeadlines(raw: DeadlineInput): DeadlineReport {
  const p = parseDeadlineInput(raw);
  const f = meetingFacts(p);
  const rule14a8 = rule14a8Deadline(f);
  const advanceNotice = advanceNoticeWindow(f, p.bylaws);
  const nominations = nominationWindow(f, p.bylaws, advanceNotice);
  const byRule = rule14a19Deadline(f, p.bylaws.rule14a19Weekend);
  const rule14a19 = p.bylaws.rule14a19Basis === 'bylaw' ? rule14a19ByBylaw(byRule, nominations) : byRule;
  const release = optionalDate(p.priorRelease);
  return {
    inputs: {
      priorMeeting: p.priorMeeting,
      priorRelease: p.priorRelease ?? null,
      nextMeeting: p.nextMeeting ?? null,
      announced: p.announced ?? null,
      timeZone: p.timeZone,
      closeOfBusiness: p.closeOfBusiness,
      bylaws: p.bylaws,
    },
    anniversaries: {
      priorMeeting: isoOrNull(f.prior?.meetingAnniversary),
      // A release date may be given without a prior meeting; its anniversary is still reported.
      priorRelease: isoOrNull(release && anniversary(release)),
    },
    daysFromAnniversary: f.shift ?? null,
    rule14a8,
    advanceNotice,
    nominations,
    rule14a19,
    warnings: [
      ...inputWarnings(p, f, raw.timeZone === undefined),
      ...rule14a8Warnings(f),
      ...advanceNoticeWarnings(p, f),
      ...nonBusinessDayWarnings(rule14a8, advanceNotice, rule14a19, nominations),
      ...earlierRuleWarnings(nominations, rule14a19),
    ],
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
 * Rule 14a-8 and 14a-19 dates run to the end of the local day, bylaw windows (and a Rule 14a-19
 * date tied to the bylaws) open and close at the issuer's close of business. Dates are the
 * report's, as printed: rolled where the issuer rolls them.
 */
export function checkSubmission(
  report: DeadlineReport,
  route: SubmissionRoute,
  received: Temporal.Instant,
): TimelinessResult {
  const local = received.toZonedDateTimeISO(report.inputs.timeZone);
  const { result, rolled } = routeCheck(report, route, local);
  // The answer names a closing date the issuer rolled off a weekend or holiday, and the date it counted to.
  return rolled ? { ...result, reason: `${result.reason} ${rolled.note}` } : result;
}

function routeCheck(
  report: DeadlineReport,
  route: SubmissionRoute,
  local: Received,
): { result: TimelinessResult; rolled: Roll | null } {
  switch (route) {
    case '14a-8':
      return { result: byDayCheck(report, route, local, report.rule14a8), rolled: null };
    case '14a-19':
      return { result: rule14a19Check(report, local), rolled: report.rule14a19.rolled };
    case 'advance-notice':
      return {
        result: windowCheck(report, route, local, report.advanceNotice),
        rolled: report.advanceNotice.closesRolled,
      };
    case 'nomination':
      return { result: nominationCheck(report, local), rolled: report.nominations.closesRolled };
  }
}

type Received = Temporal.ZonedDateTime;
const receivedBase = (route: SubmissionRoute, local: Received) => ({
  route,
  receivedLocal: local.toString({ smallestUnit: 'second' }),
});

/** A day deadline (Rules 14a-8(e)(2) and 14a-19(b)(1)): timely through the end of that local day. */
function byDayCheck(
  report: DeadlineReport,
  route: SubmissionRoute,
  local: Received,
  rule: { readonly deadline: string | null; readonly citation: string; readonly basis: string },
): TimelinessResult {
  const base = receivedBase(route, local);
  const d = optionalDate(rule.deadline);
  if (!d) return { ...base, timely: null, citation: rule.citation, reason: `No date to check against: ${rule.basis}` };
  const timely = Temporal.ZonedDateTime.compare(local, endOfLocalDay(d, report.inputs.timeZone)) <= 0;
  const at = formatLocal(local);
  return {
    ...base,
    timely,
    citation: rule.citation,
    reason: timely
      ? `Received ${at}, on or before the deadline ${d} (${rule.citation}).`
      : `Received ${at}, after the deadline ${d} (${rule.citation}).`,
  };
}

/**
 * Rule 14a-19(b)(1) by its day, or (tied to the bylaws) by close of business on the bylaw nomination
 * date, where the rule's own date, if earlier, still binds. A timely answer notes an earlier bylaw deadline.
 */
function rule14a19Check(report: DeadlineReport, local: Received): TimelinessResult {
  const rule = report.rule14a19;
  if (rule.setBy === 'bylaw') {
    const result = closingCheck(report, '14a-19', local, rule);
    const own = optionalDate(rule.ruleDeadline);
    const bylaw = optionalDate(rule.deadline);
    if (result.timely && own && bylaw && Temporal.PlainDate.compare(own, bylaw) < 0) {
      return byDayCheck(report, '14a-19', local, { ...rule, deadline: rule.ruleDeadline });
    }
    return result;
  }
  const result = byDayCheck(report, '14a-19', local, rule);
  const bylaw = optionalDate(report.nominations.closes);
  const up = optionalDate(rule.deadline);
  if (result.timely && bylaw && up && Temporal.PlainDate.compare(bylaw, up) < 0) {
    const note = `The bylaw nomination deadline (${bylaw}, close of business) is earlier and also binds nominations.`;
    return { ...result, reason: `${result.reason} ${note}` };
  }
  return result;
}

/** A bylaw nomination: its window; a timely answer notes an earlier Rule 14a-19 date for a universal-proxy contest. */
function nominationCheck(report: DeadlineReport, local: Received): TimelinessResult {
  const result = windowCheck(report, 'nomination', local, report.nominations);
  const bylaw = optionalDate(report.nominations.closes);
  const up = optionalDate(report.rule14a19.deadline);
  if (result.timely && bylaw && up && Temporal.PlainDate.compare(up, bylaw) < 0) {
    const note = `A dissident soliciting under Rule 14a-19 must also give its notice by ${up} (${report.rule14a19.citation}).`;
    return { ...result, reason: `${result.reason} ${note}` };
  }
  return result;
}

/** A bylaw date: timely through close of business on it (a Rule 14a-19 date the issuer ties to the bylaws). */
function closingCheck(
  report: DeadlineReport,
  route: SubmissionRoute,
  local: Received,
  rule: { readonly deadline: string | null; readonly citation: string; readonly basis: string },
): TimelinessResult {
  const base = receivedBase(route, local);
  const closes = optionalDate(rule.deadline);
  if (!closes)
    return { ...base, timely: null, citation: rule.citation, reason: `No date to check against: ${rule.basis}` };
  const cob = parseLocalTime(report.inputs.closeOfBusiness)!;
  const timely = Temporal.ZonedDateTime.compare(local, atLocalTime(closes, cob, report.inputs.timeZone)) <= 0;
  const at = formatLocal(local);
  const when = `close of business (${report.inputs.closeOfBusiness}) on ${closes}`;
  return {
    ...base,
    timely,
    citation: rule.citation,
    reason: timely
      ? `Received ${at}, by the deadline at ${when} (${rule.citation}).`
      : `Received ${at}, after the deadline at ${when} (${rule.citation}): too late.`,
  };
}

/** A bylaw window (advance notice, nominations): from close of business on its opening day to close of business on its last. */
function windowCheck(
  report: DeadlineReport,
  route: 'advance-notice' | 'nomination',
  local: Received,
  an: DeadlineReport['advanceNotice'],
): TimelinessResult {
  const base = receivedBase(route, local);
  const tz = report.inputs.timeZone;
  const opens = optionalDate(an.opens);
  const closes = optionalDate(an.closes);
  const cob = parseLocalTime(report.inputs.closeOfBusiness)!;
  if (!closes) return { ...base, timely: null, citation: an.citation, reason: `No date to check against: ${an.basis}` };
  const at = formatLocal(local);
  const refused = (reason: string): TimelinessResult => ({ ...base, timely: false, citation: an.citation, reason });
  if (opens && Temporal.ZonedDateTime.compare(local, atLocalTime(opens, cob, tz)) < 0)
    return refused(
      `Received ${at}, before the window opens at close of business (${report.inputs.closeOfBusiness}) ` +
        `on ${opens}: too early.`,
    );
  if (Temporal.ZonedDateTime.compare(local, atLocalTime(closes, cob, tz)) > 0)
    return refused(
      `Received ${at}, after the window closed at close of business (${report.inputs.closeOfBusiness}) ` +
        `on ${closes}: too late.`,
    );
  return {
    ...base,
    timely: true,
    citation: an.citation,
    reason: `Received ${at}, within the window from close of business on ${opens} to close of business on ${closes}.`,
  };
}
