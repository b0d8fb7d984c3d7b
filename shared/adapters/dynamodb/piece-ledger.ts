import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  ChunkResult,
  ClaimResult,
  DistributionRun,
  PieceLedger,
  PieceRecord,
} from '../../domain/distribution/model.js';
import { batchPut, queryItems } from './batch.js';
import { conditionally } from './conditional.js';
import { ENTITY, keys } from './keys.js';

import { toChunkResult, toDistributionRun, toPieceRecord } from './distribution-items.js';
import type { Item } from './items.js';

/** The piece ledger in the main table: one item per piece, written with a condition before sending. */
export class DynamoPieceLedger implements PieceLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The item of a record: its keys, and a mail piece's place in its print chunk. */
  private item(record: PieceRecord): Item {
    const chunkKeys =
      record.chunk !== undefined
        ? {
            gsi1pk: keys.printChunk(record.meetingId, record.runId, record.chunk),
            gsi1sk: String(record.index ?? 0).padStart(6, '0'),
          }
        : {};
    return { ...keys.piece(record.meetingId, record.pieceId), ...chunkKeys, entity: ENTITY.piece, ...record };
  }

  async claim(record: PieceRecord): Promise<ClaimResult> {
    if (
      await conditionally(
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: this.item(record),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      )
    ) {
      return { outcome: 'claimed' };
    }
    return { outcome: 'exists', record: (await this.getPiece(record.meetingId, record.pieceId))! };
  }

  async markSent(meetingId: string, pieceId: string, sentAt: string, reference: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.piece(meetingId, pieceId),
        UpdateExpression: 'SET #s = :sent, sentAt = :at, #r = :ref',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status', '#r': 'reference' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt, ':ref': reference },
      }),
    );
  }

  async getPiece(meetingId: string, pieceId: string): Promise<PieceRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.piece(meetingId, pieceId), ConsistentRead: true }),
    );
    return out.Item ? toPieceRecord(out.Item) : undefined;
  }

  async markManySent(
    records: readonly PieceRecord[],
    sentAt: string,
    reference: (r: PieceRecord) => string,
  ): Promise<void> {
    // BatchWriteItem has no conditions: whole items, 25 a call, written under the chunk's lease.
    await batchPut(
      this.client,
      this.tableName,
      records.map((r) => this.item({ ...r, status: 'sent', sentAt, reference: reference(r) })),
    );
  }

  async chunk(meetingId: string, runId: string, chunk: number): Promise<PieceRecord[]> {
    const found: PieceRecord[] = [];
    const query = {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.printChunk(meetingId, runId, chunk) },
    };
    // gsi1 is eventually consistent on AWS: the run checks that every piece it put in the chunk is back.
    for await (const item of queryItems(this.client, query)) found.push(toPieceRecord(item));
    return found;
  }

  async saveRun(run: DistributionRun): Promise<void> {
    // An update, not a put: the lease attributes beside the run stay as they are.
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.distribution(run.meetingId, run.runId),
        UpdateExpression: 'SET #run = :run, entity = :e',
        ExpressionAttributeNames: { '#run': 'run' },
        ExpressionAttributeValues: { ':run': run, ':e': ENTITY.distribution },
      }),
    );
  }

  async saveChunk(meetingId: string, runId: string, chunkId: string, result: ChunkResult): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.distributionChunk(meetingId, `${runId}#${chunkId}`),
        UpdateExpression: 'SET #result = :c, entity = :e',
        ExpressionAttributeNames: { '#result': 'result' },
        ExpressionAttributeValues: { ':c': result, ':e': ENTITY.distributionChunk },
      }),
    );
  }

  async chunkResults(meetingId: string, runId: string): Promise<Map<string, ChunkResult>> {
    const prefix = keys.distributionChunk(meetingId, `${runId}#`);
    const out = new Map<string, ChunkResult>();
    const query = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': prefix.pk, ':sk': prefix.sk },
      ConsistentRead: true,
    };
    for await (const item of queryItems(this.client, query)) {
      if (item.result) out.set(String(item.sk).slice(prefix.sk.length), toChunkResult(item));
    }
    return out;
  }

  async getRun(meetingId: string, runId: string): Promise<DistributionRun | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.distribution(meetingId, runId), ConsistentRead: true }),
    );
    return out.Item?.run ? toDistributionRun(out.Item) : undefined;
  }
}
