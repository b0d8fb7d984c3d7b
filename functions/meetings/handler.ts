import { apiHandler, validate } from '../../shared/http/api.js';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { getMeeting, listMeetings, meetingDeadlines } from '../../shared/domain/meetings/use-cases.js';
import { z } from 'zod';

// Built once per process (cold start): validated config, SDK clients, repository.
const config = loadConfig();
const meetings = new DynamoMeetingRepository(clientsFor(config).documents, config.tableName);

const PathSchema = z.object({ meetingId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'is not a meeting id') });

/**
 *   GET /meetings                         summaries, newest first
 *   GET /meetings/{meetingId}             the stored meeting file
 *   GET /meetings/{meetingId}/deadlines   next year's proposal deadlines and this meeting's clocks
 */
export const handler = apiHandler('meetings', {
  'GET /meetings': async () => ({ meetings: await listMeetings({ meetings }) }),
  'GET /meetings/{meetingId}': (event) => getMeeting({ meetings }, validate(PathSchema, event.pathParameters).meetingId),
  'GET /meetings/{meetingId}/deadlines': (event) =>
    meetingDeadlines({ meetings }, validate(PathSchema, event.pathParameters).meetingId),
});
