import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { HolderKind } from '../../domain/holders/schema.js';
import type { Holder, HolderStore, ImportRun, Nominee, Rejection, Totals } from '../../domain/holders/model.js';
import { batchGet, batchPut, queryItems } from './batch.js';
import { toHolder, toImportRun, toNominee, toRejection } from './holder-items.js';
import { ENTITY, HOLDER_SHARDS, keys } from './keys.js';
import { conditionally } from './conditional.js';
import { InvalidInputError } from '../../domain/errors.js';
import type { ControlNumberIssuer } from '../../domain/holders/model.js';
import type { HouseholdingEvents } from '../../domain/households/consent.js';
import type { ControlNumberCrypto } from '../crypto/control-numbers.js';
import type { VotingHolder } from '../../domain/voting/vote-file.js';
import { ItemReader } from './items.js';

type Item = Record<string, unknown>;

/** Holder lists in the main table (key layout: ./keys.ts). Never scans. */
export class DynamoHolderStore implements HolderStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private toHolderItem(h: Holder): Item {
    return {
      ...keys.holder(h.meetingId, h.accountId),
      ...keys.holderByControl(h.meetingId, h.controlHash),
      ...keys.holderHousehold(h.meetingId, h.addressKey, h.accountId),
      entity: ENTITY.holder,
      ...h,
    };
  }

  async getHolders(meetingId: string, accountIds: readonly string[]): Promise<Map<string, Holder>> {
    if (!accountIds.length) return new Map();
    const items = await batchGet(
      this.client,
      this.tableName,
      accountIds.map((a) => keys.holder(meetingId, a)),
    );
    return new Map(items.map(toHolder).map((h) => [h.accountId, h]));
  }

  /**
   * What a vote file's row is judged by (the account, its record-date shares, the control-number hash), by
   * account: the same batch look-up as getHolders, projected to those three attributes.
   */
  async getVotingHolders(meetingId: string, accountIds: readonly string[]): Promise<Map<string, VotingHolder>> {
    if (!accountIds.length) return new Map();
    const items = await batchGet(
      this.client,
      this.tableName,
      accountIds.map((a) => keys.holder(meetingId, a)),
      { projection: '#a, #s, #h', names: { '#a': 'accountId', '#s': 'shares', '#h': 'controlHash' } },
    );
    return new Map(
      items.map((item) => {
        const f = new ItemReader(item, 'holder');
        return [
          f.str('accountId'),
          { accountId: f.str('accountId'), shares: f.num('shares'), controlHash: f.str('controlHash') },
        ];
      }),
    );
  }

  /**
   * Every record-date holder of the meeting as getVotingHolders gives them, read whole: the 16 `HOLDERS#` shards
   * queried at once, projected to the three attributes (a listed holder costs the server about a third of a
   * looked-up one). `controlHash: false` leaves the hash out (a card file needs none).
   */
  async allVotingHolders(meetingId: string, opts: { controlHash: boolean }): Promise<Map<string, VotingHolder>> {
    const out = new Map<string, VotingHolder>();
    await Promise.all(
      Array.from({ length: HOLDER_SHARDS }, async (_, shard) => {
        for await (const item of queryItems(this.client, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.holderShard(meetingId, shard) },
          ProjectionExpression: opts.controlHash ? '#a, #s, #h' : '#a, #s',
          ExpressionAttributeNames: opts.controlHash
            ? { '#a': 'accountId', '#s': 'shares', '#h': 'controlHash' }
            : { '#a': 'accountId', '#s': 'shares' },
          ConsistentRead: true,
        })) {
          const f = new ItemReader(item, 'holder');
          const accountId = f.str('accountId');
          out.set(accountId, {
            accountId,
            shares: f.num('shares'),
            controlHash: opts.controlHash ? f.str('controlHash') : '',
          });
        }
      }),
    );
    return out;
  }

  /** How many control numbers the meeting has issued: at least its number of registered holders (none: 0). */
  async controlNumbersIssued(meetingId: string): Promise<number> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.controlSequence(meetingId), ConsistentRead: true }),
    );
    return typeof out.Item?.next === 'number' ? out.Item.next : 0;
  }

  async hasHolders(meetingId: string): Promise<boolean> {
    return (await this.controlNumbersIssued(meetingId)) > 0;
  }

  async putHolders(holders: readonly Holder[]): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      holders.map((h) => this.toHolderItem(h)),
    );
  }

  async getHolder(meetingId: string, accountId: string): Promise<Holder | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.holder(meetingId, accountId), ConsistentRead: true }),
    );
    return out.Item ? toHolder(out.Item) : undefined;
  }

  async getHolderByControlHash(meetingId: string, controlHash: string): Promise<Holder | undefined> {
    const { gsi1pk, gsi1sk } = keys.holderByControl(meetingId, controlHash);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
        ExpressionAttributeValues: { ':pk': gsi1pk, ':sk': gsi1sk },
        Limit: 2,
      }),
    );
    return out.Items?.[0] ? toHolder(out.Items[0]) : undefined;
  }

  /** Pages through the shards in order; the cursor carries the shard and DynamoDB's position in it. */
  async listHolders(
    meetingId: string,
    opts: { cursor?: string; limit?: number },
  ): Promise<{ holders: Holder[]; cursor?: string }> {
    const limit = opts.limit ?? 100;
    let { shard, start } = decodeCursor(opts.cursor);
    const holders: Holder[] = [];
    while (shard < HOLDER_SHARDS && holders.length < limit) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.holderShard(meetingId, shard) },
          ExclusiveStartKey: start,
          Limit: limit - holders.length,
        }),
      );
      holders.push(...(out.Items ?? []).map(toHolder));
      if (out.LastEvaluatedKey) start = out.LastEvaluatedKey;
      else {
        shard++;
        start = undefined;
      }
    }
    return { holders, cursor: shard < HOLDER_SHARDS ? encodeCursor(shard, start) : undefined };
  }

  async listHousehold(meetingId: string, addressKey: string): Promise<Holder[]> {
    const found: Holder[] = [];
    const query = {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.household(meetingId, addressKey) },
    };
    for await (const item of queryItems(this.client, query)) found.push(toHolder(item));
    return found;
  }

  async saveHouseholding(meetingId: string, accountId: string, events: HouseholdingEvents): Promise<boolean> {
    return this.setOnHolder(meetingId, accountId, 'householding', events);
  }

  async saveElection(
    meetingId: string,
    accountId: string,
    elected: NonNullable<Holder['electedByRequest']>,
  ): Promise<boolean> {
    return this.setOnHolder(meetingId, accountId, 'electedByRequest', elected);
  }

  async saveEmailUndeliverable(
    meetingId: string,
    accountId: string,
    status: NonNullable<Holder['emailUndeliverable']>,
  ): Promise<boolean> {
    return this.setOnHolder(meetingId, accountId, 'emailUndeliverable', status);
  }

  /** Sets one attribute recorded after import on an existing holder; false if there is none. */
  private setOnHolder(
    meetingId: string,
    accountId: string,
    attribute: 'householding' | 'electedByRequest' | 'emailUndeliverable',
    value: unknown,
  ): Promise<boolean> {
    return conditionally(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.holder(meetingId, accountId),
          UpdateExpression: 'SET #a = :v',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#a': attribute },
          ExpressionAttributeValues: { ':v': value },
        }),
      ),
    );
  }

  async getNominees(meetingId: string, participants: readonly string[]): Promise<Map<string, Nominee>> {
    if (!participants.length) return new Map();
    const items = await batchGet(
      this.client,
      this.tableName,
      participants.map((p) => keys.nominee(meetingId, p)),
    );
    return new Map(items.map(toNominee).map((n) => [n.dtcParticipant, n]));
  }

  async listNominees(meetingId: string): Promise<Nominee[]> {
    const found: Nominee[] = [];
    const query = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.nominees(meetingId) },
    };
    for await (const item of queryItems(this.client, query)) found.push(toNominee(item));
    return found;
  }

  async putNominees(nominees: readonly Nominee[]): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      nominees.map((n) => ({ ...keys.nominee(n.meetingId, n.dtcParticipant), entity: ENTITY.nominee, ...n })),
    );
  }

  async putRejections(meetingId: string, sourceId: string, rejections: readonly Rejection[]): Promise<void> {
    // One item per line and field: writing the same rejection again overwrites it.
    const unique = new Map(rejections.map((r) => [`${r.line}#${r.field}`, r]));
    await batchPut(
      this.client,
      this.tableName,
      [...unique.values()].map((r) => ({
        ...keys.rejection(meetingId, sourceId, r.line, r.field),
        entity: ENTITY.rejection,
        ...r,
      })),
    );
  }

  async listRejections(meetingId: string, sourceId: string, limit: number): Promise<Rejection[]> {
    const found: Rejection[] = [];
    const query = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.rejections(meetingId, sourceId) },
      ProjectionExpression: 'line, field, message',
    };
    for await (const item of queryItems(this.client, query, limit)) found.push(toRejection(item));
    return found;
  }

  /** Sums over the stored lists (the source of truth: correct after re-imports and resumed imports). */
  async totals(meetingId: string, known?: { registered?: { holders: number; shares: number } }): Promise<Totals> {
    const registered =
      known?.registered ??
      (
        await Promise.all(
          Array.from({ length: HOLDER_SHARDS }, (_, shard) =>
            this.sum(keys.holderShard(meetingId, shard), '#shares', { '#shares': 'shares' }),
          ),
        )
      ).reduce((acc, x) => ({ holders: acc.holders + x.count, shares: acc.shares + x.shares }), {
        holders: 0,
        shares: 0,
      });
    const nominees = await this.sum(keys.nominees(meetingId), '#shares, setsRequested', { '#shares': 'shares' });
    return {
      registeredHolders: registered.holders,
      registeredShares: registered.shares,
      nominees: nominees.count,
      nomineeShares: nominees.shares,
      nomineesWithShares: nominees.withShares,
      nomineeSetsRequested: nominees.sets,
    };
  }

  private async sum(pk: string, projection: string, names: Record<string, string>) {
    const acc = { count: 0, shares: 0, withShares: 0, sets: 0 };
    const query = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ProjectionExpression: projection,
      ExpressionAttributeNames: names,
    };
    for await (const item of queryItems(this.client, query)) {
      acc.count++;
      if (typeof item.shares === 'number') {
        acc.shares += item.shares;
        acc.withShares++;
      }
      if (typeof item.setsRequested === 'number') acc.sets += item.setsRequested;
    }
    return acc;
  }

  async getRun(meetingId: string, kind: HolderKind, sourceId: string): Promise<ImportRun | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.importRun(meetingId, kind, sourceId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? toImportRun(out.Item) : undefined;
  }

  async saveRun(run: ImportRun): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.importRun(run.meetingId, run.kind, run.sourceId), entity: ENTITY.importRun, run },
      }),
    );
  }

  /** Reserves `count` control sequence numbers with one atomic ADD; returns the first. */
  async reserveControlSequence(meetingId: string, count: number): Promise<number> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.controlSequence(meetingId),
        UpdateExpression: 'ADD #next :n',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':n': count },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return (out.Attributes?.next as number) - count;
  }
}

function encodeCursor(shard: number, start: Item | undefined): string {
  return Buffer.from(JSON.stringify({ s: shard, k: start ?? null })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { shard: number; start: Item | undefined } {
  if (!cursor) return { shard: 0, start: undefined };
  try {
    const { s, k } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s: number; k: Item | null };
    if (Number.isInteger(s) && s >= 0 && s <= HOLDER_SHARDS) return { shard: s, start: k ?? undefined };
  } catch {
    // fall through
  }
  throw new InvalidInputError([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
}

/** The control-number issuer: sequence blocks from the table, numbers and hashes from the secret. */
export function controlNumberIssuer(store: DynamoHolderStore, crypto: ControlNumberCrypto): ControlNumberIssuer {
  return {
    reserve: (meetingId, count) => store.reserveControlSequence(meetingId, count),
    controlNumber: (meetingId, seq) => crypto.controlNumber(meetingId, seq),
    controlNumbers: (meetingId, seqs) => crypto.controlNumbers(meetingId, seqs),
    hash: (meetingId, cn) => crypto.hash(meetingId, cn),
  };
}
