import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { holderAdapters } from '../../shared/adapters/holders.js';
import { fulfilmentAdapters } from '../../shared/adapters/requests.js';
import { fulfilRequest } from '../../shared/domain/requests/fulfil.js';

/**
 * Fulfils stockholder requests from the queue, one job per request, exactly once. A job that
 * fails is received again and, after three receives, lands in the dead-letter queue (alarmed).
 */
const config = loadConfig();
const clients = clientsFor(config);
const deps = holderAdapters(clients, config).then((h) => fulfilmentAdapters(clients, config, h));
deps.catch(() => undefined); // surfaces when an invocation awaits it
const logger = new Logger({ serviceName: 'requests-worker' });
const metrics = new Metrics({ namespace: 'proxydesk', serviceName: 'requests-worker' });

const Job = z.object({
  meetingId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/),
  requestId: z.string().regex(/^[0-9a-f]{32}$/),
});
const SqsRecords = z.object({ Records: z.array(z.object({ body: z.string() })) });

export const handler = middy(async (event: unknown) => {
  const d = await deps;
  const results = [];
  for (const r of SqsRecords.parse(event).Records) {
    const job = Job.parse(JSON.parse(r.body));
    const out = await fulfilRequest(d, job.meetingId, job.requestId);
    // The request id and outcome only: no address, email or control number.
    logger.info('request fulfilment', { meetingId: job.meetingId, requestId: out.requestId, status: out.status });
    if (out.status !== 'already-fulfilled') {
      metrics.addMetric(out.status === 'fulfilled' ? 'RequestsFulfilled' : 'RequestsInDoubt', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    }
    results.push(out);
  }
  return { results };
}).use(injectLambdaContext(logger));
