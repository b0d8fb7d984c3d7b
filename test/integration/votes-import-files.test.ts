import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { seedVotingMeeting } from '../harness/voting-meeting.js';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { DynamoVoteHistory } from '../../shared/adapters/dynamodb/vote-store.js';
import { DynamoHolderStore } from '../../shared/adapters/dynamodb/holder-store.js';
import { DynamoLeases } from '../../shared/adapters/dynamodb/leases.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { contentDigest } from '../../shared/adapters/s3/vote-files.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import type { VoteRecord } from '../../shared/domain/voting/cast.js';
import { VOTE_FILE_REQUIRED, isVoteFileColumn } from '../../shared/domain/voting/vote-file.js';
import { importVotes, type ImportedVotes } from '../../shared/domain/voting/vote-import.js';

/**
 * Several card files of one meeting, as a scanner vendor delivers them (daily files, cumulative files, a card
 * scanned twice), against dynalite: every card stored once, and only the rows an earlier file may hold are looked
 * for before they are written. The seed meeting (mailed cards until 9:00 am PDT on 2024-06-20); twelve generated
 * holders H[0..11].
 */
const SECRET = '5d'.repeat(32);
const HEADER = 'account,signed,card_date,received_at,p2';
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('vote files of a meeting: daily, cumulative, repeated cards', () => {
  let p: TestPlatform;
  let meeting: Meeting;
  let H: Holder[];
  let history: DynamoVoteHistory;
  /** The records each store call was given, by `check` (a wrapper over the real store). */
  let calls: { check: boolean; records: readonly VoteRecord[] }[];

  const importText = async (text: string, name: string, m: Meeting = meeting) => {
    const deps = await testRoot(p, SECRET).voteImport();
    const votes: ImportedVotes = {
      importedThrough: (id, d) => deps.votes.importedThrough(id, d),
      startImport: (id, d, ch) => deps.votes.startImport(id, d, ch),
      saveImportedThrough: (id, d, line) => deps.votes.saveImportedThrough(id, d, line),
      latestImportedReceipt: (id, ch) => deps.votes.latestImportedReceipt(id, ch),
      declareImportedReceipt: (id, d, ms) => deps.votes.declareImportedReceipt(id, d, ms),
      storeImported: async (records, opts) => {
        calls.push({ check: opts.check, records });
        // What makes writing without a look-up safe: before any row is written, the run has declared its instant.
        const declared = (await deps.votes.latestImportedReceipt(m.id, 'mail')) ?? Number.NEGATIVE_INFINITY;
        for (const r of records)
          if (Date.parse(r.receivedAt) > declared) throw new Error(`${r.receivedAt} written before it was declared`);
        return deps.votes.storeImported(records, opts);
      },
    };
    calls = [];
    return importVotes(
      { ...deps, votes },
      {
        meeting: m,
        channel: 'mail',
        fileDigest: sha(text),
        sourceName: name,
        records: readCsvRecords(Readable.from([text]), {
          known: (c) => isVoteFileColumn('mail', c),
          required: VOTE_FILE_REQUIRED.mail,
        }),
      },
    );
  };
  /** A signed card of H[i] dated 2024-06-<day>, received 2024-06-<day + 1> at hh:mm PDT, voting `p2`. */
  const card = (i: number, day: number, time: string, p2 = 'FOR') =>
    `${H[i]!.accountId},yes,2024-06-${String(day).padStart(2, '0')},2024-06-${String(day + 1).padStart(2, '0')}T${time}:00-07:00,${p2}`;
  const accountsLookedFor = () => calls.filter((c) => c.check).flatMap((c) => c.records.map((r) => r.accountId));

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    ({ meeting, holders: H } = await seedVotingMeeting(p, SECRET, { id: 'votes-files', rows: 12, seed: 21 }));
    history = new DynamoVoteHistory(p.clients.documents, p.config.tableName);
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a daily file, then a cumulative one: the old cards are found and not written again, the new ones stored', async () => {
    // Monday's file: H0, H1, H2, received 2024-06-11 between 09:00 and 11:00 PDT. The meeting's first card file:
    // no earlier run declared anything, so nothing is looked for (three rows written straight away).
    const monday = [HEADER, card(0, 10, '09:00'), card(1, 10, '10:00'), card(2, 10, '11:00', 'AGAINST')].join('\n');
    const a = await importText(monday, 'monday.csv');
    expect(a.counts).toMatchObject({ rowsRead: 3, valid: 3, newlyStored: 3, alreadyStored: 0 });
    expect(accountsLookedFor()).toEqual([]);

    // Tuesday's cumulative file: Monday's three rows again, H3 received on 2024-06-12 (after every Monday card),
    // and H4 received 2024-06-11 at 10:30, between Monday's cards (a card scanned late into the day's batch).
    // Only rows received no later than Monday's latest (11:00 on 2024-06-11) are looked for: Monday's three and H4.
    const tuesday = [
      HEADER,
      card(0, 10, '09:00'),
      card(1, 10, '10:00'),
      card(2, 10, '11:00', 'AGAINST'),
      card(3, 11, '08:00'),
      card(4, 10, '10:30'),
    ].join('\n');
    const b = await importText(tuesday, 'tuesday.csv');
    expect(b.counts).toMatchObject({ rowsRead: 5, valid: 5, newlyStored: 2, alreadyStored: 3 });
    expect(accountsLookedFor().sort()).toEqual([0, 1, 2, 4].map((i) => H[i]!.accountId).sort());

    // Each card once; Monday's still say they came from Monday's file (line 2, 3, 4), the new ones from Tuesday's.
    for (const [i, file, line] of [
      [0, 'monday.csv', 2],
      [1, 'monday.csv', 3],
      [2, 'monday.csv', 4],
      [3, 'tuesday.csv', 5],
      [4, 'tuesday.csv', 6],
    ] as const) {
      const h = await history.list(meeting.id, H[i]!.accountId);
      expect(h, `H${i}`).toHaveLength(1);
      expect(h[0]!.source, `H${i}`).toBe(`file:${file} ${sha(file === 'monday.csv' ? monday : tuesday)} line ${line}`);
    }
  });

  it('the same card twice in one file, more than a chunk (1,000 rows) apart: stored once, counted as repeated', async () => {
    // Rows 2..1003: H5's card on line 2, then 1,000 cards of H6 one second apart (distinct submissions), then
    // line 1003 repeats line 2 exactly. 1,002 rows; 1,001 distinct submissions; the repeat adds no shares.
    const lines = [HEADER, card(5, 14, '08:00')];
    for (let s = 0; s < 1000; s++) {
      const t = new Date(Date.UTC(2024, 5, 15, 16, 0, s)); // 09:00:00 PDT + s seconds on 2024-06-15
      lines.push(`${H[6]!.accountId},yes,2024-06-14,${t.toISOString()},FOR`);
    }
    lines.push(card(5, 14, '08:00'));
    const r = await importText(lines.join('\n'), 'twice.csv');
    expect(r.counts).toMatchObject({ rowsRead: 1002, valid: 1002, newlyStored: 1001, alreadyStored: 1 });
    expect(r.counts.sharesValid).toBe(H[5]!.shares + 1000 * H[6]!.shares);
    const h5 = await history.list(meeting.id, H[5]!.accountId);
    expect(h5).toHaveLength(1);
    expect(h5[0]!.source).toMatch(/ line 2$/);
    expect(await history.list(meeting.id, H[6]!.accountId)).toHaveLength(1000);
  });

  it('a run recorded before runs named their channel makes every later row looked for, even at line 0', async () => {
    const { meeting: m } = await seedVotingMeeting(p, SECRET, { id: 'votes-files-legacy', rows: 3, seed: 22 });
    // A run item as the import wrote it before: no channel, no declared receipt, and line 0 (it saved its progress
    // only after its chunks were stored: a run killed before its first save may have stored rows).
    await p.clients.documents.send(
      new PutCommand({
        TableName: p.config.tableName,
        Item: { ...keys.voteImportRun(m.id, 'sha256:old'), entity: 'voteImportRun', meetingId: m.id, throughLine: 0 },
      }),
    );
    expect(await history.latestImportedReceipt(m.id, 'mail')).toBe(Number.POSITIVE_INFINITY);
    const holders = (await new DynamoHolderStore(p.clients.documents, p.config.tableName).listHolders(m.id, {}))
      .holders;
    const text = [HEADER, `${holders[0]!.accountId},yes,2024-06-18,2024-06-19T09:00:00-07:00,FOR`].join('\n');
    const r = await importText(text, 'after-legacy.csv', m);
    expect(r.counts).toMatchObject({ valid: 1, newlyStored: 1 });
    expect(accountsLookedFor()).toEqual([holders[0]!.accountId]);
  });

  it('the channel and the latest declared receipt of the runs: phone runs do not make card rows looked for', async () => {
    const { meeting: m } = await seedVotingMeeting(p, SECRET, { id: 'votes-files-channels', rows: 2, seed: 23 });
    expect(await history.latestImportedReceipt(m.id, 'mail')).toBeUndefined();
    await history.startImport(m.id, 'sha256:p', 'phone');
    await history.declareImportedReceipt(m.id, 'sha256:p', Date.UTC(2024, 5, 19));
    await history.startImport(m.id, 'sha256:m', 'mail');
    // Started, nothing declared yet: no card stored by it.
    expect(await history.latestImportedReceipt(m.id, 'mail')).toBeUndefined();
    await history.declareImportedReceipt(m.id, 'sha256:m', Date.UTC(2024, 5, 12));
    // A later chunk declaring an earlier receipt leaves the latest.
    await history.declareImportedReceipt(m.id, 'sha256:m', Date.UTC(2024, 5, 11));
    expect(await history.latestImportedReceipt(m.id, 'mail')).toBe(Date.UTC(2024, 5, 12));
    expect(await history.latestImportedReceipt(m.id, 'phone')).toBe(Date.UTC(2024, 5, 19));
  });

  it("one file of a meeting's channel at a time: while another run holds the lease, an import is refused and stores nothing", async () => {
    const leases = new DynamoLeases(p.clients.documents, p.config.tableName);
    const scope = `vote-import#${meeting.id}#mail`;
    const now = new Date().toISOString();
    expect(await leases.acquire(scope, 'another-run', new Date(Date.now() + 60_000).toISOString(), now)).toBe(true);
    const text = [HEADER, card(7, 16, '08:00')].join('\n');
    await expect(importText(text, 'waiting.csv')).rejects.toThrow(
      `another mail file of meeting ${meeting.id} is being imported`,
    );
    expect(calls).toEqual([]);
    expect(await history.list(meeting.id, H[7]!.accountId)).toEqual([]);
    // A phone file of the same meeting is another lease.
    expect(await leases.acquire(`vote-import#${meeting.id}#phone`, 'x', now, now)).toBe(true);
    await leases.release(`vote-import#${meeting.id}#phone`, 'x');
    await leases.release(scope, 'another-run');
    expect((await importText(text, 'waiting.csv')).counts).toMatchObject({ newlyStored: 1 });
    // Released after the run: the next one takes it.
    expect((await importText(text, 'waiting.csv')).counts).toMatchObject({ newlyStored: 0, alreadyStored: 1 });
  });

  it("a file's digest and its lines, in one pass: line feeds, and a last line without one", async () => {
    const of = (...chunks: string[]) => contentDigest(Readable.from(chunks.map((c) => Buffer.from(c))));
    expect(await of('a,b\n1,2\n')).toEqual({ digest: sha('a,b\n1,2\n'), lines: 2 });
    expect(await of('a,b\n1,2')).toEqual({ digest: sha('a,b\n1,2'), lines: 2 });
    expect(await of('a,b\r\n1', ',2\r', '\n3,4')).toEqual({ digest: sha('a,b\r\n1,2\r\n3,4'), lines: 3 });
    expect(await of()).toEqual({ digest: sha(''), lines: 0 });
  });

  it('the holder list read whole is what the look-up by account gives, with and without the control-number hash', async () => {
    const store = new DynamoHolderStore(p.clients.documents, p.config.tableName);
    const accounts = H.map((h) => h.accountId);
    const looked = await store.getVotingHolders(meeting.id, accounts);
    const all = await store.allVotingHolders(meeting.id, { controlHash: true });
    expect(all.size).toBe(12);
    expect([...all.values()].sort((x, y) => (x.accountId < y.accountId ? -1 : 1))).toEqual(
      H.map((h) => ({ accountId: h.accountId, shares: h.shares, controlHash: h.controlHash })).sort((x, y) =>
        x.accountId < y.accountId ? -1 : 1,
      ),
    );
    expect(all).toEqual(looked);
    const cards = await store.allVotingHolders(meeting.id, { controlHash: false });
    expect(cards.get(H[0]!.accountId)).toEqual({ accountId: H[0]!.accountId, shares: H[0]!.shares, controlHash: '' });
    expect(await store.controlNumbersIssued(meeting.id)).toBeGreaterThanOrEqual(12);
    expect(await store.controlNumbersIssued('no-such-meeting')).toBe(0);
  });
});
