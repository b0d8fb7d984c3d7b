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

/**
 * The issuer's bylaw advance-notice parameters. Real bylaws differ; every difference is a value
 * here, not a fork in code. Defaults are the typical Delaware form (docs/rules.md).
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
  })
  .refine((b) => b.opensDays > b.closesDays, {
    message: 'opensDays must be greater than closesDays (the window opens before it closes)',
    path: ['opensDays'],
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

export const ROUTES = ['14a-8', 'advance-notice', '14a-19'] as const;
export type SubmissionRoute = (typeof ROUTES)[number];

export const CheckInputSchema = z.object({
  route: z.enum(ROUTES, { message: 'must be one of 14a-8, advance-notice, 14a-19' }),
  received: z
    .string({ message: 'is required: an ISO timestamp with an offset, e.g. 2025-02-05T16:30:00-08:00' })
    .trim()
    .refine((s) => parseInstant(s) !== undefined, {
      message: 'must be an ISO timestamp with an offset, e.g. 2025-02-05T16:30:00-08:00',
    }),
});
