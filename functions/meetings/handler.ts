import { apiHandler, validate } from '../../shared/http/api.js';
import { MeetingPathSchema as PathSchema } from '../../shared/http/contract.js';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { listMaterials } from '../../shared/adapters/s3/materials.js';
import { getMeeting, listMeetings, meetingDeadlines } from '../../shared/domain/meetings/use-cases.js';

// Built once per process (cold start): validated config, SDK clients, repository.
const config = loadConfig();
const clients = clientsFor(config);
const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);

/**
 *   GET /meetings                         summaries, newest first
 *   GET /meetings/{meetingId}             the stored meeting file (public facts) and its posted documents' links
 *   GET /meetings/{meetingId}/deadlines   next year's proposal deadlines and this meeting's clocks
 */
export const handler = apiHandler('meetings', {
  'GET /meetings': async () => ({ meetings: await listMeetings({ meetings }) }),
  'GET /meetings/{meetingId}': async (event) => {
    const meeting = await getMeeting({ meetings }, validate(PathSchema, event.pathParameters).meetingId);
    const names = await listMaterials(clients.s3, config.materialsBucket, meeting.id);
    return {
      ...meeting,
      documents: names.map((name) => ({
        name,
        href: `/materials/${meeting.id}/documents/${encodeURIComponent(name)}`,
      })),
      materialsSite: `/materials/${meeting.id}`,
    };
  },
  'GET /meetings/{meetingId}/deadlines': (event) =>
    meetingDeadlines({ meetings }, validate(PathSchema, event.pathParameters).meetingId),
});
