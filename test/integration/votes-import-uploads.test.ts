import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { seedVotingMeeting } from '../harness/voting-meeting.js';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { startLocalImports } from '../../cli/local/imports.js';
import { DynamoVoteHistory } from '../../shared/adapters/dynamodb/vote-store.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import { VOTE_FILE_REQUIRED, isVoteFileColumn } from '../../shared/domain/voting/vote-file.js';
import { importVotes, type ImportedVotes } from '../../shared/domain/voting/vote-import.js';

/**
 * Vote files on the local platform: an upload to the local imports bucket under votes/<meeting>/<channel>/ runs
 * the vote-import function as S3 → SQS does on AWS; and an import stopped part-way (a store that fails after
 * some batches, as a killed process would) is resumed by running the same file again, every row stored once.
 * The meeting is the seed's: mailed cards count until the polls close, 9:00 am Pacific on 2024-06-20.
 */
const SECRET = '4e'.repeat(32);
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const CARD_HEADER = ['account', 'signed', 'card_date', 'received_at', ...NOMINEES.map((n) => `p1:${n}`), 'p2'];
const csv = (rows: string[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;

describe('vote files: local S3 uploads and a resumed import', () => {
  let p: TestPlatform;
  let meeting: Meeting;
  let H: Holder[];
  let history: DynamoVoteHistory;

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    ({ meeting, holders: H } = await seedVotingMeeting(p, SECRET, { id: 'votes-uploads', rows: 25, seed: 3 }));
    expect(H).toHaveLength(25);
    history = new DynamoVoteHistory(p.clients.documents, p.config.tableName);
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a card file uploaded through the S3 SDK to the local imports bucket is imported, its report beside it', async () => {
    const log: string[] = [];
    const imports = await startLocalImports(p.servers, p.config, (line) => log.push(line));
    // A client of its own, as an operator's upload tool would be.
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: p.config.endpoints.s3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      const key = `votes/${meeting.id}/mail/scanner batch 1.csv`;
      const body = csv([
        CARD_HEADER,
        // line 2: signed, dated 2024-06-08, arrived 2024-06-12: valid (FOR every nominee, AGAINST 2).
        [
          H[0]!.accountId,
          'yes',
          '2024-06-08',
          '2024-06-12T10:00:00-07:00',
          'FOR',
          'FOR',
          'FOR',
          'FOR',
          'FOR',
          'AGAINST',
        ],
        // line 3: unmarked, signed: votes as the board recommends; valid.
        [H[1]!.accountId, 'yes', '2024-06-09', '2024-06-12T10:00:00-07:00', '', '', '', '', '', ''],
        // line 4: no such account: rejected, not stored.
        ['TA-9999999', 'yes', '2024-06-09', '2024-06-12T10:00:00-07:00', '', '', '', '', '', 'FOR'],
      ]);
      await s3.send(new PutObjectCommand({ Bucket: p.config.importsBucket, Key: key, Body: body }));
      const deadline = Date.now() + 20_000;
      while (!log.some((l) => l.startsWith(`vote import ${key}:`)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(log).toContain(`vote import ${key}: done (report: reports/${key}.json)`);
      const report = JSON.parse(
        await (
          await s3.send(new GetObjectCommand({ Bucket: p.config.importsBucket, Key: `reports/${key}.json` }))
        ).Body!.transformToString(),
      );
      expect(report.counts).toMatchObject({ rowsRead: 3, valid: 2, notCounting: 0, rejected: 1, newlyStored: 2 });
      expect(report.rejections).toMatchObject([{ line: 4, field: 'account', recorded: false }]);
      const h0 = await history.list(meeting.id, H[0]!.accountId);
      expect(h0).toMatchObject([{ kind: 'mail', valid: true, date: '2024-06-08', shares: H[0]!.shares }]);
      expect(h0[0]!.ballot['2']).toBe('AGAINST');
      expect(await history.list(meeting.id, H[1]!.accountId)).toMatchObject([{ kind: 'mail', valid: true }]);

      // An upload outside votes/<meeting>/<channel>/ or not a .csv runs nothing.
      await s3.send(new PutObjectCommand({ Bucket: p.config.importsBucket, Key: 'votes/notes.txt', Body: 'x' }));
      await new Promise((r) => setTimeout(r, 500));
      expect(log.filter((l) => l.startsWith('vote import'))).toHaveLength(1);
    } finally {
      s3.destroy();
      await imports.queue.stop();
    }
  });

  it('an import stopped part-way (the store fails in its second batch, some rows written) is resumed by the same file: each row once', async () => {
    // 2,600 signed cards in time, 104 for each of the 25 accounts (H[0] and H[1] also have the upload's card above):
    // every row valid and each a different card (a row's identity is what it says: account, dates, received, marks;
    // the received minute and hour make every row differ); chunks of 1,000 rows, so three chunks.
    const accounts = H.slice(0, 25).map((h) => h.accountId);
    const rows = Array.from({ length: 2600 }, (_, i) => [
      accounts[i % 25]!,
      'yes',
      `2024-06-${String(1 + (i % 9)).padStart(2, '0')}`,
      `2024-06-${String(10 + (i % 9)).padStart(2, '0')}T${String(8 + Math.floor(i / 450)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00-07:00`,
      ...NOMINEES.map(() => (i % 2 ? 'FOR' : 'WITHHOLD')),
      ['FOR', 'AGAINST', 'ABSTAIN'][i % 3]!,
    ]);
    const text = csv([CARD_HEADER, ...rows]);
    const fileDigest = `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const run = async (votes?: ImportedVotes) => {
      const deps = await testRoot(p, SECRET).voteImport();
      return importVotes(
        { ...deps, votes: votes ?? deps.votes },
        {
          meeting,
          channel: 'mail',
          fileDigest,
          sourceName: 'resume.csv',
          records: readCsvRecords(Readable.from([text]), {
            known: (c) => isVoteFileColumn('mail', c),
            required: VOTE_FILE_REQUIRED.mail,
          }),
        },
      );
    };
    const before = new Map(
      await Promise.all(accounts.map(async (a) => [a, (await history.list(meeting.id, a)).length] as const)),
    );

    // The crash: the second store call writes its first 300 records, then fails (a process killed mid-batch).
    let calls = 0;
    let written = 0;
    const crashing: ImportedVotes = {
      importedThrough: (m, d) => history.importedThrough(m, d),
      startImport: (m, d, channel) => history.startImport(m, d, channel),
      saveImportedThrough: (m, d, line) => history.saveImportedThrough(m, d, line),
      latestImportedReceipt: (m, channel) => history.latestImportedReceipt(m, channel),
      declareImportedReceipt: (m, d, ms) => history.declareImportedReceipt(m, d, ms),
      storeImported: async (records, opts) => {
        calls++;
        if (calls === 2) {
          // (Not `written += await …`: that reads `written` before the call, and other chunks' calls run meanwhile.)
          const n = await history.storeImported(records.slice(0, 300), opts);
          written += n;
          throw new Error('killed mid-run');
        }
        const n = await history.storeImported(records, opts);
        written += n;
        return n;
      },
    };
    await expect(run(crashing)).rejects.toThrow('killed mid-run');
    // Part of the file is stored: at least the 300 of the failed batch, not all of it.
    expect(written).toBeGreaterThanOrEqual(300);
    expect(written).toBeLessThan(2600);

    const resumed = await run();
    expect(resumed.counts).toMatchObject({ rowsRead: 2600, valid: 2600, notCounting: 0, rejected: 0 });
    // What the crashed run wrote is found, the rest written now: 2,600 in all.
    expect(resumed.counts.newlyStored).toBe(2600 - written);
    expect(resumed.counts.alreadyStored).toBe(written);

    // Read back: each account has its 104 cards, each once (distinct ids), and nothing else was added.
    for (const a of accounts) {
      const cards = (await history.list(meeting.id, a)).filter((r) => r.source.startsWith('file:resume.csv'));
      expect(cards, a).toHaveLength(104);
      expect(new Set(cards.map((r) => r.id)).size, a).toBe(104);
      expect((await history.list(meeting.id, a)).length - before.get(a)!, a).toBe(104);
    }
    // Again: nothing new.
    expect((await run()).counts).toMatchObject({ newlyStored: 0, alreadyStored: 2600 });

    // The scanner vendor's cumulative file: the same 2,600 cards re-exported with CR LF line endings, in another
    // order, plus one new card. A new file (another digest), but the same cards: only the new one is stored.
    const extra = [accounts[0]!, 'yes', '2024-06-18', '2024-06-19T15:00:00-07:00', ...NOMINEES.map(() => 'FOR'), 'FOR'];
    const cumulative = csv([CARD_HEADER, extra, ...rows.toReversed()]).replace(/\n/g, '\r\n');
    const again = await importVotes(await testRoot(p, SECRET).voteImport(), {
      meeting,
      channel: 'mail',
      fileDigest: `sha256:${createHash('sha256').update(cumulative).digest('hex')}`,
      sourceName: 'cumulative.csv',
      records: readCsvRecords(Readable.from([cumulative]), {
        known: (c) => isVoteFileColumn('mail', c),
        required: VOTE_FILE_REQUIRED.mail,
      }),
    });
    expect(again.counts).toMatchObject({ rowsRead: 2601, newlyStored: 1, alreadyStored: 2600 });
    const first = await history.list(meeting.id, accounts[0]!);
    expect(first.filter((r) => r.source.startsWith('file:cumulative.csv'))).toHaveLength(1);
  });
});
