import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AttemptCounter, RequestStore, StockholderRequest } from '../../domain/requests/use-cases.js';
import { ENTITY, keys } from './keys.js';

/** Stockholder requests in the main table, one item each, written only if new (the id is deterministic). */
export class DynamoRequestStore implements RequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(request: StockholderRequest): Promise<{ created: boolean; request: StockholderRequest }> {
    const key = keys.request(request.meetingId, request.requestId);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, ...keys.requestDue(request.meetingId, request.dueBy, request.requestId), entity: ENTITY.request, ...request },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, request };
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
      const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _gs, entity: _e, ...stored } = out.Item!;
      return { created: false, request: stored as unknown as StockholderRequest };
    }
  }
}

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
    const counts = await Promise.all(
      [window, window - 1].map(async (w) => {
        const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.attempts(d, w), ConsistentRead: true }));
        return Number(out.Item?.count ?? 0);
      }),
    );
    if (counts[0]! + counts[1]! < this.opts.limit) return 0;
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
