import type { Config } from '../../shared/config.js';
import { loadWorker, type WorkerHandler } from './handlers.js';
import { lambdaContext } from './http-server.js';
import type { LocalQueue } from './queue.js';

/** As the SQS event source would: a failed job is received again, then set aside (the dead-letter queue). */
const MAX_RECEIVES = 3;
/** Send jobs run side by side on AWS (one Lambda each); locally a few at a time. */
const CONCURRENCY = 2;

/**
 * Local wiring of distribution jobs, as on AWS: the distributions API queues jobs on a local queue
 * that invokes the worker (the same handler), a few at a time, with retries. Returns the config
 * the API and the worker run with and the jobs set aside after their last attempt.
 */
export async function startLocalDistributions(queue: LocalQueue, base: Config, log: (line: string) => void): Promise<{ config: Config; deadLetters: string[] }> {
  let worker: WorkerHandler | undefined;
  const deadLetters: string[] = [];
  const waiting: (() => void)[] = [];
  let running = 0;
  const slot = async () => {
    if (running >= CONCURRENCY) await new Promise<void>((r) => waiting.push(r));
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
        const out = (await worker!({ Records: [{ body, eventSource: 'aws:sqs' }] }, lambdaContext('distribution-worker'))) as { results: Record<string, unknown>[] };
        for (const r of out.results) log(`distribution ${r.kind} job: ${JSON.stringify(r)}`);
        return;
      } catch (err) {
        log(`distribution job failed (receive ${receive} of ${MAX_RECEIVES}): ${(err as Error).message}`);
      } finally {
        free();
      }
      await new Promise((r) => setTimeout(r, 1000 * receive));
    }
    deadLetters.push(body);
    log('distribution job set aside after its last attempt (dead letters); run it again with `proxydesk distribute`');
  };
  const url = queue.addQueue('proxydesk-distributions', consume);
  const config: Config = { ...base, distributionQueueUrl: url, endpoints: { ...base.endpoints, sqs: queue.endpoint } };
  worker = await loadWorker(config, 'distribution-worker');
  return { config, deadLetters };
}
