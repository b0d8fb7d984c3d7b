import type { Config } from '../../shared/config.js';
import { IMPORT_UPLOADS } from '../../shared/resources.js';
import { loadWorker, type WorkerHandler } from './handlers.js';
import { lambdaContext } from './http-server.js';
import { startLocalQueue, type LocalQueue } from './queue.js';
import { sqsEvent } from './sqs-event.js';
import type { LocalServers, S3NotificationEvent } from './servers.js';

/** Lambda's limit, which the local import respects too so it pauses and continues as on AWS. */
const FUNCTION_TIMEOUT_MS = 15 * 60 * 1000;

function context() {
  const started = Date.now();
  return {
    ...lambdaContext('holders-import'),
    getRemainingTimeInMillis: () => FUNCTION_TIMEOUT_MS - (Date.now() - started),
  };
}

/**
 * Local wiring of holder imports, as on AWS: an upload to the imports bucket under
 * imports/…/*.csv invokes the import function (the same handler); its continuations go through a
 * local queue that invokes it again. Returns the config the handler runs with.
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
  servers.onS3Event((event: S3NotificationEvent) => {
    for (const record of event.Records) {
      const key = record.s3.object.key;
      if (!record.eventName.startsWith('ObjectCreated') || record.s3.bucket.name !== base.importsBucket) continue;
      if (!key.startsWith(IMPORT_UPLOADS.prefix) || !key.endsWith(IMPORT_UPLOADS.suffix)) continue;
      // AWS URL-encodes keys in notifications; the handler decodes them.
      const encoded = encodeURIComponent(key).replace(/%2F/g, '/');
      void run(
        {
          Records: [
            { eventName: record.eventName, s3: { bucket: { name: record.s3.bucket.name }, object: { key: encoded } } },
          ],
        },
        key,
      );
    }
  });
  return { config, queue };
}
