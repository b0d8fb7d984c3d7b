import type { Clients } from './clients.js';
import type { Config } from '../config.js';
import type { HolderAdapters } from './holders.js';
import { DynamoPieceLedger } from './dynamodb/piece-ledger.js';
import { DynamoLeases } from './dynamodb/leases.js';
import { systemIds, systemSleep } from './system.js';
import { SesMailer, localSesStoreLookup } from './ses/mailer.js';
import { S3PrintFiles } from './s3/print-files.js';
import { listMaterials } from './s3/materials.js';
import { S3ChunkStore } from './s3/plan-chunks.js';
import { SqsJobQueue } from './sqs/jobs.js';
import { DynamoMeetingRepository } from './dynamodb/meeting-repository.js';
import { getMeeting } from '../domain/meetings/use-cases.js';
import { ConfigError } from '../config.js';
import type { JobDeps, JobQueue } from '../domain/distribution/jobs.js';

/** The distribution adapters, wired from config: the same code sends through AWS or the local servers. */
export function distributionAdapters(clients: Clients, config: Config, holders: HolderAdapters) {
  const ledger = new DynamoPieceLedger(clients.documents, config.tableName);
  const mailer = new SesMailer(clients.sesv2, {
    from: config.mailFrom,
    configurationSet: config.sesConfigurationSet,
    // Locally the SES server's store says whether a piece's email was accepted; on AWS nothing can
    // yet (SES event publishing is the production-readiness issue), so such pieces are reported in doubt.
    sentLookup: config.endpoints.ses ? localSesStoreLookup(config.endpoints.ses) : undefined,
    maxPerSecond: config.endpoints.ses ? 1000 : undefined, // on AWS: the account's own rate
  });
  return {
    ledger,
    mailer,
    print: new S3PrintFiles(clients.s3, config.materialsBucket),
    holders: holders.holders,
    controlNumbers: (meetingId: string, seqs: readonly number[]) =>
      holders.controlNumbers.controlNumbers(meetingId, seqs),
    materials: (meetingId: string) => listMaterials(clients.s3, config.materialsBucket, meetingId),
    leases: new DynamoLeases(clients.documents, config.tableName),
    ids: systemIds,
    sleep: systemSleep,
    now: () => new Date().toISOString(),
  };
}

/** The distribution job queue from config (the distributions API and worker on AWS; npm start's local queue). */
export function distributionQueue(clients: Clients, config: Config): JobQueue {
  const url = config.distributionQueueUrl;
  if (!url)
    throw new ConfigError(
      'invalid configuration: PROXYDESK_DISTRIBUTION_QUEUE_URL is required to queue distribution jobs',
    );
  return new SqsJobQueue(clients.sqs, url);
}

/** Everything the distribution jobs need: the sending adapters, the meeting, the chunk store and the queue. */
export function distributionJobAdapters(clients: Clients, config: Config, holders: HolderAdapters): JobDeps {
  const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
  return {
    ...distributionAdapters(clients, config, holders),
    meeting: (id: string) => getMeeting({ meetings }, id),
    chunks: new S3ChunkStore(clients.s3, config.materialsBucket),
    queue: distributionQueue(clients, config),
  };
}
