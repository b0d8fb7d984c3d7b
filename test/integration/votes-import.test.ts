import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { seedVotingMeeting } from '../harness/voting-meeting.js';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { sqsEvent } from '../../cli/local/sqs-event.js';
import { lambdaContext } from '../../cli/local/http-server.js';
import { makeHandler } from '../../functions/votes-import/handler.js';
import { DynamoVoteHistory } from '../../shared/adapters/dynamodb/vote-store.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import { castVote } from '../../shared/domain/voting/cast.js';
import { countingProxy } from '../../shared/domain/voting/history.js';
import { VOTE_FILE_REQUIRED, isVoteFileColumn, type VoteFileChannel } from '../../shared/domain/voting/vote-file.js';
import { importVotes } from '../../shared/domain/voting/vote-import.js';

/**
 * Phone and card files against dynalite and s3rver. The meeting is the seed's (Sonim, America/Los_Angeles;
 * June 2024 is PDT, UTC−7): telephone voting until 11:59 pm Pacific on 2024-06-19; mailed cards until the
 * polls close, the meeting's start, 9:00 am Pacific on 2024-06-20 (no `mail` cut-off in the file). Ten
 * generated holders H[0..9] with their control numbers N[0..9].
 */
const SECRET = '6b'.repeat(32);
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const CARD_HEADER = ['account', 'signed', 'card_date', 'received_at', ...NOMINEES.map((n) => `p1:${n}`), 'p2', 'p6'];
const PHONE_HEADER = ['account', 'control_number', 'received_at', ...NOMINEES.map((n) => `p1:${n}`), 'p2'];
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('votes import (phone and card files)', () => {
  let p: TestPlatform;
  let meeting: Meeting;
  let H: Holder[];
  let N: string[];
  let history: DynamoVoteHistory;

  const importText = async (channel: VoteFileChannel, text: string, name = `${channel}.csv`) =>
    importVotes(await testRoot(p, SECRET).voteImport(), {
      meeting,
      channel,
      fileDigest: sha(text),
      sourceName: name,
      records: readCsvRecords(Readable.from([text]), {
        known: (c) => isVoteFileColumn(channel, c),
        required: VOTE_FILE_REQUIRED[channel],
      }),
    });
  const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    ({
      meeting,
      holders: H,
      numbers: N,
    } = await seedVotingMeeting(p, SECRET, { id: 'votes-import', rows: 10, seed: 8 }));
    history = new DynamoVoteHistory(p.clients.documents, p.config.tableName);
  });
  afterAll(async () => {
    await p?.stop();
  });

  const cardRows = () => [
    CARD_HEADER,
    // line 2: signed, dated 2024-06-08, arrived 2024-06-12; AGAINST proposal 2, the rest unmarked (the board's FOR).
    [H[0]!.accountId, 'yes', '2024-06-08', '2024-06-12T10:00:00-07:00', '', '', '', '', '', 'AGAINST', ''],
    // line 3: unsigned: not a proxy; stored as not counting.
    [H[1]!.accountId, 'no', '2024-06-09', '2024-06-12T10:00:00-07:00', 'FOR', '', '', '', '', 'FOR', ''],
    // line 4: no such account: rejected, not stored.
    ['TA-9999999', 'yes', '2024-06-09', '2024-06-12T10:00:00-07:00', '', '', '', '', '', 'FOR', ''],
    // line 5: "MAYBE" is not offered on proposal 2: stored as not counting, naming proposal 2.
    [H[2]!.accountId, 'yes', '2024-06-11', '2024-06-12T10:00:00-07:00', '', '', '', '', '', 'MAYBE', ''],
    // line 6: arrived during the polls' closing minute, 9:00:30 am PDT on 2024-06-20: in time.
    [H[3]!.accountId, 'yes', '2024-06-18', '2024-06-20T09:00:30-07:00', '', '', '', '', '', '', 'ABSTAIN'],
    // line 7: arrived 9:01 am: after the polls closed.
    [H[4]!.accountId, 'yes', '2024-06-18', '2024-06-20T09:01:00-07:00', '', '', '', '', '', '', ''],
  ];

  it('a holder votes online on 2024-06-10, then a card dated 2024-06-08 arrives on 2024-06-12: stored, and the online vote counts', async () => {
    const voting = await testRoot(p, SECRET, { clock: () => '2024-06-10T17:00:00.000Z' }).voting();
    const online = await castVote(voting, {
      meeting,
      body: { controlNumber: N[0], ballot: { '2': 'FOR' } },
      client: '198.51.100.7',
    });
    const r = await importText('mail', csv(cardRows()), 'cards.csv');
    // Hand count: lines 2 and 6 valid; 3 (unsigned), 5 (MAYBE) and 7 (late) stored not counting; 4 rejected.
    expect(r.counts).toMatchObject({ rowsRead: 6, valid: 2, notCounting: 3, rejected: 1, newlyStored: 5 });
    expect(r.counts.sharesValid).toBe(H[0]!.shares + H[3]!.shares);
    expect(r.rejections.map((x) => [x.line, x.field, x.recorded])).toEqual([
      [3, 'signed', true],
      [4, 'account', false],
      [5, 'p2', true],
      [7, 'received_at', true],
    ]);
    expect(r.rejections[0]!.reason).toBe('unsigned: an unsigned card is not a valid proxy');
    expect(r.rejections[1]!.reason).toBe('no account TA-9999999 in the record-date holder list');
    expect(r.rejections[2]!.reason).toContain('proposal 2 (');
    expect(r.rejections[2]!.reason).toContain('not "MAYBE"');
    expect(r.rejections[3]!.reason).toContain('closed at 9:00 am Pacific on 2024-06-20');

    const h0 = await history.list(meeting.id, H[0]!.accountId);
    expect(h0.map((s) => [s.kind, s.valid])).toEqual([
      ['mail', true],
      ['internet', true],
    ]);
    const card = h0.find((s) => s.kind === 'mail')!;
    // The card: as marked on 2, the board's FOR elsewhere (five nominees, 3–6), dated 2024-06-08, the record-date shares.
    expect(card).toMatchObject({ date: '2024-06-08', receivedAt: '2024-06-12T17:00:00.000Z', shares: H[0]!.shares });
    expect(card.ballot).toEqual({
      '1': Object.fromEntries(NOMINEES.map((n) => [n, 'FOR'])),
      '2': 'AGAINST',
      '3': 'FOR',
      '4': 'FOR',
      '5': 'FOR',
      '6': 'FOR',
    });
    // Dated 2024-06-08, before the online vote of 2024-06-10: the online vote is the latest-dated and counts.
    expect(countingProxy(h0, meeting.issuer.timeZone).counting?.id).toBe(online.receipt.receiptId);

    const h1 = await history.list(meeting.id, H[1]!.accountId);
    expect(h1).toHaveLength(1);
    expect(h1[0]).toMatchObject({ valid: false, reason: 'unsigned: an unsigned card is not a valid proxy' });
    expect(countingProxy(h1, meeting.issuer.timeZone).counting).toBeNull();
    expect(await history.list(meeting.id, 'TA-9999999')).toEqual([]);
  });

  it('phone votes: 23:59:30 PDT on 2024-06-19 accepted, 00:00:01 refused; a wrong number rejected, unechoed; again: nothing new', async () => {
    const fors = NOMINEES.map(() => 'FOR');
    const text = csv([
      PHONE_HEADER,
      [H[5]!.accountId, N[5]!, '2024-06-19T23:59:30-07:00', ...fors, 'FOR'],
      [H[6]!.accountId, N[6]!, '2024-06-20T00:00:01-07:00', ...fors, 'FOR'],
      // H[7] with H[8]'s number: not H[7]'s.
      [H[7]!.accountId, N[8]!, '2024-06-19T12:00:00-07:00', ...fors, 'FOR'],
      // No offset: not an instant.
      [H[8]!.accountId, N[8]!, '2024-06-19 12:00:00', ...fors, 'FOR'],
    ]);
    const r = await importText('phone', text);
    expect(r.counts).toMatchObject({ rowsRead: 4, valid: 1, notCounting: 1, rejected: 2, newlyStored: 2 });
    expect(r.rejections.map((x) => [x.line, x.field, x.recorded])).toEqual([
      [3, 'received_at', true],
      [4, 'control_number', false],
      [5, 'received_at', false],
    ]);
    expect(r.rejections[0]!.reason).toContain('telephone voting closed at 11:59 pm Pacific on 2024-06-19');
    const json = JSON.stringify(r);
    for (const n of N) expect(json).not.toContain(n);

    const h5 = await history.list(meeting.id, H[5]!.accountId);
    expect(h5).toMatchObject([
      { kind: 'phone', valid: true, receivedAt: '2024-06-20T06:59:30.000Z', shares: H[5]!.shares },
    ]);
    expect(JSON.stringify(h5)).not.toContain(N[5]!);
    expect(await history.list(meeting.id, H[6]!.accountId)).toMatchObject([{ valid: false }]);

    // The same file again (a re-run, or a run after a crash): every stored row is found, nothing is written.
    const again = await importText('phone', text);
    expect(again.counts).toMatchObject({ newlyStored: 0, alreadyStored: 2, valid: 1, notCounting: 1, rejected: 2 });
    expect(await history.list(meeting.id, H[5]!.accountId)).toHaveLength(1);
  });

  it('an upload under votes/ is imported through the queue function, its report beside it; the same content again stores nothing', async () => {
    const handler = makeHandler(testRoot(p, SECRET));
    const bucket = p.config.importsBucket;
    const deliver = (key: string) =>
      handler(
        sqsEvent(
          JSON.stringify({
            Records: [
              { s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } } },
            ],
          }),
          'proxydesk-vote-uploads',
        ),
        lambdaContext('votes-import'),
      );
    const report = async (key: string) =>
      JSON.parse(
        await (
          await p.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: `reports/${key}.json` }))
        ).Body!.transformToString(),
      );

    // The card file of the first test, uploaded: the same content, so the same rows: nothing new.
    const same = 'votes/votes-import/mail/scanner batch 1.csv';
    await p.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: same, Body: csv(cardRows()) }));
    expect(await deliver(same)).toEqual({ results: [{ key: same, status: 'done' }] });
    expect((await report(same)).counts).toMatchObject({ rowsRead: 6, newlyStored: 0, alreadyStored: 5, rejected: 1 });

    // A new card: stored once, even when S3 delivers the notification twice.
    const next = 'votes/votes-import/mail/batch-2.csv';
    const body = csv([
      CARD_HEADER,
      [H[9]!.accountId, 'yes', '2024-06-14', '2024-06-15T08:00:00-07:00', ...Array(7).fill('')],
    ]);
    await p.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: next, Body: body }));
    await deliver(next);
    await deliver(next);
    expect((await report(next)).counts).toMatchObject({ valid: 1, newlyStored: 0, alreadyStored: 1 });
    expect(await history.list(meeting.id, H[9]!.accountId)).toMatchObject([{ kind: 'mail', valid: true }]);

    // A file without a required column: refused as a whole, with a report naming it.
    const bad = 'votes/votes-import/phone/no-number.csv';
    await p.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: bad, Body: 'account,received_at\nTA-1,x' }));
    expect(await deliver(bad)).toEqual({ results: [{ key: bad, status: 'refused' }] });
    expect(await report(bad)).toMatchObject({ status: 'refused', missing: ['control_number'] });
  });

  it('property: any card-file row is stored or rejected with its line, and only once', async () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'FOR', 'AGAINST', 'ABSTAIN', 'WITHHOLD', '1 YEAR', 'for', 'MAYBE', 'yes', 'no'),
      fc.string({ maxLength: 6 }).map((s) => s.replace(/[",\r\n]/g, '')),
    );
    const row = fc.tuple(
      fc.oneof(fc.constantFrom(...H.map((h) => h.accountId)), fc.constantFrom('', 'TA-0', 'x y')),
      fc.constantFrom('yes', 'no', 'Y', '', 'maybe'),
      fc.constantFrom('', '2024-06-08', '2024-02-30', 'June 8'),
      fc.constantFrom('2024-06-12T10:00:00-07:00', '2024-06-20T09:05:00-07:00', '2024-06-12', 'soon'),
      fc.array(cell, { minLength: 7, maxLength: 7 }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), async (rows) => {
        run++;
        const text = csv([CARD_HEADER, ...rows.map(([a, s, d, t, cells]) => [a, s, d, t, ...cells])]);
        const r = await importText('mail', text, `prop-${run}.csv`);
        const lines = rows.map((_, i) => i + 2);
        const rejected = new Set(r.rejections.filter((x) => !x.recorded).map((x) => x.line));
        // Every line is accounted for exactly once: stored (valid or not counting) or rejected.
        expect(r.counts.rowsRead).toBe(rows.length);
        expect(r.counts.valid + r.counts.notCounting + r.counts.rejected).toBe(rows.length);
        expect(rejected.size).toBe(r.counts.rejected);
        for (const x of r.rejections) expect(lines).toContain(x.line);
        expect(r.rejections.filter((x) => x.recorded)).toHaveLength(r.counts.notCounting);
        // Again: nothing new.
        const again = await importText('mail', text, `prop-${run}.csv`);
        expect(again.counts.newlyStored).toBe(0);
        expect(again.counts.alreadyStored).toBe(r.counts.newlyStored + r.counts.alreadyStored);
      }),
      { numRuns: 25 },
    );
  });
});
