import { apiHandler, validate } from '../../shared/http/api.js';
import { MeetingPathSchema as PathSchema } from '../../shared/http/contract.js';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { requestIntake } from '../../shared/adapters/requests.js';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

// Built once per process: config, clients, stores; the control-number key is fetched once.
const config = loadConfig();
const intake = requestIntake(clientsFor(config), config);

const metrics = new Metrics({ namespace: 'proxydesk', serviceName: 'requests' });

/**
 *   POST /meetings/{meetingId}/requests  {"controlNumber":"123456789012","kind":…,"email"?,"election"?}
 *        202 {"requestId","kind","receivedAt","dueBy"?,…}; 403 "not accepted" (uniform); 429 throttled
 * The control number is never logged: only the body's field names reach an error message.
 */
export const handler = apiHandler('requests', {
  'POST /meetings/{meetingId}/requests': async (event) => {
    const { meetingId } = validate(PathSchema, event.pathParameters);
    const meeting = await intake.meeting(meetingId);
    const result = await intake.submit(
      meeting,
      event.jsonBody ?? {},
      event.requestContext?.http?.sourceIp ?? 'unknown',
    );
    if (!result.duplicate) {
      metrics.addMetric('RequestsReceived', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    }
    return { status: 202, body: result };
  },
});
