import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import type { Clients } from './clients.js';
import type { Config } from '../config.js';
import { MAIN_TABLE, type TableDefinition } from '../resources.js';

/** CreateTable input derived only from a definition in shared/resources.ts (the CDK reads the same). */
export function createTableInput(def: TableDefinition, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, string>();
  const keyAttrs = [def.partitionKey, def.sortKey, ...def.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey])];
  for (const a of keyAttrs) attributes.set(a.name, a.type);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType: AttributeType as 'S' | 'N' })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.length
      ? def.globalSecondaryIndexes.map((g) => ({
          IndexName: g.indexName,
          KeySchema: [
            { AttributeName: g.partitionKey.name, KeyType: 'HASH' as const },
            { AttributeName: g.sortKey.name, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        }))
      : undefined,
  };
}

async function ensureTable(clients: Clients, def: TableDefinition, tableName: string): Promise<void> {
  try {
    await clients.dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (err) {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
  }
  try {
    await clients.dynamodb.send(new CreateTableCommand(createTableInput(def, tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await waitUntilTableExists({ client: clients.dynamodb, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
}

async function ensureBucket(clients: Clients, bucket: string): Promise<void> {
  try {
    await clients.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404 && (err as Error).name !== 'NotFound') throw err;
  }
  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    const name = (err as Error).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
}

/**
 * Creates the table and buckets a config names, if absent (the local runtime and the tests; on
 * AWS the CDK stack creates them). Idempotent.
 */
export async function provision(clients: Clients, config: Config): Promise<void> {
  await ensureTable(clients, MAIN_TABLE, config.tableName);
  await ensureBucket(clients, config.importsBucket);
  await ensureBucket(clients, config.materialsBucket);
}
