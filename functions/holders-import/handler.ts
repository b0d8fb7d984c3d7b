import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { holderAdapters } from '../../shared/adapters/holders.js';
import { runImportJob } from '../../shared/adapters/import-job.js';

/**
 * Holder-list import on AWS: an upload to imports/<meeting>/<registered|nominee>/<file>.csv
 * (S3 event) starts it; a long file continues through the import queue (SQS event) from its
 * checkpoint, so a million-row file never meets the 15-minute limit.
 */
const config = loadConfig();
const clients = clientsFor(config);
const adapters = holderAdapters(clients, config); // the secret is fetched once per process
adapters.catch(() => undefined); // a failure surfaces when an invocation awaits it, not as an unhandled rejection
const logger = new Logger({ serviceName: 'holders-import' });

const S3Records = z.object({
  Records: z.array(
    z.object({ s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }) }),
  ),
});
const SqsRecords = z.object({ Records: z.array(z.object({ body: z.string() })) });
const Continuation = z.object({ bucket: z.string(), key: z.string(), attempt: z.number().int().min(0) });

/** S3 event keys arrive URL-encoded with '+' for spaces. */
const s3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

export function jobsOf(event: unknown) {
  const s3 = S3Records.safeParse(event);
  if (s3.success && s3.data.Records.length)
    return s3.data.Records.map((r) => ({ bucket: r.s3.bucket.name, key: s3Key(r.s3.object.key), attempt: 0 }));
  return SqsRecords.parse(event).Records.map((r) => Continuation.parse(JSON.parse(r.body)));
}

export const handler = middy(async (event: unknown, context: Context) => {
  const deps = {
    clients,
    config,
    adapters: await adapters,
    now: () => new Date().toISOString(),
    remainingMs: () => context.getRemainingTimeInMillis(),
  };
  const results = [];
  for (const job of jobsOf(event)) {
    const result = await runImportJob(deps, job);
    // Counts only: rows may hold names and addresses, control numbers never leave the domain.
    logger.info('import step', {
      key: job.key,
      attempt: job.attempt,
      status: result.status,
      ...(result.status === 'done'
        ? { counts: result.report.counts, reconciliation: result.report.reconciliation.status }
        : {}),
    });
    results.push({ key: job.key, status: result.status });
  }
  return { results };
}).use(injectLambdaContext(logger));
