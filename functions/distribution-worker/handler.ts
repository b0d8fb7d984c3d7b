import { z } from 'zod';
import { runPlanJob, runSendJob } from '#shared/domain/distribution/jobs.js';
import { METHODS } from '#shared/domain/distribution/schedule.js';
import { MEETING_ID_PATTERN } from '#shared/domain/meetings/schema.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, logger, metrics } from '../commons/observability.js';
import { sqsWorker } from '../commons/sqs.js';

/**
 * Distribution jobs from the queue: a plan job plans the run and queues one send job per chunk;
 * a send job sends its chunk exactly once. A job that fails is retried by the queue and, after
 * three receives, lands in the dead-letter queue (alarmed); running it again is always safe.
 */
const log = logger('distribution-worker');
const m = metrics('distribution-worker');

const Id = z.string().regex(MEETING_ID_PATTERN);
export const JobSchema = z.discriminatedUnion('kind', [
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

export const makeHandler = (r: Root) =>
  sqsWorker(log, JobSchema, async (jobs) => {
    const deps = await r.distributionJobs();
    const results = [];
    for (const job of jobs) {
      if (job.kind === 'plan') {
        const out = await runPlanJob(deps, job);
        log.info('distribution planned', { meetingId: job.meetingId, method: job.method, dryRun: job.dryRun, ...out });
        results.push({ kind: job.kind, ...out });
      } else {
        const out = await runSendJob(deps, job);
        // Counts only: no address, email or control number is logged.
        log.info('distribution chunk sent', { meetingId: job.meetingId, runId: job.runId, ...out });
        count(m, {
          EmailsSent: out.counts.emails,
          MailPiecesSent: out.counts.mailPieces,
          PiecesInDoubt: out.counts.inDoubt,
        });
        results.push({ kind: job.kind, ...out });
      }
    }
    return { results };
  });

export const handler = lambdaEntry(makeHandler);
