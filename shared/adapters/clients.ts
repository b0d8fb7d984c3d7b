import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Config } from '../config.js';

/**
 * SDK clients, built once per process from validated config. With endpoints set (local runtime,
 * tests) they talk to dynalite, s3rver and aws-ses-v2-local; without, to AWS.
 */
export interface Clients {
  readonly dynamodb: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly ses: SESClient;
  /** SES v2: sending (custom headers, tags, configuration sets). */
  readonly sesv2: SESv2Client;
  readonly sqs: SQSClient;
}

/** Dummy credentials for the local servers; s3rver accepts only this key pair. */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createClients(config: Config): Clients {
  const local = (endpoint: string | undefined) => (endpoint ? { endpoint, credentials: LOCAL_CREDENTIALS } : {});
  const dynamodb = new DynamoDBClient({ region: config.region, ...local(config.endpoints.dynamodb) });
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const s3 = new S3Client({
    region: config.region,
    ...local(config.endpoints.s3),
    forcePathStyle: Boolean(config.endpoints.s3),
    // s3rver stores streamed uploads corrupted when the SDK adds its default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const ses = new SESClient({ region: config.region, ...local(config.endpoints.ses) });
  const sesv2 = new SESv2Client({ region: config.region, ...local(config.endpoints.ses) });
  const sqs = new SQSClient({ region: config.region, ...local(config.endpoints.sqs) });
  return { dynamodb, documents, s3, ses, sesv2, sqs };
}

let processClients: { key: string; clients: Clients } | undefined;

/** The process-wide clients for a config (created on first use, reused after). */
export function clientsFor(config: Config): Clients {
  const key = JSON.stringify(config);
  if (!processClients || processClients.key !== key) {
    processClients = { key, clients: createClients(config) };
  }
  return processClients.clients;
}
