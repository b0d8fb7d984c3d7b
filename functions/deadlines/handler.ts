import { apiHandler } from '#shared/http/api.js';
import { checkFromFlat, deadlinesFromFlat } from '#shared/domain/deadlines/flat.js';
import { logger } from '../commons/observability.js';

/**
 * Proposal-deadline engine over HTTP. No storage: the answer is a pure function of the question.
 *   GET  /deadlines?priorMeeting=2024-06-20&priorRelease=2024-06-05[&nextMeeting&announced&tz…]
 *   POST /deadlines/check  {"route":"14a-8","received":"2025-02-05T16:30:00-08:00", …same fields}
 * Invalid input → 400 naming each field (InvalidInputError, mapped in shared/http/api.ts).
 */
export const handler = apiHandler(logger('deadlines'), {
  'GET /deadlines': (event) => deadlinesFromFlat(event.queryStringParameters ?? {}),
  'POST /deadlines/check': (event) => checkFromFlat(event.jsonBody ?? {}),
});

/** Needs no root (no storage, no config): every runtime uses the one handler. */
export const makeHandler = (): typeof handler => handler;
