import { apiHandler, validate } from '#shared/http/api.js';
import { MeetingPathSchema as PathSchema } from '#shared/http/contract.js';
import { takeRequest } from '#shared/domain/requests/intake.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, logger, metrics } from '../commons/observability.js';

const m = metrics('requests');

/**
 *   POST /meetings/{meetingId}/requests  {"controlNumber":"123456789012","kind":…,"email"?,"election"?}
 *        202 {"requestId","kind","receivedAt","dueBy"?,…}; 403 "not accepted" (uniform); 429 throttled
 * The control number is never logged: only the body's field names reach an error message.
 */
export const makeHandler = (r: Root) =>
  apiHandler(logger('requests'), {
    'POST /meetings/{meetingId}/requests': async (event) => {
      const { meetingId } = validate(PathSchema, event.pathParameters);
      const meeting = await r.meeting(meetingId);
      const result = await takeRequest(await r.requestIntake(), {
        meeting,
        body: event.jsonBody ?? {},
        client: event.requestContext?.http?.sourceIp ?? 'unknown',
      });
      if (!result.duplicate) count(m, { RequestsReceived: 1 });
      return { status: 202, body: result };
    },
  });

export const handler = lambdaEntry(makeHandler);
