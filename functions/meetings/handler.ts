import { apiHandler, validate } from '#shared/http/api.js';
import { MeetingPathSchema as PathSchema } from '#shared/http/contract.js';
import { getMeeting, listMeetings, meetingDeadlines } from '#shared/domain/meetings/use-cases.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { logger } from '../commons/observability.js';

/**
 *   GET /meetings                         summaries, newest first
 *   GET /meetings/{meetingId}             the stored meeting file (public facts) and its posted documents' links
 *   GET /meetings/{meetingId}/deadlines   next year's proposal deadlines and this meeting's clocks
 */
export const makeHandler = (r: Root) => {
  const deps = { meetings: r.meetings() };
  return apiHandler(logger('meetings'), {
    'GET /meetings': async () => ({ meetings: await listMeetings(deps) }),
    'GET /meetings/{meetingId}': async (event) => {
      const meeting = await getMeeting(deps, validate(PathSchema, event.pathParameters).meetingId);
      const names = await r.materials(meeting.id);
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
      meetingDeadlines(deps, validate(PathSchema, event.pathParameters).meetingId),
  });
};

export const handler = lambdaEntry(makeHandler);
