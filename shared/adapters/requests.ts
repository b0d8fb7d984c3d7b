import type { Clients } from './clients.js';
import type { Config } from '../config.js';
import type { HolderAdapters } from './holders.js';
import { DynamoLeases, DynamoRequestRecords } from './dynamodb/request-store.js';
import { DynamoMeetingRepository } from './dynamodb/meeting-repository.js';
import { S3FulfilmentPrint } from './s3/fulfilment-files.js';
import { SqsFulfilmentQueue } from './sqs/jobs.js';
import { distributionAdapters } from './distribution.js';
import { getMeeting } from '../domain/meetings/use-cases.js';
import type { FulfilDeps } from '../domain/requests/fulfil.js';
import type { FulfilmentQueue } from '../domain/requests/use-cases.js';

/** The fulfilment queue from config, if one is configured. */
export function fulfilmentQueue(clients: Clients, config: Config): FulfilmentQueue | undefined {
  return config.requestQueueUrl ? new SqsFulfilmentQueue(clients.sqs, config.requestQueueUrl) : undefined;
}

/** What fulfilling a request needs: the requests, the holder, SES, the day's print file, a lease. */
export function fulfilmentAdapters(clients: Clients, config: Config, holders: HolderAdapters): FulfilDeps & { records: DynamoRequestRecords } {
  const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
  const records = new DynamoRequestRecords(clients.documents, config.tableName);
  return {
    records,
    requests: records,
    holders: holders.holders,
    mailer: distributionAdapters(clients, config, holders).mailer,
    print: new S3FulfilmentPrint(clients.s3, config.materialsBucket),
    leases: new DynamoLeases(clients.documents, config.tableName),
    meeting: (id) => getMeeting({ meetings }, id),
    controlNumber: (meetingId, seq) => holders.controlNumbers.controlNumber(meetingId, seq),
    now: () => new Date().toISOString(),
  };
}
