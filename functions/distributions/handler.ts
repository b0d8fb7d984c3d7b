import { apiHandler, validate } from '#shared/http/api.js';
import { requestDistribution } from '#shared/domain/distribution/jobs.js';
import { distributionStatus } from '#shared/domain/distribution/use-cases.js';
import { Temporal } from '#shared/domain/calendar/dates.js';
import { DistributionBodySchema as BodySchema, MeetingPathSchema as PathSchema } from '#shared/http/contract.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { logger } from '../commons/observability.js';

/**
 * Sending happens in the worker, not here: this checks the schedule and queues the plan job.
 *   POST /meetings/{meetingId}/distributions  {"method":"full-set"|"notice-only"|"mixed","asOf"?,"dryRun"?,"overrides"?}
 *        202 accepted (the plan job is queued; follow with GET) or 422 refused, with the checks
 *   GET  /meetings/{meetingId}/distributions  the runs: checks, figures, progress, counts
 */
export const makeHandler = (r: Root) =>
  apiHandler(logger('distributions'), {
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

export const handler = lambdaEntry(makeHandler);
