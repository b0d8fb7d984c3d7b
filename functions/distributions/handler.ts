import { z } from 'zod';
import { apiHandler, validate } from '../../shared/http/api.js';
import { requestDistribution } from '../../shared/domain/distribution/jobs.js';
import { distributionStatus } from '../../shared/domain/distribution/use-cases.js';
import { METHODS, type CheckId } from '../../shared/domain/distribution/schedule.js';
import { Temporal, parseDate } from '../../shared/domain/calendar/dates.js';
import { root } from '../commons/root.js';
import { logger } from '../commons/observability.js';

// Sending happens in the worker, not here: this checks the schedule and queues the plan job.
const r = root();

const PathSchema = z.object({ meetingId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'is not a meeting id') });
const CHECK_IDS = [
  'record-date-window',
  'not-before-record-date',
  'meeting-notice-window',
  'notice-40-days',
  'materials-posted',
  'notice-complete',
] as const satisfies readonly CheckId[];
const BodySchema = z.strictObject({
  method: z.enum(METHODS),
  asOf: z
    .string()
    .refine((v) => !!parseDate(v), 'is not a date (YYYY-MM-DD)')
    .optional(),
  dryRun: z.boolean().optional(),
  overrides: z
    .partialRecord(z.enum(CHECK_IDS), z.string().trim().min(3, 'give the reason the check is overridden').max(500))
    .optional(),
});

/**
 *   POST /meetings/{meetingId}/distributions  {"method":"full-set"|"notice-only"|"mixed","asOf"?,"dryRun"?,"overrides"?}
 *        202 accepted (the plan job is queued; follow with GET) or 422 refused, with the checks
 *   GET  /meetings/{meetingId}/distributions  the runs: checks, figures, progress, counts
 */
export const handler = apiHandler(logger('distributions'), {
  'POST /meetings/{meetingId}/distributions': async (event) => {
    const { meetingId } = validate(PathSchema, event.pathParameters);
    const body = validate(BodySchema, event.jsonBody ?? {});
    const result = await requestDistribution(r.distributionRequests(), {
      meetingId,
      method: body.method,
      sendDate: body.asOf ? Temporal.PlainDate.from(body.asOf) : undefined,
      overrides: body.overrides,
      dryRun: body.dryRun,
      chunkSize: r.config.distributionChunkSize,
    });
    return {
      status: result.status === 'accepted' ? 202 : 422,
      body: { ...result, status_url: `/meetings/${meetingId}/distributions` },
    };
  },
  'GET /meetings/{meetingId}/distributions': async (event) => {
    const { meetingId } = validate(PathSchema, event.pathParameters);
    await r.meeting(meetingId);
    return { meetingId, runs: await distributionStatus(r.ledger(), meetingId) };
  },
});
