import { z } from 'zod';
import { isTimeZone, parseDate, parseInstant, parseLocalTime } from '../calendar/dates.js';

/** A YYYY-MM-DD calendar date, kept as text at the edge and turned into a PlainDate inside. */
export const IsoDate = z
  .string()
  .trim()
  .refine((s) => parseDate(s) !== undefined, { message: 'must be a real date as YYYY-MM-DD' });

export const TimeZone = z
  .string()
  .trim()
  .refine(isTimeZone, { message: 'must be an IANA time zone such as America/Los_Angeles' });

export const LocalTime = z
  .string()
  .trim()
  .refine((s) => parseLocalTime(s) !== undefined, { message: 'must be a 24-hour local time HH:MM' });

const days = (label: string) =>
  z.coerce.number().int(`${label} must be a whole number of days`).min(0, `${label} must not be negative`);

/** How a deadline that falls on a weekend or federal holiday is printed: as it falls (default), or rolled. */
export const ROLL_POLICIES = ['none', 'next-business-day', 'previous-business-day'] as const;
export type RollPolicy = (typeof ROLL_POLICIES)[number];
const rollPolicy = z.enum(ROLL_POLICIES, { message: 'must be one of none, next-business-day, previous-business-day' });

/** What the Rule 14a-19 deadline is: the rule's own date (default), or the bylaw nomination closing date. */
export const RULE_14A19_BASES = ['rule', 'bylaw'] as const;
export type Rule14a19Basis = (typeof RULE_14A19_BASES)[number];

/**
 * The issuer's bylaw advance-notice parameters. Real bylaws differ; every difference is a value
 * here, not a fork in code. Defaults are the typical Delaware form (docs/rules.md). The issuer
 * conventions (a separate nomination window, weekend rolls, Rule 14a-19 tied to the bylaws) have
 * no default value: absent, the engine applies none of them, and the report's inputs stay as given.
 */
export const BylawParamsSchema = z
  .object({
    /** What the window counts back from: the anniversary of the previous meeting (typical) or of the proxy mailing. */
    anchor: z.enum(['prior-meeting', 'prior-release']).default('prior-meeting'),
    opensDays: days('opensDays').default(120),
    closesDays: days('closesDays').default(90),
    /** The meeting counts as moved if it is more than this many days before the anniversary… */
    movedBeforeDays: days('movedBeforeDays').default(30),
    /** …or more than this many days after it (some bylaws: 60 or 70). */
    movedAfterDays: days('movedAfterDays').default(30),
    /** Days after the first public announcement of a moved meeting's date. */
    announceDays: days('announceDays').default(10),
    /** Director nominations' own window; either count absent takes the business window's (opensDays, closesDays). */
    nominationOpensDays: days('nominationOpensDays').optional(),
    nominationClosesDays: days('nominationClosesDays').optional(),
    /** A bylaw closing date (business or nominations) on a weekend or holiday: as it falls (absent = none), or rolled. */
    bylawWeekend: rollPolicy.optional(),
    /** The Rule 14a-19 date on a weekend or holiday: as it falls (absent = none), or rolled. */
    rule14a19Weekend: rollPolicy.optional(),
    /** rule (absent): Rule 14a-19(b)(1)'s own date; bylaw: the bylaw nomination closing date. */
    rule14a19Basis: z.enum(RULE_14A19_BASES, { message: 'must be rule or bylaw' }).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.opensDays <= b.closesDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['opensDays'],
        message: 'opensDays must be greater than closesDays (the window opens before it closes)',
      });
    }
    const nominationOpens = b.nominationOpensDays ?? b.opensDays;
    const nominationCloses = b.nominationClosesDays ?? b.closesDays;
    const nominationsGiven = b.nominationOpensDays !== undefined || b.nominationClosesDays !== undefined;
    if (nominationsGiven && nominationOpens <= nominationCloses) {
      ctx.addIssue({
        code: 'custom',
        path: [b.nominationOpensDays !== undefined ? 'nominationOpensDays' : 'nominationClosesDays'],
        message:
          `the nomination window must open before it closes: ${nominationOpens} days (opening) ` +
          `must be greater than ${nominationCloses} days (closing)`,
      });
    }
    if (b.rule14a19Basis === 'bylaw' && b.rule14a19Weekend !== undefined && b.rule14a19Weekend !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['rule14a19Weekend'],
        message:
          'has no effect when the Rule 14a-19 basis is bylaw: the deadline is then the bylaw closing date, ' +
          'rolled (or not) by the bylaw weekend policy',
      });
    }
  });

