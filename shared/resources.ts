/**
 * The one source of the platform's storage and API shape. The CDK stack (infra/) and the local
 * runtime (cli/local/) both build their tables, buckets and routes from these definitions, so the
 * two cannot drift.
 */

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export interface TableDefinition {
  /** Stable id: CDK construct id, config key and local table name suffix. */
  readonly id: string;
  readonly description: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Attribute that holds an epoch-seconds expiry, if items expire. */
  readonly timeToLiveAttribute?: string;
}

export interface LifecycleRule {
  /** Objects under this prefix. */
  readonly prefix: string;
  /** Deleted this many days after they are written. */
  readonly expireAfterDays?: number;
  /** Moved to S3 Glacier Instant Retrieval this many days after they are written. */
  readonly archiveAfterDays?: number;
}

export interface BucketDefinition {
  readonly id: string;
  readonly description: string;
  /** Lifecycle rules on AWS (the local S3 server keeps everything). Old versions always expire after 90 days. */
  readonly lifecycle?: readonly LifecycleRule[];
}

/** Single-table design: every entity lives in one table under generic keys (see shared/adapters/dynamodb/keys.ts). */
export const MAIN_TABLE: TableDefinition = {
  id: 'Main',
  description: 'Meetings, holders, requests and deliveries (single-table design).',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    {
      indexName: 'gsi2',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
    },
  ],
  // Throttling counters expire (epoch seconds); DynamoDB deletes them some time after.
  timeToLiveAttribute: 'expiresAt',
};

export const TABLES: readonly TableDefinition[] = [MAIN_TABLE];

export const IMPORTS_BUCKET: BucketDefinition = {
  id: 'Imports',
  description: 'Holder lists uploaded by mailing operations (an upload starts an import).',
  // The holder lists (names, addresses) are imported into the table; the uploads go after two years.
  lifecycle: [
    { prefix: 'imports/', archiveAfterDays: 90, expireAfterDays: 730 },
    // Telephone-vote files carry control numbers in clear: once imported (the history keeps what each row said,
    // the report keeps the file's digest), the file goes after 7 days.
    { prefix: 'votes/', expireAfterDays: 7 },
  ],
};

export const MATERIALS_BUCKET: BucketDefinition = {
  id: 'Materials',
  description: 'Proxy materials, notices and generated mail pieces.',
  lifecycle: [
    // A run's chunks (names and addresses) are needed only while it sends.
    { prefix: 'plans/', expireAfterDays: 30 },
    // Print files are the record of what was mailed to whom: kept, archived after the vendor has them.
    { prefix: 'print/', archiveAfterDays: 180 },
  ],
};

export const BUCKETS: readonly BucketDefinition[] = [IMPORTS_BUCKET, MATERIALS_BUCKET];

/** Uploads to the imports bucket that start a holder import (S3 notification filter, AWS and local). */
export const IMPORT_UPLOADS = { prefix: 'imports/', suffix: '.csv' } as const;

/** Uploads to the imports bucket that start a vote-file import: votes/<meeting>/<phone|mail>/<file>.csv. */
export const VOTE_UPLOADS = { prefix: 'votes/', suffix: '.csv' } as const;

/** The Lambda functions behind the HTTP API; each is `functions/<name>/handler.ts`. */
export type FunctionName =
  'deadlines' | 'meetings' | 'distributions' | 'requests' | 'votes' | 'results' | 'site' | 'voting-site' | 'openapi';

/** Functions started by events rather than the API; also `functions/<name>/handler.ts`. */
export type WorkerName =
  'holders-import' | 'votes-import' | 'distribution-worker' | 'requests-worker' | 'requests-check' | 'email-events';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway v2 path, with `{param}` placeholders. */
  readonly path: string;
  readonly function: FunctionName;
  /**
   * `iam`: operations only — on AWS the caller signs the request (SigV4) with credentials allowed
   * to invoke the route; locally the API listens on loopback. Default: public.
   */
  readonly auth?: 'iam';
}

/** HTTP API routes: API Gateway on AWS, the local server on localhost. */
export const ROUTES: readonly RouteDefinition[] = [
  { method: 'GET', path: '/deadlines', function: 'deadlines' },
  { method: 'POST', path: '/deadlines/check', function: 'deadlines' },
  { method: 'GET', path: '/meetings', function: 'meetings' },
  { method: 'GET', path: '/meetings/{meetingId}', function: 'meetings' },
  { method: 'GET', path: '/meetings/{meetingId}/deadlines', function: 'meetings' },
  { method: 'POST', path: '/meetings/{meetingId}/requests', function: 'requests' },
  // Votes: POST only, so that no control number sits in a URL or an access log.
  { method: 'POST', path: '/meetings/{meetingId}/votes', function: 'votes' },
  { method: 'POST', path: '/meetings/{meetingId}/votes/confirm', function: 'votes' },
  // Confidential voting: figures for operations; how a named holder voted for the inspector's role only (infra: VotesApi).
  { method: 'GET', path: '/meetings/{meetingId}/votes/status', function: 'votes', auth: 'iam' },
  { method: 'GET', path: '/meetings/{meetingId}/votes/accounts/{accountId}', function: 'votes', auth: 'iam' },
  // Results: preliminary tallies are confidential during the solicitation (operators and the inspector; the
  // certificate, which names accounts whose proxies did not count, the inspector's role only: infra VoteOversight).
  { method: 'GET', path: '/meetings/{meetingId}/results', function: 'results', auth: 'iam' },
  { method: 'GET', path: '/meetings/{meetingId}/results/page', function: 'results', auth: 'iam' },
  { method: 'GET', path: '/meetings/{meetingId}/results/certificate', function: 'results', auth: 'iam' },
  { method: 'GET', path: '/materials/{meetingId}', function: 'site' },
  { method: 'GET', path: '/materials/{meetingId}/documents/{name}', function: 'site' },
  { method: 'POST', path: '/materials/{meetingId}/requests', function: 'site' },
  // The stockholder's voting page beside the materials website: every form posts, so no control number is in a URL.
  { method: 'GET', path: '/vote/{meetingId}', function: 'voting-site' },
  { method: 'POST', path: '/vote/{meetingId}/ballot', function: 'voting-site' },
  { method: 'POST', path: '/vote/{meetingId}/votes', function: 'voting-site' },
  { method: 'GET', path: '/vote/{meetingId}/confirm', function: 'voting-site' },
  { method: 'POST', path: '/vote/{meetingId}/confirm', function: 'voting-site' },
  { method: 'POST', path: '/meetings/{meetingId}/distributions', function: 'distributions', auth: 'iam' },
  { method: 'GET', path: '/meetings/{meetingId}/distributions', function: 'distributions', auth: 'iam' },
  // The API's contract (OpenAPI 3.1), generated from shared/http/contract.ts.
  { method: 'GET', path: '/openapi.json', function: 'openapi' },
];

/** Names used locally (and as the CDK table name prefix is left to CloudFormation on AWS). */
export function localTableName(def: TableDefinition): string {
  return `proxydesk-${def.id.toLowerCase()}`;
}

export function localBucketName(def: BucketDefinition): string {
  return `proxydesk-${def.id.toLowerCase()}`;
}
