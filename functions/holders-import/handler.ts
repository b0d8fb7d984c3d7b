import { z } from 'zod';
import { runImportJob, type ImportStep } from '#shared/domain/holders/import-job.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { logger } from '../commons/observability.js';
import { sqsWorker } from '../commons/sqs.js';

/**
 * Holder-list import on AWS: an upload to imports/<meeting>/<registered|nominee>/<file>.csv
 * (S3 event) starts it; a long file continues through the import queue (SQS event) from its
 * checkpoint, so a million-row file never meets the 15-minute limit.
 */
const log = logger('holders-import');

const S3Records = z.object({
  Records: z.array(
    z.object({ s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }) }),
  ),
});
const Continuation = z.object({ bucket: z.string(), key: z.string(), attempt: z.number().int().min(0) });

/** An upload event's steps; S3 event keys arrive URL-encoded with '+' for spaces. */
export const uploadsOf = (event: unknown): ImportStep[] =>
  S3Records.parse(event).Records.map((x) => ({
    bucket: x.s3.bucket.name,
    key: decodeURIComponent(x.s3.object.key.replace(/\+/g, ' ')),
    attempt: 0,
  }));

export const makeHandler = (r: Root) =>
  sqsWorker(
    log,
    Continuation,
    async (steps, context) => {
      const deps = { ...(await r.importJob()), remainingMs: () => context.getRemainingTimeInMillis() };
      const results = [];
      for (const job of steps) {
        const result = await runImportJob(deps, job);
        // Counts only: rows may hold names and addresses, control numbers never leave the domain.
        log.info('import step', {
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
    },
    { otherwise: uploadsOf },
  );

export const handler = lambdaEntry(makeHandler);
