import type { Config } from '../../shared/config.js';
import type { LocalQueue } from './queue.js';
import { startLocalWorker } from './workers.js';

/**
 * Local wiring of distribution jobs, as on AWS: the distributions API queues jobs that invoke the
 * worker (the same handler), two at a time (four on AWS), with retries.
 */
export function startLocalDistributions(queue: LocalQueue, base: Config, log: (line: string) => void) {
  return startLocalWorker(queue, base, { worker: 'distribution-worker', queueName: 'proxydesk-distributions', configKey: 'distributionQueueUrl', concurrency: 2, log, label: 'distribution' });
}

/** Local wiring of request fulfilment: each stored request queues a job that invokes the requests worker. */
export function startLocalFulfilment(queue: LocalQueue, base: Config, log: (line: string) => void) {
  return startLocalWorker(queue, base, { worker: 'requests-worker', queueName: 'proxydesk-requests', configKey: 'requestQueueUrl', concurrency: 2, log, label: 'request fulfilment' });
}
