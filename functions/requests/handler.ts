import { z } from 'zod';
import { apiHandler, validate } from '../../shared/http/api.js';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { holderAdapters } from '../../shared/adapters/holders.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { DynamoPieceLedger } from '../../shared/adapters/dynamodb/piece-ledger.js';
import { DynamoAttemptCounter, DynamoRequestStore } from '../../shared/adapters/dynamodb/request-store.js';
import { getMeeting } from '../../shared/domain/meetings/use-cases.js';
import { findByControlNumber } from '../../shared/domain/holders/use-cases.js';
import { firstSentDate } from '../../shared/domain/distribution/use-cases.js';
import { submitRequest } from '../../shared/domain/requests/use-cases.js';
import { fulfilmentQueue } from '../../shared/adapters/requests.js';

// Built once per process: config, clients, stores; the control-number key is fetched once.
const config = loadConfig();
const clients = clientsFor(config);
const holders = holderAdapters(clients, config);
holders.catch(() => undefined); // surfaces when a request awaits it
const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
const ledger = new DynamoPieceLedger(clients.documents, config.tableName);
const requests = new DynamoRequestStore(clients.documents, config.tableName);
const attempts = new DynamoAttemptCounter(clients.documents, config.tableName);
const fulfilment = fulfilmentQueue(clients, config);

const PathSchema = z.object({ meetingId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'is not a meeting id') });

/**
 *   POST /meetings/{meetingId}/requests  {"controlNumber":"123456789012","kind":…,"email"?,"election"?}
 *        202 {"requestId","kind","receivedAt","dueBy"?,…}; 403 "not accepted" (uniform); 429 throttled
 * The control number is never logged: only the body's field names reach an error message.
 */
export const handler = apiHandler('requests', {
  'POST /meetings/{meetingId}/requests': async (event) => {
    const { meetingId } = validate(PathSchema, event.pathParameters);
    const meeting = await getMeeting({ meetings }, meetingId);
    const h = await holders;
    const result = await submitRequest(
      { findHolder: (m, n) => findByControlNumber(h, m, n), requests, attempts, fulfilment, now: () => new Date().toISOString() },
      { meeting, body: event.jsonBody ?? {}, client: event.requestContext?.http?.sourceIp ?? 'unknown', firstSent: await firstSentDate(ledger, meetingId) },
    );
    return { status: 202, body: result };
  },
});
