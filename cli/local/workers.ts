import type { Config } from '#shared/config.js';
import type { Root } from '#shared/composition/root.js';
import { checkRequests } from '#shared/domain/requests/check.js';
import type { WorkerName } from '#shared/resources.js';
import { loadWorker, type WorkerHandler } from './handlers.js';
import { lambdaContext } from './http-server.js';
import type { LocalQueue } from './queue.js';
import { sqsEvent } from './sqs-event.js';

/** As the SQS event source would: a failed job is received again, then set aside (the dead-letter queue). */
const MAX_RECEIVES = 3;

/**
 * A queue-triggered function, locally: a queue on the local SQS stand-in whose messages invoke the
 * worker (the same handler as the Lambda), a few at a time, with retries and a dead-letter list.
 * Returns the config the API functions and the worker run with (the queue URL set).
 */
export async function startLocalWorker(
  queue: LocalQueue,
  base: Config,
  opts: {
    worker: WorkerName;
    queueName: string;
    configKey: 'distributionQueueUrl' | 'requestQueueUrl';
    concurrency: number;
    log: (line: string) => void;
    label: string;
  },
): Promise<{ config: Config; deadLetters: string[] }> {
  // Set once the config, which needs the queue's URL, is known.
  const bound: { worker?: WorkerHandler } = {};
  const deadLetters: string[] = [];
  const waiting: (() => void)[] = [];
  let running = 0;
  const slot = async () => {
    if (running >= opts.concurrency) await new Promise<void>((r) => waiting.push(r));
    running++;
  };
  const free = () => {
    running--;
    waiting.shift()?.();
  };
  const consume = async (body: string) => {
    for (let receive = 1; receive <= MAX_RECEIVES; receive++) {
      await slot();
      try {
        const out = (await bound.worker!(sqsEvent(body, opts.queueName, receive), lambdaContext(opts.worker))) as {
          results: Record<string, unknown>[];
        };
        for (const r of out.results) opts.log(`${opts.label}${r.kind ? ` ${r.kind}` : ''} job: ${JSON.stringify(r)}`);
        return;
      } catch (err) {
        opts.log(`${opts.label} job failed (receive ${receive} of ${MAX_RECEIVES}): ${(err as Error).message}`);
      } finally {
        free();
      }
      await new Promise((r) => setTimeout(r, 1000 * receive));
    }
    deadLetters.push(body);
    opts.log(`${opts.label} job set aside after its last attempt (dead letters)`);
  };
  const url = queue.addQueue(opts.queueName, consume);
  const config: Config = { ...base, [opts.configKey]: url, endpoints: { ...base.endpoints, sqs: queue.endpoint } };
  bound.worker = await loadWorker(config, opts.worker);
  return { config, deadLetters };
}

/**
 * Local wiring of distribution jobs, as on AWS: the distributions API queues jobs that invoke the
 * worker (the same handler), two at a time (four on AWS), with retries.
 */
export function startLocalDistributions(queue: LocalQueue, base: Config, log: (line: string) => void) {
  return startLocalWorker(queue, base, {
    worker: 'distribution-worker',
    queueName: 'proxydesk-distributions',
    configKey: 'distributionQueueUrl',
    concurrency: 2,
    log,
    label: 'distribution',
  });
}

/** Local wiring of request fulfilment: each stored request queues a job that invokes the requests worker. */
export function startLocalFulfilment(queue: LocalQueue, base: Config, log: (line: string) => void) {
  return startLocalWorker(queue, base, {
    worker: 'requests-worker',
    queueName: 'proxydesk-requests',
    configKey: 'requestQueueUrl',
    concurrency: 2,
    log,
    label: 'request fulfilment',
  });
}

/** The request check, every 5 minutes: the same domain check the scheduled Lambda runs, its findings logged. */
export function startLocalRequestCheck(root: Root, log: (line: string) => void): NodeJS.Timeout {
  const run = async () => {
    try {
      const out = await checkRequests(root.requestsCheck());
      if (out.overdue || out.dueWithinOneBusinessDay)
        log(
          `requests check: ${out.overdue} overdue, ${out.dueWithinOneBusinessDay} due within one business day (proxydesk requests --meeting <id> --overdue)`,
        );
    } catch (err) {
      log(`requests check failed: ${(err as Error).message}`);
    }
  };
  const timer = setInterval(() => void run(), 5 * 60_000);
  timer.unref();
  return timer;
}
