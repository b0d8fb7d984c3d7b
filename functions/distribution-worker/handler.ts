import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { holderAdapters } from '../../shared/adapters/holders.js';
import { distributionJobAdapters } from '../../shared/adapters/distribution.js';
import { runPlanJob, runSendJob, type DistributionJob } from '../../shared/domain/distribution/jobs.js';
import { METHODS } from '../../shared/domain/distribution/schedule.js';

/**
 * Distribution jobs from the queue: a plan job plans the run and queues one send job per chunk;
 * a send job sends its chunk exactly once. A job that fails is retried by the queue and, after
 * three receives, lands in the dead-letter queue (alarmed); running it again is always safe.
 */
const config = loadConfig();
const clients = clientsFor(config);
const deps = holderAdapters(clients, config).then((h) => distributionJobAdapters(clients, config, h));
deps.catch(() => undefined); // surfaces when an invocation awaits it
const logger = new Logger({ serviceName: 'distribution-worker' });
const metrics = new Metrics({ namespace: 'proxydesk', serviceName: 'distribution-worker' });

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/);
const JobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('plan'),
    meetingId: Id,
    method: z.enum(METHODS),
    sendDate: z.iso.date(),
    overrides: z.record(z.string(), z.string()),
    dryRun: z.boolean(),
    chunkSize: z.number().int().min(1).max(10_000).optional(),
  }),
  z.object({
    kind: z.literal('send'),
    meetingId: Id,
    runId: z.enum(METHODS),
    chunkId: z.string().regex(/^(email|mail)-\d{5}$/),
    key: z.string().startsWith('plans/'),
  }),
]);
const SqsRecords = z.object({ Records: z.array(z.object({ body: z.string() })) });

export const jobsOf = (event: unknown): DistributionJob[] =>
  SqsRecords.parse(event).Records.map((r) => JobSchema.parse(JSON.parse(r.body)) as DistributionJob);

export const handler = middy(async (event: unknown) => {
  const d = await deps;
  const results = [];
  for (const job of jobsOf(event)) {
    if (job.kind === 'plan') {
      const out = await runPlanJob(d, job);
      logger.info('distribution planned', { meetingId: job.meetingId, method: job.method, dryRun: job.dryRun, ...out });
      results.push({ kind: job.kind, ...out });
    } else {
      const out = await runSendJob(d, job);
      // Counts only: no address, email or control number is logged.
      logger.info('distribution chunk sent', { meetingId: job.meetingId, runId: job.runId, ...out });
      metrics.addMetric('EmailsSent', MetricUnit.Count, out.counts.emails);
      metrics.addMetric('MailPiecesSent', MetricUnit.Count, out.counts.mailPieces);
      metrics.addMetric('PiecesInDoubt', MetricUnit.Count, out.counts.inDoubt);
      metrics.publishStoredMetrics();
      results.push({ kind: job.kind, ...out });
    }
  }
  return { results };
}).use(injectLambdaContext(logger));
