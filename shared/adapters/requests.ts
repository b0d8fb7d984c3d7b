import type { Clients } from './clients.js';
import { clockOf, type Config } from '../config.js';
import type { HolderAdapters } from './holders.js';
import { DynamoRequestRecords } from './dynamodb/request-store.js';
import { DynamoLeases } from './dynamodb/leases.js';
import { systemIds } from './system.js';
import { DynamoMeetingRepository } from './dynamodb/meeting-repository.js';
import { S3FulfilmentPrint } from './s3/fulfilment-files.js';
import { SqsFulfilmentQueue } from './sqs/jobs.js';
import { distributionAdapters } from './distribution.js';
import { getMeeting } from '../domain/meetings/use-cases.js';
import type { FulfilDeps } from '../domain/requests/fulfil.js';
import { submitRequest, type FulfilmentQueue, type SubmitResult } from '../domain/requests/use-cases.js';
import type { Meeting } from '../domain/meetings/schema.js';
import { holderAdapters } from './holders.js';
import { Temporal } from '../domain/calendar/dates.js';
import { DynamoPieceLedger } from './dynamodb/piece-ledger.js';
import { DynamoAttemptCounter } from './dynamodb/request-store.js';
import { listMaterials } from './s3/materials.js';
import { findByControlNumber } from '../domain/holders/use-cases.js';
import { firstSentDate } from '../domain/distribution/use-cases.js';

/** The fulfilment queue from config, if one is configured. */
export function fulfilmentQueue(clients: Clients, config: Config): FulfilmentQueue | undefined {
  return config.requestQueueUrl ? new SqsFulfilmentQueue(clients.sqs, config.requestQueueUrl) : undefined;
}

/** What fulfilling a request needs: the requests, the holder, SES, the day's print file, a lease. */
export function fulfilmentAdapters(clients: Clients, config: Config, holders: HolderAdapters): FulfilDeps {
  const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
  return {
    requests: new DynamoRequestRecords(clients.documents, config.tableName),
    holders: holders.holders,
    mailer: distributionAdapters(clients, config, holders).mailer,
    print: new S3FulfilmentPrint(clients.s3, config.materialsBucket),
    leases: new DynamoLeases(clients.documents, config.tableName),
    ids: systemIds,
    meeting: (id) => getMeeting({ meetings }, id),
    controlNumber: (meetingId, seq) => holders.controlNumbers.controlNumber(meetingId, seq),
    now: clockOf(config),
  };
}

/** What taking a request needs (the JSON API and the materials page share it): one per process. */
export function requestIntake(clients: Clients, config: Config) {
  const holders = holderAdapters(clients, config);
  holders.catch(() => undefined); // surfaces when a request awaits it
  const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
  const ledger = new DynamoPieceLedger(clients.documents, config.tableName);
  const requests = new DynamoRequestRecords(clients.documents, config.tableName);
  const attempts = new DynamoAttemptCounter(clients.documents, config.tableName);
  const fulfilment = fulfilmentQueue(clients, config);
  return {
    meeting: (id: string) => getMeeting({ meetings }, id),
    materials: (id: string) => listMaterials(clients.s3, config.materialsBucket, id),
    /** A request for a meeting, from a client (its address): the one intake of the API and the form. */
    submit: async (meeting: Meeting, body: unknown, client: string): Promise<SubmitResult> => {
      const h = await holders;
      // The first distribution's day; before any ran here, the release date the meeting file states.
      const firstSent =
        (await firstSentDate(ledger, meeting.id)) ?? Temporal.PlainDate.from(meeting.meeting.materialsReleaseDate);
      return submitRequest(
        { findHolder: (m, n) => findByControlNumber(h, m, n), requests, attempts, fulfilment, now: clockOf(config) },
        { meeting, body, client, firstSent },
      );
    },
  };
}
