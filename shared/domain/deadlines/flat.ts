import { z } from 'zod';
import { InvalidInputError, DomainError, fieldIssues } from '../errors.js';
import { computeDeadlines, checkSubmission, type DeadlineReport, type TimelinessResult } from './engine.js';
import { CheckInputSchema, IsoDate, LocalTime, TimeZone, type DeadlineInput } from './schema.js';
import { parseInstant } from '../calendar/dates.js';

/**
 * The flat form of a deadline question, shared by the HTTP API (query string / JSON body) and the
 * CLI (options): every value may arrive as text. Field names here are the ones users see in errors.
 */
const days = z.coerce
  .number({ message: 'must be a number of days' })
  .int('must be a whole number of days')
  .min(0, 'must not be negative');

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
