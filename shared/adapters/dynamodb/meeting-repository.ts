import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryItems } from './batch.js';
import type { MeetingRepository } from '../../domain/meetings/use-cases.js';
import { z } from 'zod';
import { MeetingFileSchema, summarize, type Meeting, type MeetingSummary } from '../../domain/meetings/schema.js';
import { ItemReader, parseItem, type Item } from './items.js';
import { ENTITY, keys } from './keys.js';
import { conditionally } from './conditional.js';

/** Meetings in the main table: one item each, listed through gsi1 (never a scan). */
export class DynamoMeetingRepository implements MeetingRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(meeting: Meeting) {
    return {
      ...keys.meeting(meeting.id),
      ...keys.meetingIndex(meeting.id, meeting.meeting.date),
      entity: ENTITY.meeting,
      summary: summarize(meeting),
      data: meeting,
    };
  }

  create(meeting: Meeting): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(meeting),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async replace(meeting: Meeting): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(meeting) }));
  }

  async get(id: string): Promise<Meeting | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.meeting(id), ConsistentRead: true }),
    );
    return out.Item ? toMeeting(out.Item) : undefined;
  }

  async list(): Promise<MeetingSummary[]> {
    const found: MeetingSummary[] = [];
    const query = {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.allMeetings().gsi1pk },
      ProjectionExpression: 'summary',
    };
    for await (const item of queryItems(this.client, query))
      found.push(parseItem(item, 'meeting summary', SummarySchema, 'summary'));
    return found;
  }
}

const SummarySchema = z.object({
  id: z.string(),
  issuer: z.string(),
  kind: z.string(),
  date: z.string(),
  recordDate: z.string(),
  delivery: z.string(),
});

/** A stored meeting: its file checked again by the meeting file's own schema, and its bookkeeping. */
function toMeeting(item: Item): Meeting {
  const data = new ItemReader(item, 'meeting').map('data');
  return {
    ...parseItem(item, 'meeting', MeetingFileSchema, 'data'),
    createdAt: data.str('createdAt'),
    updatedAt: data.str('updatedAt'),
  };
}
