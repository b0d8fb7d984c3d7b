import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { StoredItemError } from '../../shared/adapters/dynamodb/items.js';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { importNomineeReport, importPositions } from '../../shared/domain/tabulation/inputs.js';
import {
  latestReports,
  NOMINEE_REPORT_COLUMNS,
  NOMINEE_REPORT_REQUIRED,
  POSITION_COLUMNS,
  POSITION_REQUIRED,
} from '../../shared/domain/tabulation/reports.js';
import type { TabulationInputStore } from '../../shared/domain/tabulation/ports.js';
import { ZERO_TALLY } from '../../shared/domain/tabulation/model.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

/**
 * Storing the street-name inputs of the count (issue 13 "Inputs") in dynalite, through the real SDK: nominee
 * reports (a resent report replaces the earlier one as the one that counts; the earlier is kept as history) and
 * the DTC position list (a re-import replaces it whole). The seed meeting (examples/sonim-2024.json): proposal 1
 * elects five directors (FOR / WITHHOLD: James Cassano, Peter Liu, Mike Mulica, Jack Steenstra, Jeffrey Wang);
 * proposals 2–6 offer FOR / AGAINST / ABSTAIN; shares outstanding 46,717,887.
 */
const seedMeeting = (id: string): Meeting => ({
  ...(JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting),
  id,
  createdAt: '2026-11-25T00:00:00Z',
  updatedAt: '2026-11-25T00:00:00Z',
});
const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);
const reportRecords = (input: Readable) =>
  readCsvRecords(input, { known: NOMINEE_REPORT_COLUMNS, required: NOMINEE_REPORT_REQUIRED });
const positionRecords = (input: Readable) =>
  readCsvRecords(input, { known: POSITION_COLUMNS, required: POSITION_REQUIRED });
const source = (name: string) => ({ name, id: `sha256:${name}` });

const HEADER =
  'dtc_participant,nominee_name,proposal,director,for,against,abstain,withhold,broker_non_votes,' +
  'discretionary_for,discretionary_against,discretionary_abstain,reported_at\n';
/** A tally with only the given columns set (presentNotVoting is always 0 in a report). */
const tally = (t: Partial<Record<string, number>>) => ({ ...ZERO_TALLY, ...t });
const NO_DISCRETION = { for: 0, against: 0, abstain: 0 };

