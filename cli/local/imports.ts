import type { Config } from '#shared/config.js';
import { IMPORT_UPLOADS, VOTE_UPLOADS } from '#shared/resources.js';
import { loadWorker, type WorkerHandler } from './handlers.js';
import { lambdaContext } from './http-server.js';
import { startLocalQueue, type LocalQueue } from './queue.js';
import { sqsEvent } from './sqs-event.js';
import type { LocalServers, S3NotificationEvent } from './servers.js';

/** Lambda's limit, which the local import respects too so it pauses and continues as on AWS. */
const FUNCTION_TIMEOUT_MS = 15 * 60 * 1000;

function context(name: 'holders-import' | 'votes-import' = 'holders-import') {
  const started = Date.now();
  return {
    ...lambdaContext(name),
    getRemainingTimeInMillis: () => FUNCTION_TIMEOUT_MS - (Date.now() - started),
  };
}

/**
 * Local wiring of the uploads to the imports bucket, as on AWS: an upload under imports/…/*.csv
 * invokes the holder-import function (the same handler), whose continuations go through a local
 * queue that invokes it again; an upload under votes/<meeting>/<phone|mail>/*.csv invokes the
 * vote-import function with the S3 notification in an SQS event, as its queue delivers it on AWS.
 * Returns the config the handlers run with.
 */
export async function startLocalImports(
  servers: LocalServers,
  base: Config,
  log: (line: string) => void,
): Promise<{ config: Config; queue: LocalQueue }> {
  // Set once the config, which needs the continuation queue's URL, is known.
  const bound: { worker?: WorkerHandler } = {};
  const run = async (event: unknown, what: string) => {
    try {
      const out = (await bound.worker!(event, context())) as { results: { key: string; status: string }[] };
      for (const r of out.results)
        log(
          `holder import ${r.key}: ${r.status}${r.status === 'done' || r.status === 'refused' ? ` (report: reports/${r.key}.json)` : ''}`,
        );
    } catch (err) {
      log(`holder import (${what}) failed: ${(err as Error).message}`);
    }
  };
  const queue = await startLocalQueue({
    consumer: (body) => run(sqsEvent(body, 'proxydesk-imports'), 'continuation'),
  });
  const config: Config = {
    ...base,
    importQueueUrl: queue.queueUrl,
    endpoints: { ...base.endpoints, sqs: queue.endpoint },
  };
  bound.worker = await loadWorker(config, 'holders-import');
  const votes = await loadWorker(config, 'votes-import');
  // One vote file at a time, as the vote-import queue's batch of one runs them on AWS.
  let voteFiles: Promise<void> = Promise.resolve();
  const runVotes = (notification: unknown, key: string) => {
    voteFiles = voteFiles.then(async () => {
      try {
        const out = (await votes(
          sqsEvent(JSON.stringify(notification), 'proxydesk-vote-uploads'),
          context('votes-import'),
        )) as {
          results: { key: string; status: string }[];
        };
        for (const r of out.results)
          log(
            `vote import ${r.key}: ${r.status}${r.status === 'done' || r.status === 'refused' ? ` (report: reports/${r.key}.json)` : ''}`,
          );
      } catch (err) {
        log(`vote import ${key} failed: ${(err as Error).message}`);
      }
    });
  };
  servers.onS3Event((event: S3NotificationEvent) => {
    for (const record of event.Records) {
      const key = record.s3.object.key;
      if (!record.eventName.startsWith('ObjectCreated') || record.s3.bucket.name !== base.importsBucket) continue;
      const upload = [IMPORT_UPLOADS, VOTE_UPLOADS].find((u) => key.startsWith(u.prefix) && key.endsWith(u.suffix));
      if (!upload) continue;
      // AWS URL-encodes keys in notifications; the handlers decode them.
      const encoded = encodeURIComponent(key).replace(/%2F/g, '/');
      const notification = {
        Records: [
          { eventName: record.eventName, s3: { bucket: { name: record.s3.bucket.name }, object: { key: encoded } } },
        ],
      };
      if (upload === VOTE_UPLOADS) runVotes(notification, key);
      else void run(notification, key);
    }
  });
  return { config, queue };
}
