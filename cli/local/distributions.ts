import type { Config } from '../../shared/config.js';
import type { Clients } from '../../shared/adapters/clients.js';
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

/** The request check, every 5 minutes: the same domain check the scheduled Lambda runs, its findings logged. */
export async function startLocalRequestCheck(config: Config, clients: Clients, log: (line: string) => void): Promise<NodeJS.Timeout> {
  const { checkRequests } = await import('../../shared/domain/requests/check.js');
  const { DynamoMeetingRepository } = await import('../../shared/adapters/dynamodb/meeting-repository.js');
  const { DynamoRequestRecords } = await import('../../shared/adapters/dynamodb/request-store.js');
  const deps = { meetings: new DynamoMeetingRepository(clients.documents, config.tableName), requests: new DynamoRequestRecords(clients.documents, config.tableName), now: () => new Date().toISOString() };
  const run = async () => {
    try {
      const out = await checkRequests(deps);
      if (out.overdue || out.dueWithinOneBusinessDay) log(`requests check: ${out.overdue} overdue, ${out.dueWithinOneBusinessDay} due within one business day (proxydesk requests --meeting <id> --overdue)`);
    } catch (err) {
      log(`requests check failed: ${(err as Error).message}`);
    }
  };
  const timer = setInterval(() => void run(), 5 * 60_000);
  timer.unref();
  return timer;
}
