import { z } from 'zod';
import { InvalidInputError, DomainError, fieldIssues } from '../errors.js';
import { computeDeadlines, checkSubmission, type DeadlineReport, type TimelinessResult } from './engine.js';
import {
  CheckInputSchema,
  IsoDate,
  LocalTime,
  ROLL_POLICIES,
  RULE_14A19_BASES,
  TimeZone,
  type DeadlineInput,
} from './schema.js';
import { parseInstant } from '../calendar/dates.js';

/**
 * The flat form of a deadline question, shared by the HTTP API (query string / JSON body) and the
 * CLI (options): every value may arrive as text. Field names here are the ones users see in errors.
 */
const days = z.coerce
  .number({ message: 'must be a number of days' })
  .int('must be a whole number of days')
  .min(0, 'must not be negative');

const rollPolicy = z.enum(ROLL_POLICIES, { message: 'must be one of none, next-business-day, previous-business-day' });

export const FlatDeadlineSchema = z.object({
  priorMeeting: z.union([z.literal('none'), IsoDate], {
    message: 'must be a date as YYYY-MM-DD, or "none" if there was no meeting last year',
  }),
  priorRelease: IsoDate.optional(),
  nextMeeting: IsoDate.optional(),
  announced: IsoDate.optional(),
  tz: TimeZone.optional(),
  closeOfBusiness: LocalTime.optional(),
  anchor: z.enum(['prior-meeting', 'prior-release']).optional(),
  bylawOpensDays: days.optional(),
  bylawClosesDays: days.optional(),
  movedBeforeDays: days.optional(),
  movedAfterDays: days.optional(),
  announceDays: days.optional(),
  nominationOpensDays: days
    .optional()
    .describe('Nominations have their own window: it opens N days before (default: the business window).'),
  nominationClosesDays: days.optional().describe('…and closes N days before (default: the business window).'),
  bylawWeekend: rollPolicy
    .optional()
    .describe('A bylaw closing date on a weekend or holiday: none (default) or rolled.'),
  rule14a19Weekend: rollPolicy
    .optional()
    .describe('The Rule 14a-19 date on a weekend or holiday: none (default) or rolled.'),
  rule14a19Basis: z
    .enum(RULE_14A19_BASES, { message: 'must be rule or bylaw' })
    .optional()
    .describe('rule (default): Rule 14a-19(b)(1)’s 60-day date; bylaw: the bylaw nomination closing date.'),
});

export type FlatDeadlineQuery = z.input<typeof FlatDeadlineSchema>;

const ENGINE_TO_FLAT: Record<string, string> = {
  timeZone: 'tz',
  'bylaws.opensDays': 'bylawOpensDays',
  'bylaws.closesDays': 'bylawClosesDays',
  'bylaws.movedBeforeDays': 'movedBeforeDays',
  'bylaws.movedAfterDays': 'movedAfterDays',
  'bylaws.announceDays': 'announceDays',
  'bylaws.anchor': 'anchor',
  'bylaws.nominationOpensDays': 'nominationOpensDays',
  'bylaws.nominationClosesDays': 'nominationClosesDays',
  'bylaws.bylawWeekend': 'bylawWeekend',
  'bylaws.rule14a19Weekend': 'rule14a19Weekend',
  'bylaws.rule14a19Basis': 'rule14a19Basis',
};

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;

/** Flat fields → engine input; throws InvalidInputError naming the flat fields. */
export function toDeadlineInput(raw: unknown): DeadlineInput {
  const parsed = FlatDeadlineSchema.safeParse(raw && typeof raw === 'object' ? defined(raw as object) : raw);
  if (!parsed.success) throw new InvalidInputError(fieldIssues(parsed.error.issues));
  const f = parsed.data;
  return {
    priorMeeting: f.priorMeeting === 'none' ? null : f.priorMeeting,
    priorRelease: f.priorRelease,
    nextMeeting: f.nextMeeting,
    announced: f.announced,
    timeZone: f.tz,
    closeOfBusiness: f.closeOfBusiness,
    bylaws: defined({
      anchor: f.anchor,
      opensDays: f.bylawOpensDays,
      closesDays: f.bylawClosesDays,
      movedBeforeDays: f.movedBeforeDays,
      movedAfterDays: f.movedAfterDays,
      announceDays: f.announceDays,
      nominationOpensDays: f.nominationOpensDays,
      nominationClosesDays: f.nominationClosesDays,
      bylawWeekend: f.bylawWeekend,
      rule14a19Weekend: f.rule14a19Weekend,
      rule14a19Basis: f.rule14a19Basis,
    }),
  };
}

function renameFields<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'INVALID_INPUT') {
      throw new InvalidInputError(err.issues.map((i) => ({ ...i, field: ENGINE_TO_FLAT[i.field] ?? i.field })));
    }
    throw err;
  }
}

/** GET /deadlines and `proxydesk deadlines`. */
export function deadlinesFromFlat(raw: unknown): DeadlineReport {
  const input = toDeadlineInput(raw);
  return renameFields(() => computeDeadlines(input));
}

/** POST /deadlines/check and `proxydesk deadlines check`. */
export function checkFromFlat(raw: unknown): TimelinessResult & { deadlines: DeadlineReport } {
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const { route, received, ...rest } = obj;
  const check = CheckInputSchema.safeParse(defined({ route, received }));
  const issues = check.success ? [] : fieldIssues(check.error.issues);
  let report: DeadlineReport | undefined;
  try {
    report = deadlinesFromFlat(rest);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'INVALID_INPUT') issues.push(...err.issues);
    else throw err;
  }
  if (!check.success || !report || issues.length) throw new InvalidInputError(issues);
  return { ...checkSubmission(report, check.data.route, parseInstant(check.data.received)!), deadlines: report };
}
