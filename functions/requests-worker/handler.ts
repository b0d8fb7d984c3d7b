import { z } from 'zod';
import { fulfilRequest } from '#shared/domain/requests/fulfil.js';
import { MEETING_ID_PATTERN } from '#shared/domain/meetings/schema.js';
import { lambdaEntry } from '../commons/root.js';
import type { Root } from '#shared/composition/root.js';
import { count, logger, metrics } from '../commons/observability.js';
import { sqsWorker } from '../commons/sqs.js';

/**
 * Fulfils stockholder requests from the queue, one job per request, exactly once. A job that
 * fails is received again and, after three receives, lands in the dead-letter queue (alarmed).
 */
const log = logger('requests-worker');
const m = metrics('requests-worker');

const Job = z.object({
  meetingId: z.string().regex(MEETING_ID_PATTERN),
  requestId: z.string().regex(/^[0-9a-f]{32}$/),
});

export const makeHandler = (r: Root) =>
  sqsWorker(log, Job, async (jobs) => {
    const deps = await r.fulfilment();
    const results = [];
    for (const job of jobs) {
      const out = await fulfilRequest(deps, job.meetingId, job.requestId);
      // The request id and outcome only: no address, email or control number.
      log.info('request fulfilment', { meetingId: job.meetingId, requestId: out.requestId, status: out.status });
      if (out.status !== 'already-fulfilled')
        count(m, { [out.status === 'fulfilled' ? 'RequestsFulfilled' : 'RequestsInDoubt']: 1 });
      results.push(out);
    }
    return { results };
  });

export const handler = lambdaEntry(makeHandler);
