import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Position, ReportLine } from '../../domain/tabulation/model.js';
import type { PositionList, StoredNomineeReport, TabulationInputStore } from '../../domain/tabulation/ports.js';
import { queryItems } from './batch.js';
import { conditionally } from './conditional.js';
import { parseItem, type Item } from './items.js';
import { ENTITY, keys } from './keys.js';

const shares = z.number().int().nonnegative();
const SourceSchema = z.object({ name: z.string(), id: z.string() });
const TallySchema = z.object({
  for: shares,
  against: shares,
  withheld: shares,
  abstain: shares,
  oneYear: shares,
  twoYears: shares,
  threeYears: shares,
  brokerNonVotes: shares,
  presentNotVoting: shares,
});
const LineSchema = z.object({
  proposal: z.number().int().positive(),
  director: z.string().optional(),
  votes: TallySchema,
  discretionary: z.object({ for: shares, against: shares, abstain: shares }),
});
const ReportSchema = z.object({
  id: z.string(),
  participant: z.string(),
  nomineeName: z.string().optional(),
  receivedAt: z.string(),
  lines: z.array(LineSchema),
  source: SourceSchema,
  importedAt: z.string(),
});
const PositionsSchema = z.object({
  positions: z.array(z.object({ participant: z.string(), participantName: z.string().optional(), shares })),
  totalShares: shares,
  source: SourceSchema,
  importedAt: z.string(),
});

/** A stored report, field by field (a line's director only when it has one; the tally's columns in their order). */
function toReport(item: Item, entity: string): StoredNomineeReport {
  const r = parseItem(item, entity, ReportSchema);
  const lines: ReportLine[] = r.lines.map((l) => ({
    proposal: l.proposal,
    ...(l.director !== undefined ? { director: l.director } : {}),
    votes: { ...l.votes },
    discretionary: { for: l.discretionary.for, against: l.discretionary.against, abstain: l.discretionary.abstain },
  }));
  return {
    id: r.id,
    participant: r.participant,
    ...(r.nomineeName !== undefined ? { nomineeName: r.nomineeName } : {}),
    receivedAt: r.receivedAt,
    lines,
    source: { name: r.source.name, id: r.source.id },
    importedAt: r.importedAt,
  };
}

const reportAttributes = (meetingId: string, r: StoredNomineeReport) => ({
  meetingId,
  id: r.id,
  participant: r.participant,
  ...(r.nomineeName !== undefined ? { nomineeName: r.nomineeName } : {}),
  receivedAt: r.receivedAt,
  lines: r.lines,
  source: r.source,
  importedAt: r.importedAt,
});

/**
 * The count's street-name inputs in the main table (docs/dynamodb.md). Nominee reports: every report is kept in
 * its participant's history (written once, never changed), and the report that counts is a copy under
 * `LATEST#<participant>`, replaced only by a put conditioned on the one it replaces. The DTC position list: one
 * item per meeting, replaced whole.
 */
export class DynamoTabulationInputs implements TabulationInputStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async latestReport(meetingId: string, participant: string): Promise<StoredNomineeReport | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.latestNomineeReport(meetingId, participant),
        ConsistentRead: true,
      }),
    );
    return out.Item ? toReport(out.Item, ENTITY.latestNomineeReport) : undefined;
  }

  async addReport(meetingId: string, report: StoredNomineeReport): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.nomineeReport(meetingId, report.participant, report.receivedAt, report.id),
            entity: ENTITY.nomineeReport,
            ...reportAttributes(meetingId, report),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  async setLatest(meetingId: string, report: StoredNomineeReport, expectedId: string | undefined): Promise<boolean> {
    return conditionally(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.latestNomineeReport(meetingId, report.participant),
            entity: ENTITY.latestNomineeReport,
            ...reportAttributes(meetingId, report),
          },
          ...(expectedId === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#id = :expected',
                ExpressionAttributeNames: { '#id': 'id' },
                ExpressionAttributeValues: { ':expected': expectedId },
              }),
        }),
      ),
    );
  }

  async listLatestReports(meetingId: string): Promise<StoredNomineeReport[]> {
    return this.query(meetingId, keys.latestNomineeReports(), ENTITY.latestNomineeReport);
  }

  async reportHistory(meetingId: string, participant: string): Promise<StoredNomineeReport[]> {
    return this.query(meetingId, keys.nomineeReportHistory(participant), ENTITY.nomineeReport);
  }

  private async query(meetingId: string, prefix: string, entity: string): Promise<StoredNomineeReport[]> {
    const found: StoredNomineeReport[] = [];
    const query = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.nomineeReports(meetingId), ':prefix': prefix },
      ConsistentRead: true,
    };
    for await (const item of queryItems(this.client, query)) found.push(toReport(item, entity));
    return found;
  }

  async positions(meetingId: string): Promise<PositionList | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.positions(meetingId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const p = parseItem(out.Item, ENTITY.positions, PositionsSchema);
    const positions: Position[] = p.positions.map((x) => ({
      participant: x.participant,
      ...(x.participantName !== undefined ? { participantName: x.participantName } : {}),
      shares: x.shares,
    }));
    return {
      positions,
      totalShares: p.totalShares,
      source: { name: p.source.name, id: p.source.id },
      importedAt: p.importedAt,
    };
  }

  async putPositions(meetingId: string, list: PositionList): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.positions(meetingId),
          entity: ENTITY.positions,
          meetingId,
          positions: list.positions,
          totalShares: list.totalShares,
          source: list.source,
          importedAt: list.importedAt,
        },
      }),
    );
  }
}