export type BylawParams = z.infer<typeof BylawParamsSchema>;

export const DEFAULT_TIME_ZONE = 'America/New_York';
export const DEFAULT_CLOSE_OF_BUSINESS = '17:00';

/** What the deadline engine needs to know about a company and its next meeting. */
export const DeadlineInputSchema = z
  .object({
    /** The previous annual meeting's date, or null if there was none last year. */
    priorMeeting: IsoDate.nullable(),
    /** The date the previous proxy statement was released to holders. */
    priorRelease: IsoDate.nullable().optional(),
    nextMeeting: IsoDate.optional(),
    /** The date the next meeting's date was first publicly announced. */
    announced: IsoDate.optional(),
    timeZone: TimeZone.default(DEFAULT_TIME_ZONE),
    closeOfBusiness: LocalTime.default(DEFAULT_CLOSE_OF_BUSINESS),
    bylaws: BylawParamsSchema.default({
      anchor: 'prior-meeting',
      opensDays: 120,
      closesDays: 90,
      movedBeforeDays: 30,
      movedAfterDays: 30,
      announceDays: 10,
    }),
  })
  .superRefine((input, ctx) => {
    const prior = input.priorMeeting ? parseDate(input.priorMeeting) : undefined;
    const release = input.priorRelease ? parseDate(input.priorRelease) : undefined;
    const next = input.nextMeeting ? parseDate(input.nextMeeting) : undefined;
    const announced = input.announced ? parseDate(input.announced) : undefined;
    if (prior && !input.priorRelease) {
      ctx.addIssue({
        code: 'custom',
        path: ['priorRelease'],
        message: 'is required when there was a prior meeting (Rule 14a-8(e)(2) counts from it)',
      });
    }
    if (prior && release && release.since(prior).sign > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['priorRelease'],
        message: `must be on or before the prior meeting (${input.priorMeeting})`,
      });
    }
    if (prior && next && next.since(prior).sign <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['nextMeeting'],
        message: `must be after the prior meeting (${input.priorMeeting})`,
      });
    }
    if (next && announced && announced.since(next).sign > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['announced'],
        message: `must be on or before the next meeting (${input.nextMeeting})`,
      });
    }
    if (announced && !next) {
      ctx.addIssue({ code: 'custom', path: ['announced'], message: 'needs nextMeeting (the date that was announced)' });
    }
    if (!prior && input.bylaws.anchor === 'prior-release' && input.priorRelease) {
      ctx.addIssue({ code: 'custom', path: ['priorRelease'], message: 'given without a prior meeting' });
    }
  });

export type DeadlineInput = z.input<typeof DeadlineInputSchema>;
export type DeadlineParams = z.output<typeof DeadlineInputSchema>;

export const ROUTES = ['14a-8', 'advance-notice', 'nomination', '14a-19'] as const;
export type SubmissionRoute = (typeof ROUTES)[number];

export const CheckInputSchema = z.object({
  route: z.enum(ROUTES, { message: 'must be one of 14a-8, advance-notice, nomination, 14a-19' }),
  received: z
    .string({ message: 'is required: an ISO timestamp with an offset, e.g. 2025-02-05T16:30:00-08:00' })
    .trim()
    .refine((s) => parseInstant(s) !== undefined, {
      message: 'must be an ISO timestamp with an offset, e.g. 2025-02-05T16:30:00-08:00',
    }),
});
