import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttemptCounter, RequestStore, StockholderRequest } from '../../domain/requests/use-cases.js';
import type { RequestRecords } from '../../domain/requests/fulfil.js';
import { batchGet, queryItems } from './batch.js';
import { ItemReader, type Item, type Mutable } from './items.js';
import { REQUEST_KINDS } from '../../domain/requests/schema.js';
import { ENTITY, keys } from './keys.js';
import { conditionally } from './conditional.js';

/**
 * Refused attempts per client, counted in fixed windows (the current and the previous one are
 * summed, so the limit holds across a window's edge). The client's address is kept only as a
 * digest; counters expire (TTL) after two windows.
 */
export class DynamoAttemptCounter implements AttemptCounter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly opts: { limit: number; windowSeconds: number } = { limit: 5, windowSeconds: 900 },
  ) {}

  private digest(client: string): string {
    return createHash('sha256').update(`proxydesk-attempts\u0000${client}`).digest('base64url').slice(0, 22);
  }

  async blockedFor(client: string, now: string): Promise<number> {
    const seconds = Date.parse(now) / 1000;
    const window = Math.floor(seconds / this.opts.windowSeconds);
    const d = this.digest(client);
    // Both windows' counters in one call (BatchGetItem, consistent): one round trip per public request.
    const items = await batchGet(
      this.client,
      this.tableName,
      [keys.attempts(d, window), keys.attempts(d, window - 1)],
      {
        projection: '#count',
        names: { '#count': 'count' },
      },
    );
    const refused = items.reduce((sum, item) => sum + Number(item.count ?? 0), 0);
    if (refused < this.opts.limit) return 0;
    return Math.ceil((window + 1) * this.opts.windowSeconds - seconds);
  }

  async fail(client: string, now: string): Promise<void> {
    const seconds = Date.parse(now) / 1000;
    const window = Math.floor(seconds / this.opts.windowSeconds);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.attempts(this.digest(client), window),
        UpdateExpression: 'ADD #count :one SET expiresAt = :exp, entity = :e',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':exp': (window + 2) * this.opts.windowSeconds, ':e': ENTITY.attempts },
      }),
    );
  }
}

const REQUEST_STATUS = ['received', 'sending', 'printing', 'fulfilled'] as const;
const ELECTIONS = ['paper', 'email'] as const;

/** A stored request, field by field (a change of stored shape fails here, naming the item and field). */
function toRequest(item: Item): StockholderRequest {
  const f = new ItemReader(item, 'request');
  const r: Mutable<StockholderRequest> = {
    meetingId: f.str('meetingId'),
    requestId: f.str('requestId'),
    kind: f.oneOf('kind', REQUEST_KINDS),
    accountId: f.str('accountId'),
    receivedAt: f.str('receivedAt'),
    countsFrom: f.str('countsFrom'),
    basis: f.str('basis'),
    status: f.oneOf('status', REQUEST_STATUS),
  };
  if (f.has('email')) r.email = f.str('email');
  if (f.has('election')) r.election = f.oneOf('election', ELECTIONS);
  if (f.has('dueBy')) r.dueBy = f.str('dueBy');
  if (f.has('printDay')) r.printDay = f.str('printDay');
  if (f.has('fulfilledAt')) r.fulfilledAt = f.str('fulfilledAt');
  if (f.has('fulfilment')) r.fulfilment = f.str('fulfilment');
  return r;
}

/**
 * Stockholder requests in the main table, one item each: written only if new (the id is
 * deterministic), then read and updated as they are fulfilled.
 */
export class DynamoRequestRecords implements RequestStore, RequestRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(request: StockholderRequest): Promise<{ created: boolean; request: StockholderRequest }> {
    const created = await conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.request(request.meetingId, request.requestId),
            ...keys.requestDue(request.meetingId, request.dueBy, request.requestId),
            entity: ENTITY.request,
            ...request,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    return { created, request: created ? request : (await this.get(request.meetingId, request.requestId))! };
  }

  async get(meetingId: string, requestId: string): Promise<StockholderRequest | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.request(meetingId, requestId), ConsistentRead: true }),
    );
    return out.Item ? toRequest(out.Item) : undefined;
  }

  async claim(meetingId: string, requestId: string, now: string): Promise<'claimed' | StockholderRequest['status']> {
    const claimed = await conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.request(meetingId, requestId),
          UpdateExpression: 'SET #s = :sending, claimedAt = :now',
          ConditionExpression: '#s = :received',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':received': 'received', ':now': now },
        }),
      ),
    );
    return claimed ? 'claimed' : (await this.get(meetingId, requestId))!.status;
  }

  async assignPrintDay(meetingId: string, requestId: string, day: string): Promise<string> {
    const assigned = await conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.request(meetingId, requestId),
          UpdateExpression: 'SET printDay = :day, #s = :printing, gsi2pk = :pk, gsi2sk = :id',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(printDay)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':day': day,
            ':printing': 'printing',
            ':pk': keys.printDay(meetingId, day),
            ':id': requestId,
          },
        }),
      ),
    );
    if (assigned) return day;
    // Already on a day's file (a retry): it stays there.
    const existing = await this.get(meetingId, requestId);
    if (!existing?.printDay) throw new Error(`request ${requestId} of ${meetingId} does not exist`);
    return existing.printDay;
  }

  async printDay(meetingId: string, day: string): Promise<StockholderRequest[]> {
    const found: StockholderRequest[] = [];
    const query = {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.printDay(meetingId, day) },
    };
    for await (const item of queryItems(this.client, query)) found.push(toRequest(item));
    return found;
  }

  async markFulfilled(meetingId: string, requestId: string, at: string, how: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.request(meetingId, requestId),
        UpdateExpression: 'SET #s = :f, fulfilledAt = :at, fulfilment = :how',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':f': 'fulfilled', ':at': at, ':how': how },
      }),
    );
  }

  /** A meeting's requests by due day (those without one last), up to `dueBefore` if given. */
  async list(meetingId: string, opts: { dueBefore?: string } = {}): Promise<StockholderRequest[]> {
    const found: StockholderRequest[] = [];
    const query = {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: opts.dueBefore ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.requestsDue(meetingId),
        ...(opts.dueBefore ? { ':before': opts.dueBefore } : {}),
      },
    };
    for await (const item of queryItems(this.client, query)) found.push(toRequest(item));
    return found;
  }
}
