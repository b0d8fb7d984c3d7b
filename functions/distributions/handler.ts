import { apiHandler, validate } from '../../shared/http/api.js';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { DynamoPieceLedger } from '../../shared/adapters/dynamodb/piece-ledger.js';
import { listMaterials } from '../../shared/adapters/s3/materials.js';
import { distributionQueue } from '../../shared/adapters/distribution.js';
import { getMeeting } from '../../shared/domain/meetings/use-cases.js';
import { requestDistribution } from '../../shared/domain/distribution/jobs.js';
import { distributionStatus } from '../../shared/domain/distribution/use-cases.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import { DistributionBodySchema as BodySchema, MeetingPathSchema as PathSchema } from '../../shared/http/contract.js';

// Built once per process: config, clients, repositories. Sending happens in the worker, not here.
const config = loadConfig();
const clients = clientsFor(config);
const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
const ledger = new DynamoPieceLedger(clients.documents, config.tableName);
const deps = {
  ledger,
  meeting: (id: string) => getMeeting({ meetings }, id),
  materials: (id: string) => listMaterials(clients.s3, config.materialsBucket, id),
  get queue() {
    return distributionQueue(clients, config);
  },
  now: () => new Date().toISOString(),
};

/**
 *   POST /meetings/{meetingId}/distributions  {"method":"full-set"|"notice-only"|"mixed","asOf"?,"dryRun"?,"overrides"?}
 *        202 accepted (the plan job is queued; follow with GET) or 422 refused, with the checks
 *   GET  /meetings/{meetingId}/distributions  the runs: checks, figures, progress, counts
 */
export const handler = apiHandler('distributions', {
  'POST /meetings/{meetingId}/distributions': async (event) => {
    const { meetingId } = validate(PathSchema, event.pathParameters);
    const body = validate(BodySchema, event.jsonBody ?? {});
    const result = await requestDistribution(deps, {
      meetingId,
      method: body.method,
      sendDate: body.asOf ? Temporal.PlainDate.from(body.asOf) : undefined,
      overrides: body.overrides,
      dryRun: body.dryRun,
      chunkSize: config.distributionChunkSize,
    });
    return {
      status: result.status === 'accepted' ? 202 : 422,
      body: { ...result, status_url: `/meetings/${meetingId}/distributions` },
    };
  },
  'GET /meetings/{meetingId}/distributions': async (event) => {
    const { meetingId } = validate(PathSchema, event.pathParameters);
    await deps.meeting(meetingId);
    return { meetingId, runs: await distributionStatus(ledger, meetingId) };
  },
});
