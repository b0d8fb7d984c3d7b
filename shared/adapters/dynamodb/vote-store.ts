import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Choice } from '../../domain/voting/ballot.js';
import type { VoteRecord } from '../../domain/voting/cast.js';
import type { SubmissionKind } from '../../domain/voting/history.js';
import type { VoteLedger } from '../../domain/voting/records.js';
import { queryItems } from './batch.js';
import { conditionally } from './conditional.js';
import { ItemReader, type Item } from './items.js';
import { ENTITY, HOLDER_SHARDS, keys } from './keys.js';

const KINDS = [
  'internet',
  'phone',
  'mail',
  'revocation',
  'meeting',
  'attendance',
] as const satisfies readonly SubmissionKind[];
const CHOICES = [
  'FOR',
  'WITHHOLD',
  'AGAINST',
  'ABSTAIN',
  '1 YEAR',
  '2 YEARS',
  '3 YEARS',
] as const satisfies readonly Choice[];
const ChoiceSchema = z.enum(CHOICES);
const StoredBallotSchema = z.record(z.string(), z.union([ChoiceSchema, z.record(z.string(), ChoiceSchema)]));

/** A stored submission, field by field (a change of stored shape fails here, naming the item and field). */
function toVote(item: Item): VoteRecord {
  const f = new ItemReader(item, 'vote');
  return {
    id: f.str('id'),
    kind: f.oneOf('kind', KINDS),
    meetingId: f.str('meetingId'),
    accountId: f.str('accountId'),
    seq: f.num('seq'),
    receivedAt: f.str('receivedAt'),
    ...(f.has('date') ? { date: f.str('date') } : {}),
    valid: f.bool('valid'),
    ...(f.has('reason') ? { reason: f.str('reason') } : {}),
    ballot: f.parse('ballot', StoredBallotSchema),
    shares: f.num('shares'),
    bodyKey: f.str('bodyKey'),
    source: f.str('source'),
    ...(f.has('submitted') ? { submitted: f.str('submitted') } : {}),
    ...(f.has('note') ? { note: f.str('note') } : {}),
    ...(f.has('recordedAt') ? { recordedAt: f.str('recordedAt') } : {}),
  };
}

/**
 * An account's vote history in the main table: one item per submission under the account's
 * partition, at its place in the history. Written only at a free place (conditional put), never
 * updated or deleted: the history is the audit trail. Each item is also in gsi1 under one of the
 * meeting's 16 `VOTED#` shards, so a meeting's every history is 16 queries, not a scan.
 */
export class DynamoVoteHistory implements VoteLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(record: VoteRecord): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.vote(record.meetingId, record.accountId, record.seq),
            ...keys.voteIndex(record.meetingId, record.accountId, record.seq),
            entity: ENTITY.vote,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async list(meetingId: string, accountId: string): Promise<VoteRecord[]> {
    const found: VoteRecord[] = [];
    const query = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.votes(meetingId, accountId) },
      ConsistentRead: true,
    };
    for await (const item of queryItems(this.client, query)) found.push(toVote(item));
    return found;
  }

  /** Every account's history (gsi1, the meeting's 16 shards in parallel; eventually consistent), each in place order. */
  async listMeeting(meetingId: string): Promise<Map<string, VoteRecord[]>> {
    const shards = await Promise.all(
      Array.from({ length: HOLDER_SHARDS }, async (_, shard) => {
        const found: VoteRecord[] = [];
        const query = {
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.votedShard(meetingId, shard) },
        };
        for await (const item of queryItems(this.client, query)) found.push(toVote(item));
        return found;
      }),
    );
    const byAccount = new Map<string, VoteRecord[]>();
    for (const record of shards.flat()) {
      const history = byAccount.get(record.accountId) ?? [];
      history.push(record);
      byAccount.set(record.accountId, history);
    }
    for (const history of byAccount.values()) history.sort((a, b) => a.seq - b.seq);
    return byAccount;
  }
}
