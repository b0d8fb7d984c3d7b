import {
  CreateTableCommand,
  DescribeTableCommand,
  type CreateTableCommandInput,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Clients } from './clients.js';
import type { Config } from '../config.js';
import { MAIN_TABLE, type KeyAttribute, type TableDefinition } from '../resources.js';

const keySchema = (partitionKey: KeyAttribute, sortKey: KeyAttribute) => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' as const },
  { AttributeName: sortKey.name, KeyType: 'RANGE' as const },
];

/**
 * CreateTable input derived only from a definition in shared/resources.ts (the CDK stack reads the
 * same definitions): on-demand billing, the table's keys, every GSI projecting all attributes.
 */
export function createTableInput(def: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute['type']>();
  const keys = [
    def.partitionKey,
    def.sortKey,
    ...def.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
  ];
  for (const key of keys) {
    const seen = attributes.get(key.name);
    if (seen && seen !== key.type) {
      throw new Error(`table ${def.id}: attribute ${key.name} is declared both ${seen} and ${key.type}`);
    }
    attributes.set(key.name, key.type);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    ...(def.globalSecondaryIndexes.length > 0 && {
      GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((g) => ({
        IndexName: g.indexName,
        KeySchema: keySchema(g.partitionKey, g.sortKey),
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  };
}

const errorName = (err: unknown) => (err as { name?: string }).name;
const httpStatus = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

async function describeTable(clients: Clients, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await clients.dynamodb.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (err) {
    if (errorName(err) === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

/**
 * An existing table must have the keys and indexes its definition has now. dynalite cannot add an
 * index to an existing table, so a local table kept from before a definition changed would only
 * fail later, on the first query of the missing index: say so up front instead.
 */
function assertMatchesDefinition(table: TableDescription, expected: CreateTableCommandInput): void {
  const shape = (t: Pick<TableDescription, 'KeySchema' | 'GlobalSecondaryIndexes'>) =>
    JSON.stringify({
      keys: t.KeySchema?.map((k) => [k.AttributeName, k.KeyType]),
      indexes: (t.GlobalSecondaryIndexes ?? [])
        .map((g) => [g.IndexName, g.KeySchema?.map((k) => [k.AttributeName, k.KeyType])])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    });
  const have = shape(table);
  const want = shape(expected as Pick<TableDescription, 'KeySchema' | 'GlobalSecondaryIndexes'>);
  if (have !== want) {
    throw new Error(
      `table ${table.TableName} exists with other keys or indexes than shared/resources.ts defines ` +
        `(has ${have}, wants ${want}); locally, remove the data directory's dynamodb folder to recreate it`,
    );
  }
}

const isActive = (t: TableDescription | undefined) =>
  t?.TableStatus === 'ACTIVE' &&
  (t.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === undefined || g.IndexStatus === 'ACTIVE');

/** Polls DescribeTable until the table and its indexes are ACTIVE (dynalite: milliseconds; AWS: seconds). */
async function waitUntilActive(clients: Clients, tableName: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 2_000)) {
    const table = await describeTable(clients, tableName);
    if (isActive(table)) return;
    if (Date.now() + delay > deadline) {
      throw new Error(
        `table ${tableName} is not ACTIVE after ${timeoutMs} ms (status ${table?.TableStatus ?? 'absent'})`,
      );
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function ensureTable(clients: Clients, def: TableDefinition, tableName: string): Promise<void> {
  const input = createTableInput(def, tableName);
  const existing = await describeTable(clients, tableName);
  if (existing) {
    assertMatchesDefinition(existing, input);
  } else {
    try {
      await clients.dynamodb.send(new CreateTableCommand(input));
    } catch (err) {
      // Created concurrently (another process provisioning the same servers).
      if (errorName(err) !== 'ResourceInUseException') throw err;
    }
  }
  await waitUntilActive(clients, tableName);
}

async function ensureBucket(clients: Clients, bucket: string): Promise<void> {
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (err) {
    if (httpStatus(err) !== 404 && errorName(err) !== 'NotFound' && errorName(err) !== 'NoSuchBucket') throw err;
  }
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    if (errorName(err) === 'BucketAlreadyOwnedByYou') return;
    // s3rver answers BucketAlreadyExists for any existing bucket; on AWS it means someone else's.
    // Either way, created concurrently and reachable with these credentials is fine.
    if (errorName(err) !== 'BucketAlreadyExists') throw err;
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket })).catch(() => {
      throw err;
    });
  }
}

/**
 * Creates the main table (waiting until it is ACTIVE) and both buckets a config names, where absent.
 * Used by the local runtime and the tests; on AWS the CDK stack creates them. Idempotent. No TTL
 * setting: dynalite has no UpdateTimeToLive (and items never expire locally).
 */
export async function provision(clients: Clients, config: Config): Promise<void> {
  await ensureTable(clients, MAIN_TABLE, config.tableName);
  await Promise.all([ensureBucket(clients, config.importsBucket), ensureBucket(clients, config.materialsBucket)]);
}
