import { z } from 'zod';
import { runVoteImportJob } from '#shared/domain/voting/vote-import.js';
import type { Root } from '#shared/composition/root.js';
import { lambdaEntry } from '../commons/root.js';
import { logger } from '../commons/observability.js';
import { sqsWorker } from '../commons/sqs.js';

/**
 * Vote-file import on AWS: an upload to votes/<meeting>/<phone|mail>/<file>.csv is announced by S3 to
 * the vote-import queue, which runs this function (three tries, then the dead-letter queue). Every
 * row's submission has a stable identity, so a retry stores only what the failed try did not. While
 * another file of the meeting and channel is being imported the file is refused (its lease is held):
 * the message fails and comes back after the queue's visibility timeout, longer than any import.
 */
const log = logger('votes-import');

const S3Object = z.object({
  s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
});
/** An S3 event notification as the queue delivers it; S3's test event (on configuring the notification) has none. */
const Notification = z.union([
  z.object({ Records: z.array(S3Object) }),
  z.object({ Event: z.literal('s3:TestEvent') }).transform(() => ({ Records: [] })),
]);

export const makeHandler = (r: Root) =>
  sqsWorker(log, Notification, async (notifications) => {
    const deps = await r.voteImportJob();
    const results = [];
    for (const x of notifications.flatMap((n) => n.Records)) {
      // S3 event keys arrive URL-encoded with '+' for spaces.
      const job = { bucket: x.s3.bucket.name, key: decodeURIComponent(x.s3.object.key.replace(/\+/g, ' ')) };
      const result = await runVoteImportJob(deps, job);
      // Counts only: rows hold accounts and control numbers, which stay in the domain.
      log.info('vote file', {
        key: job.key,
        status: result.status,
        ...(result.status === 'done' ? { counts: result.report.counts } : {}),
      });
      results.push({ key: job.key, status: result.status });
    }
    return { results };
  });

export const handler = lambdaEntry(makeHandler);