describe('street-name inputs in DynamoDB (dynalite)', () => {
  let p: TestPlatform;
  let store: TabulationInputStore;
  let clock = '2026-11-25T12:00:00Z';
  const now = () => clock;

  const importA = (meetingId: string) =>
    importNomineeReport(
      { store, now },
      {
        meeting: seedMeeting(meetingId),
        records: reportRecords(createReadStream(fixture('nominee-report-a.csv'))),
        source: source('nominee-report-a.csv'),
        receivedAt: '2024-06-18T09:00:00-07:00',
      },
    );
  const importB = (meetingId: string) =>
    importNomineeReport(
      { store, now },
      {
        meeting: seedMeeting(meetingId),
        records: reportRecords(createReadStream(fixture('nominee-report-b.csv'))),
        source: source('nominee-report-b.csv'),
      },
    );
  const importText = (meetingId: string, name: string, text: string, receivedAt?: string) =>
    importNomineeReport(
      { store, now },
      {
        meeting: seedMeeting(meetingId),
        records: reportRecords(Readable.from([text])),
        source: source(name),
        ...(receivedAt ? { receivedAt } : {}),
      },
    );
  const positionsFrom = (meetingId: string, name: string, input: Readable) =>
    importPositions(
      { store, now },
      { meeting: seedMeeting(meetingId), records: positionRecords(input), source: source(name) },
    );

  /** Every stored item under a partition, as the table holds it (the stored state, for idempotence). */
  const partition = async (pk: string) =>
    (
      await p.clients.documents.send(
        new QueryCommand({
          TableName: p.config.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  beforeAll(async () => {
    p = await startTestPlatform();
    store = testRoot(p, '6a'.repeat(32)).tabulationInputs().store;
  });
  afterAll(() => p?.stop());

  it('a file of reports: bad rows rejected with line, field and reason; the valid rows stored as each participant’s report', async () => {
    // nominee-report-a.csv, by hand (line 1 is the header):
    //   lines 2–5: participant 352 → 0352, proposal 1 (Cassano, Liu), 2 and 3: valid, 80,000 shares on each line
    //   line 6: proposal 9 (the seed has 1–6); line 7: "Jane Doe" is not a nominee of proposal 1;
    //   line 8: WITHHOLD on proposal 2 (it offers FOR, AGAINST, ABSTAIN); line 9: 0443 proposal 4, valid;
    //   line 10: 0901's only row, "1000.5" is not whole → 0901 has no valid line, nothing stored for it;
    //   line 11: 0352 proposal 3 again at the same instant → a duplicate of line 5.
    const out = await importA('inputs-rows');
    expect(out).toMatchObject({ rowsRead: 10, rowsAccepted: 5, rowsRejected: 5 });
    expect(out.rejections).toEqual([
      { line: 6, field: 'proposal', message: 'this meeting has no proposal "9"' },
      { line: 7, field: 'director', message: 'proposal 1 has no nominee "Jane Doe"' },
      { line: 8, field: 'withhold', message: 'proposal 2 offers FOR, AGAINST, ABSTAIN; not WITHHOLD' },
      { line: 10, field: 'for', message: 'must be a whole number of shares (blank is 0)' },
      { line: 11, field: 'proposal', message: 'duplicate: participant 0352 already reported proposal 3 on line 5' },
    ]);
    expect(out.reports.map((r) => [r.participant, r.outcome])).toEqual([
      ['0352', 'counts'],
      ['0443', 'counts'],
    ]);
    const latest = await store.listLatestReports('inputs-rows');
    expect(latest.map((r) => r.participant)).toEqual(['0352', '0443']);
    const r352 = latest[0]!;
    expect(r352).toMatchObject({
      nomineeName: 'Example Securities LLC',
      receivedAt: '2024-06-18T09:00:00-07:00',
      source: source('nominee-report-a.csv'),
      importedAt: '2026-11-25T12:00:00Z',
    });
    // Lines by proposal then director: "James Cassano" < "Peter Liu".
    expect(r352.lines).toEqual([
      {
        proposal: 1,
        director: 'James Cassano',
        votes: tally({ for: 60_000, withheld: 5_000, brokerNonVotes: 15_000 }),
        discretionary: NO_DISCRETION,
      },
      {
        proposal: 1,
        director: 'Peter Liu',
        votes: tally({ for: 62_000, withheld: 3_000, brokerNonVotes: 15_000 }),
        discretionary: NO_DISCRETION,
      },
      {
        proposal: 2,
        votes: tally({ for: 50_000, against: 2_000, abstain: 1_000 }),
        discretionary: { for: 25_000, against: 1_500, abstain: 500 },
      },
      {
        proposal: 3,
        votes: tally({ for: 40_000, against: 20_000, abstain: 5_000, brokerNonVotes: 15_000 }),
        discretionary: NO_DISCRETION,
      },
    ]);
    expect(latest[1]!.lines).toEqual([
      { proposal: 4, votes: tally({ for: 30_000, against: 1_000 }), discretionary: NO_DISCRETION },
    ]);
    expect(await store.latestReport('inputs-rows', '0901')).toBeUndefined();
    expect(await store.reportHistory('inputs-rows', '0901')).toEqual([]);
  });

  it('a resent report replaces the earlier one whole as the one that counts; the earlier is kept as history', async () => {
    await importA('inputs-resend');
    // nominee-report-b.csv: 0352 again, reported 2024-06-19T10:00-07:00 (after a's 2024-06-18T09:00-07:00), with
    // two lines only: Cassano 61,000 / 4,000 / 15,000 and proposal 2. Liu and proposal 3 no longer count.
    const out = await importB('inputs-resend');
    expect(out.reports).toHaveLength(1);
    expect(out.reports[0]).toMatchObject({
      participant: '0352',
      outcome: 'counts',
      replaces: { receivedAt: '2024-06-18T09:00:00-07:00' },
    });
    const latest = await store.listLatestReports('inputs-resend');
    expect(latest.map((r) => [r.participant, r.receivedAt, r.lines.length])).toEqual([
      ['0352', '2024-06-19T10:00:00-07:00', 2],
      ['0443', '2024-06-18T09:00:00-07:00', 1], // 0443 did not resend: its report still counts
    ]);
    expect(latest[0]!.lines.map((l) => [l.proposal, l.director, l.votes.for])).toEqual([
      [1, 'James Cassano', 61_000],
      [2, undefined, 52_000],
    ]);
    const history = await store.reportHistory('inputs-resend', '0352');
    expect(history.map((r) => [r.receivedAt, r.source.name])).toEqual([
      ['2024-06-18T09:00:00-07:00', 'nominee-report-a.csv'],
      ['2024-06-19T10:00:00-07:00', 'nominee-report-b.csv'],
    ]);
    // The domain's own rule over the whole history picks the same report.
    expect(latestReports(history)).toEqual([latest[0]]);
  });

  it('an earlier report that arrives later is kept as history and does not count; at the same instant the later import counts', async () => {
    // b first (2024-06-19T17:00Z), then a (2024-06-18T16:00Z): a is older, so b still counts.
    await importB('inputs-order');
    const out = await importA('inputs-order');
    expect(out.reports.find((r) => r.participant === '0352')).toMatchObject({
      outcome: 'superseded',
      counting: { receivedAt: '2024-06-19T10:00:00-07:00' },
    });
    expect((await store.latestReport('inputs-order', '0352'))!.source.name).toBe('nominee-report-b.csv');
    // A third file at b's very instant, written with another offset (17:00Z = 10:00-07:00): a tie, and the later
    // import counts (latestReports: ties by input order).
    const tie = await importText(
      'inputs-order',
      'tie.csv',
      `${HEADER}352,Example Securities LLC,4,,100,,,,,,,,2024-06-19T17:00:00Z\n`,
    );
    expect(tie.reports[0]).toMatchObject({ outcome: 'counts', replaces: { receivedAt: '2024-06-19T10:00:00-07:00' } });
    const now352 = (await store.latestReport('inputs-order', '0352'))!;
    expect(now352.lines).toEqual([{ proposal: 4, votes: tally({ for: 100 }), discretionary: NO_DISCRETION }]);
    expect(await store.reportHistory('inputs-order', '0352')).toHaveLength(3);
  });

  it('importing the same file again leaves the stored state exactly as it was', async () => {
    const pk = keys.nomineeReports('inputs-again');
    await importA('inputs-again');
    await importB('inputs-again');
    const before = await partition(pk);
    // Items: 0352 history a, b; 0443 history a; LATEST 0352 (b), 0443 (a) = 5.
    expect(before).toHaveLength(5);
    clock = '2026-11-26T08:00:00Z'; // imported a day later: nothing may take the new instant
    try {
      const again = await importB('inputs-again');
      expect(again.reports.map((r) => r.outcome)).toEqual(['unchanged']);
      const a = await importA('inputs-again');
      expect(a.reports.map((r) => r.outcome)).toEqual(['superseded', 'unchanged']);
      expect(await partition(pk)).toEqual(before);
      // A file without reported_at imported twice with no --received: each import takes the clock as its receivedAt,
      // and the second is recognised as the same file's same report.
      const text = `${HEADER}77,Late Broker,5,,900,100,,,,,,,\n`;
      const first = await importText('inputs-again', 'late.csv', text);
      expect(first.reports[0]).toMatchObject({
        participant: '0077',
        outcome: 'counts',
        receivedAt: '2026-11-26T08:00:00Z',
      });
      const afterFirst = await partition(pk);
      clock = '2026-11-26T09:00:00Z';
      const second = await importText('inputs-again', 'late.csv', text);
      expect(second.reports[0]!.outcome).toBe('unchanged');
      expect(await partition(pk)).toEqual(afterFirst);
    } finally {
      clock = '2026-11-25T12:00:00Z';
    }
  });

  it('the report that counts is replaced only over the one it was read as (another import got there first: false)', async () => {
    await importA('inputs-race');
    const a352 = (await store.latestReport('inputs-race', '0352'))!;
    const other = { ...a352, id: 'another', receivedAt: '2024-06-20T00:00:00Z' };
    expect(await store.setLatest('inputs-race', other, 'not-the-current-one')).toBe(false);
    expect(await store.setLatest('inputs-race', other, undefined)).toBe(false); // there is one already
    expect((await store.latestReport('inputs-race', '0352'))!.id).toBe(a352.id);
    expect(await store.setLatest('inputs-race', other, a352.id)).toBe(true);
    expect((await store.latestReport('inputs-race', '0352'))!.id).toBe('another');
  });

  it('positions: bad rows rejected with line and field; a re-import replaces the list whole; the same file again changes nothing', async () => {
    // positions.csv by hand: 352 → 0352 80,000; 0443 25,000; 5 → 0005 0 (allowed); line 5 "abc" is not a
    // participant; line 6 repeats 0352 (line 2); line 7 "-5" is not whole. Total 80,000 + 25,000 + 0 = 105,000.
    const out = await positionsFrom('inputs-pos', 'positions.csv', createReadStream(fixture('positions.csv')));
    expect(out).toMatchObject({
      outcome: 'stored',
      rowsRead: 6,
      rowsAccepted: 3,
      rowsRejected: 3,
      exceedsOutstanding: false,
    });
    expect(out.rejections).toEqual([
      { line: 5, field: 'dtc_participant', message: 'must be a DTC participant number (1–5 digits)' },
      { line: 6, field: 'dtc_participant', message: 'duplicate participant 0352: already on line 2' },
      { line: 7, field: 'shares', message: 'must be a whole number of shares (0 or more)' },
    ]);
    const stored = (await store.positions('inputs-pos'))!;
    expect(stored).toEqual({
      positions: [
        { participant: '0005', participantName: 'Small Broker', shares: 0 },
        { participant: '0352', participantName: 'Example Securities LLC', shares: 80_000 },
        { participant: '0443', participantName: 'Other Bank NA', shares: 25_000 },
      ],
      totalShares: 105_000,
      source: source('positions.csv'),
      importedAt: '2026-11-25T12:00:00Z',
    });

    const item = await partition(keys.positions('inputs-pos').pk);
    clock = '2026-11-26T08:00:00Z';
    try {
      const again = await positionsFrom('inputs-pos', 'positions.csv', createReadStream(fixture('positions.csv')));
      expect(again.outcome).toBe('unchanged');
      expect(await partition(keys.positions('inputs-pos').pk)).toEqual(item);

      // A corrected file: 0443 is gone, 0901 new. The list is replaced whole (no 0005, no 0443 left over).
      const corrected =
        'dtc_participant,participant_name,shares\n352,Example Securities LLC,81000\n901,Third Street Trust,5000\n';
      const replaced = await positionsFrom('inputs-pos', 'corrected.csv', Readable.from([corrected]));
      expect(replaced).toMatchObject({
        outcome: 'replaced',
        replaced: { participants: 3, totalShares: 105_000, importedAt: '2026-11-25T12:00:00Z' },
      });
      expect(await store.positions('inputs-pos')).toEqual({
        positions: [
          { participant: '0352', participantName: 'Example Securities LLC', shares: 81_000 },
          { participant: '0901', participantName: 'Third Street Trust', shares: 5_000 },
        ],
        totalShares: 86_000,
        source: source('corrected.csv'),
        importedAt: '2026-11-26T08:00:00Z',
      });

      // A file with no valid row stores nothing: the corrected list stays.
      const none = await positionsFrom('inputs-pos', 'none.csv', Readable.from(['dtc_participant,shares\nx,1\n']));
      expect(none.outcome).toBe('nothing');
      expect((await store.positions('inputs-pos'))!.source.name).toBe('corrected.csv');
    } finally {
      clock = '2026-11-25T12:00:00Z';
    }
  });

  it('positions adding up to more than the shares outstanding are stored and flagged', async () => {
    // positions-over.csv: 0352 with 46,717,888 = the seed's 46,717,887 outstanding + 1.
    const out = await positionsFrom(
      'inputs-over',
      'positions-over.csv',
      createReadStream(fixture('positions-over.csv')),
    );
    expect(out).toMatchObject({ outcome: 'stored', exceedsOutstanding: true, sharesOutstanding: 46_717_887 });
    expect((await store.positions('inputs-over'))!.totalShares).toBe(46_717_888);
  });
  it('a stored report of another shape fails where it is read, naming the item and the field', async () => {
    await importA('inputs-shape');
    const item = (await partition(keys.nomineeReports('inputs-shape'))).find((i) => i.sk === 'LATEST#0443')!;
    const lines = item.lines as { votes: Record<string, unknown> }[];
    lines[0]!.votes.for = '30000'; // a string where shares are summed
    await p.clients.documents.send(new PutCommand({ TableName: p.config.tableName, Item: item }));
    const read = store.listLatestReports('inputs-shape');
    await expect(read).rejects.toThrow(StoredItemError);
    await expect(store.listLatestReports('inputs-shape')).rejects.toThrow(
      /NREPORTS#inputs-shape LATEST#0443.*lines\.0\.votes\.for/,
    );
  });
});
