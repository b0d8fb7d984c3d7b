import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import type { HolderDeps as HolderAdapters } from '../../shared/composition/root.js';
import { testRoot } from '../harness/platform.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders, type ImportRequest } from '../../shared/domain/holders/import.js';
import { controlNumberRows, findByControlNumber } from '../../shared/domain/holders/use-cases.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import {
  NOMINEE_COLUMNS,
  NOMINEE_REQUIRED,
  REGISTERED_COLUMNS,
  REGISTERED_REQUIRED,
} from '../../shared/domain/holders/schema.js';
import type { Holder, HolderStore } from '../../shared/domain/holders/model.js';
import { HOLDER_SHARDS, keys } from '../../shared/adapters/dynamodb/keys.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);
const seedMeeting = (id: string): Meeting => ({
  ...(JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting),
  id,
  createdAt: '2026-11-25T00:00:00Z',
  updatedAt: '2026-11-25T00:00:00Z',
});
const registered = (input: Readable) =>
  readCsvRecords(input, { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED });
const fromFile = (name: string) => registered(createReadStream(fixture(name)));
const fromText = (text: string) => registered(Readable.from([text]));

/** The control-number secret (hex), in the platform's config. */
const SECRET = '5e'.repeat(32);

describe('importing holder lists into DynamoDB (dynalite)', () => {
  let p: TestPlatform;
  let a: HolderAdapters;
  const now = () => '2026-11-25T12:00:00Z';
  const run = (req: Omit<ImportRequest, 'sourceName'> & { sourceName?: string }, store: HolderStore = a.holders) =>
    importHolders({ holders: store, controlNumbers: a.controlNumbers, now }, { sourceName: 'test.csv', ...req });

  /** Every holder of a meeting, by account (reading all shards: a test-only full read). */
  const allHolders = async (meetingId: string) => {
    const out = new Map<string, Holder>();
    let cursor: string | undefined;
    do {
      const page = await a.holders.listHolders(meetingId, { cursor, limit: 250 });
      for (const h of page.holders) out.set(h.accountId, h);
      cursor = page.cursor;
    } while (cursor);
    return out;
  };

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    a = await testRoot(p, SECRET).holders();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('accepts and normalises messy but valid rows (BOM, CRLF, quotes, accents, names of countries and states, foreign and military)', async () => {
    const out = await run({
      meeting: seedMeeting('messy-2024'),
      kind: 'registered',
      sourceId: 'messy',
      records: fromFile('registered-messy.csv'),
    });
    expect(out.report!.counts).toMatchObject({ rowsRead: 5, rowsImported: 5, rowsRejected: 0, shares: 1340 });
    const h = await allHolders('messy-2024');
    expect(h.get('TA-000001')).toMatchObject({
      name: 'Doe, Jane "JJ"',
      coOwner: 'John Doe',
      address: {
        lines: ['12 Main Street', 'Apt 4'],
        city: 'Boston',
        state: 'MA',
        postalCode: '02134-1234',
        country: 'US',
        military: false,
      },
      shares: 1000,
      email: 'Jane.Doe@example.com',
      edeliveryConsent: true,
      householdingConsent: 'affirmative',
      deliveryElection: 'email',
    });
    expect(h.get('TA-000002')).toMatchObject({
      name: 'Zoë Müller-Lüdenscheidt',
      address: { country: 'DE', city: 'Berlin', postalCode: '10117' },
    });
    expect(h.get('TA-000003')).toMatchObject({
      name: "Sgt. Pat O'Brien",
      address: { city: 'APO', state: 'AE', country: 'US', military: true },
      deliveryElection: 'paper',
      edeliveryConsent: false,
    });
    expect(h.get('TA-000004')).toMatchObject({
      address: { lines: ['100 King St W, Suite 5600'], state: 'ON', postalCode: 'M5X 1C9', country: 'CA' },
      householdingConsent: 'revoked',
    });
    expect(h.get('TA-000005')).toMatchObject({ address: { state: 'CA', country: 'US' }, householdingConsent: 'none' });
  });

  it('rejects each bad row with its line, field and reason, and lands the valid rows', async () => {
    const out = await run({
      meeting: seedMeeting('bad-2024'),
      kind: 'registered',
      sourceId: 'bad',
      records: fromFile('registered-bad.csv'),
    });
    const r = out.report!;
    expect(r.counts).toMatchObject({ rowsRead: 13, rowsImported: 2, rowsRejected: 11, shares: 300 });
    const byLine = new Map(r.rejections.map((x) => [x.line, x]));
    expect(byLine.get(3)).toMatchObject({ field: 'name', message: 'name is required' });
    expect(byLine.get(4)).toMatchObject({ field: 'shares' });
    expect(byLine.get(5)).toMatchObject({ field: 'shares' });
    expect(byLine.get(6)).toMatchObject({ field: 'state' });
    expect(byLine.get(7)?.message).toContain('leading zero');
    expect(byLine.get(8)).toMatchObject({ field: 'email' });
    expect(byLine.get(9)).toMatchObject({ field: 'householding_consent' });
    expect(byLine.get(10)).toMatchObject({
      field: 'account_id',
      message: 'duplicate account_id TA-100001: already on line 2',
    });
    expect(byLine.get(11)).toMatchObject({ field: '(row)' });
    expect(byLine.get(12)?.message).toContain('delivery_election is email');
    expect(byLine.get(13)).toMatchObject({ field: 'country' });
    expect([...(await allHolders('bad-2024')).keys()].sort()).toEqual(['TA-100001', 'TA-100013']);
  });

  it('finds duplicates across chunks too (a duplicate 40 rows later is rejected; the first stays)', async () => {
    const rows = Array.from(
      { length: 50 },
      (_, i) => `D-${i},Holder ${i},,${i} Main St,,,Austin,TX,78701,US,10,,N,none,`,
    );
    rows.push('D-3,Again,,99 Main St,,,Austin,TX,78701,US,10,,N,none,');
    const text = `${REGISTERED_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
    const out = await run({
      meeting: seedMeeting('dups-2024'),
      kind: 'registered',
      sourceId: 'dups',
      records: fromText(text),
      chunkSize: 10,
    });
    expect(out.report!.rejections).toEqual([
      { line: 52, field: 'account_id', message: 'duplicate account_id D-3: already on line 5' },
    ]);
    expect((await a.holders.getHolder('dups-2024', 'D-3'))?.name).toBe('Holder 3');
  });

  it('re-importing the same file changes nothing; a corrected file upserts and keeps control numbers', async () => {
    const meeting = seedMeeting('redo-2024');
    await run({ meeting, kind: 'registered', sourceId: 'bad-v1', records: fromFile('registered-bad.csv') });
    const first = await allHolders('redo-2024');
    await run({ meeting, kind: 'registered', sourceId: 'bad-v1', records: fromFile('registered-bad.csv') });
    const again = await allHolders('redo-2024');
    expect([...again.values()].map((h) => [h.accountId, h.controlHash, h.shares])).toEqual(
      [...first.values()].map((h) => [h.accountId, h.controlHash, h.shares]),
    );

    const corrected = readFileSync(fixture('registered-bad.csv'), 'utf8')
      .replace('TA-100002,,', 'TA-100002,Named Now,')
      .replace(
        'TA-100013,Good Too,,13 Main St,,,Austin,Texas,78701,US,200',
        'TA-100013,Good Too,,13 Main St,,,Austin,Texas,78701,US,250',
      );
    const out = await run({ meeting, kind: 'registered', sourceId: 'bad-v2', records: fromText(corrected) });
    expect(out.report!.counts.rowsImported).toBe(3);
    const after = await allHolders('redo-2024');
    expect([...after.keys()].sort()).toEqual(['TA-100001', 'TA-100002', 'TA-100013']);
    expect(after.get('TA-100013')?.shares).toBe(250);
    expect(after.get('TA-100013')?.controlHash).toBe(first.get('TA-100013')?.controlHash);
    expect(after.get('TA-100001')?.controlHash).toBe(first.get('TA-100001')?.controlHash);
  });

  it('an import that dies mid-way and is run again ends in the same state as one clean run', async () => {
    const text = [...generateRegisteredCsv({ rows: 700, totalShares: 46_717_887, seed: 7 })].join('\n');
    // A store that "crashes" (throws) on its fourth holder write, as a killed process would stop.
    let writes = 0;
    const crashing: HolderStore = Object.assign(Object.create(Object.getPrototypeOf(a.holders)), a.holders, {
      putHolders: async (h: readonly Holder[]) => {
        if (++writes === 4) throw new Error('simulated crash');
        return a.holders.putHolders(h);
      },
    });
    const meeting = seedMeeting('crash-2024');
    await expect(
      run({ meeting, kind: 'registered', sourceId: 'gen7', records: fromText(text), chunkSize: 100 }, crashing),
    ).rejects.toThrow('simulated crash');
    const partial = await allHolders('crash-2024');
    // Chunks 1–3 landed; chunk 5, written while chunk 4 was, may have landed too (two chunks in flight).
    expect([300, 400]).toContain(partial.size);
    expect(partial.has('TA-0000350')).toBe(false); // chunk 4 failed
    const resumed = await run({
      meeting,
      kind: 'registered',
      sourceId: 'gen7',
      records: fromText(text),
      chunkSize: 100,
    });
    expect(resumed.report!.resumed).toBe(true);
    expect(resumed.report!.counts).toMatchObject({
      rowsRead: 700,
      rowsImported: 700,
      rowsRejected: 0,
      shares: 46_717_887,
    });

    const clean = await run({
      meeting: seedMeeting('clean-2024'),
      kind: 'registered',
      sourceId: 'gen7',
      records: fromText(text),
    });
    expect(clean.report!.counts).toEqual(resumed.report!.counts);
    const strip = (h: Holder) => {
      const { controlSeq: _s, controlHash: _h, meetingId: _m, ...rest } = h;
      return rest;
    };
    const crashed = await allHolders('crash-2024');
    const cleanRun = await allHolders('clean-2024');
    expect(crashed.size).toBe(700);
    expect([...crashed.keys()].sort()).toEqual([...cleanRun.keys()].sort());
    for (const [id, h] of cleanRun) expect(strip(crashed.get(id)!)).toEqual(strip(h));
    // Holders written before the crash kept their control numbers; all numbers are distinct.
    for (const [id, h] of partial) expect(crashed.get(id)?.controlHash).toBe(h.controlHash);
    expect(new Set([...crashed.values()].map((h) => h.controlHash)).size).toBe(700);
    expect(resumed.report!.reconciliation.status).toBe('balanced');
  });

  it('control numbers are 12 digits, unique, found through their hash, and never stored in clear', async () => {
    const meeting = seedMeeting('cn-2024');
    const text = [...generateRegisteredCsv({ rows: 400, totalShares: 1_000_000, seed: 3 })].join('\n');
    await run({ meeting, kind: 'registered', sourceId: 'cn', records: fromText(text) });
    const exported = [];
    for await (const row of controlNumberRows(a, 'cn-2024')) exported.push(row);
    expect(exported).toHaveLength(400);
    expect(exported.every((r) => /^\d{12}$/.test(r.controlNumber))).toBe(true);
    expect(new Set(exported.map((r) => r.controlNumber)).size).toBe(400);
    const someone = exported[123]!;
    expect((await findByControlNumber(a, 'cn-2024', someone.controlNumber))?.accountId).toBe(someone.accountId);
    expect(await findByControlNumber(a, 'cn-2024', '000000000000')).toBeUndefined();
    expect(await findByControlNumber(a, 'other-2024', someone.controlNumber)).toBeUndefined();
    // A dump of the meeting's items holds no clear control number anywhere.
    const dump: string[] = [];
    for (let s = 0; s < HOLDER_SHARDS; s++) {
      const out = await p.clients.documents.send(
        new QueryCommand({
          TableName: p.config.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.holderShard('cn-2024', s) },
        }),
      );
      dump.push(...(out.Items ?? []).map((i) => JSON.stringify(i)));
    }
    const all = dump.join('\n');
    expect(dump).toHaveLength(400);
    expect(exported.filter((r) => all.includes(r.controlNumber))).toEqual([]);
  });

  it('reconciles against shares outstanding: registered only is a reported mismatch, with the nominee list it balances', async () => {
    const meeting = seedMeeting('recon-2024');
    const text = [...generateRegisteredCsv({ rows: 100, totalShares: 717_887, seed: 9 })].join('\n');
    const reg = await run({ meeting, kind: 'registered', sourceId: 'reg', records: fromText(text) });
    expect(reg.report!.reconciliation).toMatchObject({
      status: 'mismatch',
      registeredShares: 717_887,
      nomineeShares: null,
      difference: 46_000_000,
    });
    expect(reg.report!.reconciliation.message).toContain('46,000,000');
    const nom = await run({
      meeting,
      kind: 'nominee',
      sourceId: 'nom',
      records: readCsvRecords(createReadStream(fixture('nominees.csv')), {
        known: NOMINEE_COLUMNS,
        required: NOMINEE_REQUIRED,
      }),
    });
    expect(nom.report!.counts).toMatchObject({ rowsImported: 2, rowsRejected: 0, shares: 46_000_000 });
    expect(nom.report!.reconciliation).toMatchObject({
      status: 'balanced',
      nominees: 2,
      nomineeShares: 46_000_000,
      nomineeSetsRequested: 2000,
      difference: 0,
    });
    expect((await a.holders.getNominees('recon-2024', ['0164'])).get('0164')?.nomineeName).toBe(
      'Charles Schwab & Co., Inc.',
    );
  });

  it('lists a household: holders at the same address, written differently, share a key', async () => {
    const text = `${REGISTERED_COLUMNS.join(',')}
H-1,"Smith, Ann",,12 Oak Avenue,Apt 3,,Austin,TX,78701,US,10,,N,implied,
H-2,"Smith, Bob",,12 OAK AVE.,apt 3,,austin,Texas,78701-0001,USA,20,,N,implied,
H-3,"Jones, Cy",,14 Oak Avenue,,,Austin,TX,78701,US,30,,N,implied,
`;
    await run({ meeting: seedMeeting('hh-2024'), kind: 'registered', sourceId: 'hh', records: fromText(text) });
    const ann = (await a.holders.getHolder('hh-2024', 'H-1'))!;
    const household = await a.holders.listHousehold('hh-2024', ann.addressKey);
    expect(household.map((h) => h.accountId).sort()).toEqual(['H-1', 'H-2']);
  });
});
