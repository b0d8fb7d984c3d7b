import { systemSleep } from '../system.js';
import {
  BatchGetCommand,
  BatchWriteCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

/**
 * BatchWriteItem and BatchGetItem over any number of items: split into the API's limits (25
 * writes, 100 keys), a few calls in flight at once, and unprocessed items retried with
 * exponential backoff and jitter until none are left (or the attempts run out, which throws).
 */
const WRITE_LIMIT = 25;
const GET_LIMIT = 100;
const MAX_ATTEMPTS = 10;

const sleep = systemSleep;
const backoff = (attempt: number) => Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function inParallel<T>(tasks: readonly T[], limit: number, run: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await run(tasks[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency = 16,
): Promise<void> {
  await inParallel(chunks(items, WRITE_LIMIT), concurrency, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 0) await sleep(backoff(attempt));
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  });
}

export async function batchGet(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  opts: { projection?: string; names?: Record<string, string>; concurrency?: number } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  await inParallel(chunks(keys, GET_LIMIT), opts.concurrency ?? 4, async (batch) => {
    let pending: Record<string, unknown>[] = batch;
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${MAX_ATTEMPTS} attempts`);
      if (attempt > 0) await sleep(backoff(attempt));
      const out = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: pending,
              ConsistentRead: true,
              ProjectionExpression: opts.projection,
              ExpressionAttributeNames: opts.names,
            },
          },
        }),
      );
      found.push(...((out.Responses?.[tableName] ?? []) as Record<string, unknown>[]));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  });
  return found;
}

/** Every item a query matches (or the first `limit`), page by page. */
export async function* queryItems(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  limit = Number.POSITIVE_INFINITY,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  let count = 0;
  do {
    const out = await client.send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: start,
        Limit: Number.isFinite(limit) ? limit - count : input.Limit,
      }),
    );
    for (const item of out.Items ?? []) {
      count++;
      yield item;
    }
    start = out.LastEvaluatedKey;
  } while (start && count < limit);
}
