import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { runCli, startCli } from '../support/cli.js';
import { createClients } from '../../shared/adapters/clients.js';
import { createRoot } from '../../shared/composition/root.js';
import { localPlatformConfig, readRuntimeState } from '../../cli/platform.js';

/**
 * The count end to end on `npm start` (its clock fixed by PROXYDESK_NOW during the solicitation, so the voting
 * API takes votes): a meeting made from the seed (examples/sonim-2024.json as `tally-2024`: 46,717,887 shares
 * outstanding, quorum 1/3 = 15,572,629; proposal 1 elects five directors by plurality; 2 and 3 by a majority of
 * the voting power present; 4 and 5 by votes cast; 6 by two thirds of the outstanding shares = 31,145,258 FOR;
 * 2, 4 and 5 routine; the polls close at 9:00 am PDT on Thursday 2024-06-20), six registered holders, votes
 * online through the API and one mailed card imported, a revocation, two nominee reports and the DTC positions.
 *
 * Registered (shares): T-1 9,000,000; T-2 4,000,000; T-3 2,000,000; T-4 600,000; T-5 300,000 (email on file);
 * T-6 50,000. Votes (P = Cassano, Liu, Mulica, Steenstra; W = Wang):
 *   T-1 online: 1 P FOR, W WITHHOLD; 2 FOR; 3 AGAINST; 4 FOR; 5 FOR; 6 FOR.
 *   T-2 online: 1 all FOR; 2 ABSTAIN; 3 FOR; 4 AGAINST; 5 unmarked; 6 FOR.
 *   T-3 online: 3 ABSTAIN; 6 AGAINST; nothing else marked (present, not voting there).
 *   T-4 mailed card (imported): 1 all FOR; 2 FOR; 3 AGAINST; 4 FOR; 5 AGAINST; 6 ABSTAIN.
 *   T-6 online 2 FOR, then revoked in writing (dated 2024-06-15): no proxy counts, not present.
 *   T-5 does not vote.
 * Street name (test/fixtures, see cli-tabulation-inputs.test.ts): 0352's report b (received 2024-06-19) replaces
 * a: Cassano 61,000 FOR / 4,000 WITHHOLD / 15,000 broker non-votes; 2: 52,000 / 2,000 / 1,000 + discretionary
 * 23,000 / 1,500 / 500 (routine: counted) = 80,000 = its position. 0443's report: 4: 30,000 FOR / 1,000 AGAINST =
 * 31,000 over its position of 25,000 → largest remainder: 30,000×25,000/31,000 = 24,193 r17,000; 1,000×25,000/
 * 31,000 = 806 r14,000; one share short goes to FOR (larger remainder) → 24,194 / 806.
 *
 * By hand:
 *   present = registered 9,000,000 + 4,000,000 + 2,000,000 + 600,000 = 15,600,000 (4 accounts)
 *           + street (each nominee's largest line) 80,000 + 25,000 = 105,000 → 15,705,000 ≥ 15,572,629: met.
 *   1: Cassano 13,600,000 + 61,000 = 13,661,000 FOR, 4,000 withheld, 15,000 broker non-votes, 2,000,000 present
 *      not voting; Liu, Mulica, Steenstra 13,600,000; Wang 4,600,000 FOR, 9,000,000 withheld (more WITHHOLD than
 *      FOR: flagged); five nominees for five seats: all ELECTED.
 *   2: FOR 9,600,000 + 75,000 = 9,675,000; AGAINST 3,500; ABSTAIN 4,001,500; present not voting 2,000,000 →
 *      entitled 15,680,000, threshold 7,840,001: PASSED.
 *   3: FOR 4,000,000; AGAINST 9,600,000; ABSTAIN 2,000,000 → entitled 15,600,000, threshold 7,800,001: FAILED.
 *   4: FOR 9,600,000 + 24,194 = 9,624,194; AGAINST 4,000,000 + 806 = 4,000,806 → threshold 4,000,807: PASSED.
 *   5: FOR 9,000,000; AGAINST 600,000; present not voting 6,000,000 → threshold 600,001: PASSED.
 *   6: FOR 13,000,000; AGAINST 2,000,000; ABSTAIN 600,000 < 31,145,258: FAILED (18,145,258 more FOR needed).
 *   Form 8-K: the meeting on Thursday 2024-06-20 → four business days → Wednesday 2024-06-26.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const SECRET = '3c'.repeat(32);
const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const HOLDERS = [
  'account_id,name,address_line1,city,state,postal_code,country,shares,email',
  'T-1,Alice Large,1 Main St,Boston,MA,02134,US,9000000,',
  'T-2,Bob Second,2 Main St,Boston,MA,02134,US,4000000,',
  'T-3,Carol Third,3 Main St,Boston,MA,02134,US,2000000,',
  'T-4,Dan Card,4 Main St,Boston,MA,02134,US,600000,',
  'T-5,Eve Silent,5 Elm St,Denver,CO,80202,US,300000,eve@example.com',
  'T-6,Fay Revoked,6 Elm St,Denver,CO,80202,US,50000,',
].join('\n');

type Tab = {
  mode: string;
  quorum: { required: number; present: number; registeredPresent: number; streetPresent: number; met: boolean };
  proposals: {
    number: number;
    status: string;
    votes?: Record<string, number>;
    threshold: { shares: number | null };
    elected?: string[];
    nominees?: { name: string; votes: Record<string, number>; status: string; flags: { code: string }[] }[];
  }[];
  reconciliations: { participant: string; proposal: number; counted: Record<string, number> }[];
};

describe('npm start: votes online and on a card, nominee reports and positions, then tabulate --final', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-tally-'));
  const D = ['--data-dir', dir, '--meeting', 'tally-2024'];
  let running: Awaited<ReturnType<typeof startCli>>;
  const numbers = new Map<string, string>();
  const at = (now: string) => ({ PROXYDESK_NOW: now });
  const AFTER = at('2024-06-21T10:00:00-07:00');

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'control-secret'), `${SECRET}\n`, { mode: 0o600 });
    const saved = process.env.PROXYDESK_NOW;
    process.env.PROXYDESK_NOW = '2024-06-14T10:00:00-07:00';
    try {
      running = await startCli(['--port', '0', '--data-dir', dir]);
    } finally {
      if (saved === undefined) delete process.env.PROXYDESK_NOW;
      else process.env.PROXYDESK_NOW = saved;
    }
    const seed = JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ ...seed, id: 'tally-2024' }));
    expect((await runCli(['meetings', 'create', '--file', join(dir, 'm.json'), '--data-dir', dir])).code).toBe(0);
    writeFileSync(join(dir, 'holders.csv'), `${HOLDERS}\n`);
    const imported = await runCli(['holders', 'import', '--file', join(dir, 'holders.csv'), ...D]);
    expect(imported.stdout).toMatch(/Registered holders\s+6 accounts, 15,950,000 shares/);
    // The control numbers, as the platform issues them (the data directory's secret).
    const state = readRuntimeState(dir)!;
    const config = localPlatformConfig(state.endpoints, dir);
    const clients = createClients(config);
    try {
      const h = await createRoot(config, clients).holders();
      const holders = (await h.holders.listHolders('tally-2024', { limit: 10 })).holders;
      const cn = h.controlNumbers.controlNumbers(
        'tally-2024',
        holders.map((x) => x.controlSeq),
      );
      holders.forEach((x, i) => numbers.set(x.accountId, cn[i]!));
    } finally {
      clients.dynamodb.destroy();
      clients.s3.destroy();
    }
  }, 120_000);
  afterAll(() => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const vote = async (account: string, ballot: unknown) => {
    const res = await fetch(`${running.apiUrl}/meetings/tally-2024/votes`, {
      method: 'POST',
      body: JSON.stringify({ controlNumber: numbers.get(account), ballot }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  };
  const directors = (wang: string) => Object.fromEntries(NOMINEES.map((n) => [n, n === 'Jeffrey Wang' ? wang : 'FOR']));

  it('takes the votes: online, a mailed card, a revocation; the street-name reports and the positions', async () => {
    await vote('T-1', { '1': directors('WITHHOLD'), '2': 'FOR', '3': 'AGAINST', '4': 'FOR', '5': 'FOR', '6': 'FOR' });
    await vote('T-2', { '1': directors('FOR'), '2': 'ABSTAIN', '3': 'FOR', '4': 'AGAINST', '6': 'FOR' });
    await vote('T-3', { '3': 'ABSTAIN', '6': 'AGAINST' });
    await vote('T-6', { '2': 'FOR' });
    const revoke = await runCli(
      ['votes', 'revoke', ...D, '--account', 'T-6', '--received', '2024-06-15', '--note', 'letter'],
      at('2024-06-16T09:00:00-07:00'),
    );
    expect(revoke.code, revoke.stderr).toBe(0);

    const cards = join(dir, 'cards.csv');
    writeFileSync(
      cards,
      [
        `account,signed,card_date,received_at,${NOMINEES.map((n) => `p1:${n}`).join(',')},p2,p3,p4,p5,p6`,
        'T-4,yes,2024-06-12,2024-06-17T10:00:00-07:00,FOR,FOR,FOR,FOR,FOR,FOR,AGAINST,FOR,AGAINST,ABSTAIN',
      ].join('\n'),
    );
    const card = await runCli(
      ['votes', 'import', ...D, '--channel', 'mail', '--file', cards, '--json'],
      at('2024-06-17T11:00:00-07:00'),
    );
    expect(card.code, card.stdout + card.stderr).toBe(0);
    expect(JSON.parse(card.stdout).counts).toMatchObject({ valid: 1, rejected: 0 });

    const a = await runCli(
      ['votes', 'import-nominee-report', ...D, '--file', fixture('nominee-report-a.csv')],
      at('2024-06-18T09:00:00-07:00'),
    );
    expect(a.code).toBe(1); // five bad rows rejected; the valid ones stored
    const b = await runCli(
      ['votes', 'import-nominee-report', ...D, '--file', fixture('nominee-report-b.csv')],
      at('2024-06-19T11:00:00-07:00'),
    );
    expect(b.code).toBe(0);
    const positions = await runCli(['holders', 'import-positions', ...D, '--file', fixture('positions.csv')]);
    expect(positions.stdout).toContain('3 participants, 105,000 shares');
  }, 120_000);

  it('the solicitation report: quorum met, 18,145,258 more FOR for proposal 6, and T-5 the largest not voted (no control number)', async () => {
    const r = await runCli(['solicitation', ...D, '--top', '1', '--json'], at('2024-06-19T12:00:00-07:00'));
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.quorum).toMatchObject({ required: 15_572_629, present: 15_705_000, short: 0, met: true });
    // Voted: T-1..T-4 (15,600,000); not voted: T-5 and T-6 (revoked) = 350,000.
    expect(doc.registered).toEqual({
      holders: 6,
      shares: 15_950_000,
      voted: { accounts: 4, shares: 15_600_000 },
      notVoted: { accounts: 2, shares: 350_000 },
    });
    expect(doc.proposals.find((p: { number: number }) => p.number === 6)).toMatchObject({
      for: 13_000_000,
      threshold: 31_145_258,
      moreForNeeded: 18_145_258,
    });
    expect(doc.largestNotVoted).toEqual([
      {
        account: 'T-5',
        name: 'Eve Silent',
        shares: 300_000,
        email: 'eve@example.com',
        address: expect.objectContaining({ lines: ['5 Elm St'], city: 'Denver', state: 'CO' }),
      },
    ]);
    const text = await runCli(['solicitation', ...D, '--top', '2'], at('2024-06-19T12:00:00-07:00'));
    expect(text.stdout).toMatch(/^T-5 +300,000 +Eve Silent +5 Elm St, Denver, CO 80202, US +eve@example.com$/m);
    expect(text.stdout).toMatch(/^T-6 +50,000 +Fay Revoked/m);
    for (const n of numbers.values()) expect(r.stdout + text.stdout).not.toContain(n);
  }, 60_000);

  it('--final before the polls close is refused, naming --final (exit 2); without a mode it is preliminary', async () => {
    const early = await runCli(['tabulate', ...D, '--final'], at('2024-06-20T08:59:00-07:00'));
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('--final: no final tally before the polls close (9:00 am Pacific on 2024-06-20)');
    const pre = await runCli(['tabulate', ...D, '--json'], at('2024-06-20T08:59:00-07:00'));
    expect(pre.code).toBe(0);
    expect(JSON.parse(pre.stdout).mode).toBe('preliminary');
  }, 60_000);

  it('tabulate --final --json: the hand-worked count, byte-identical when run again', async () => {
    const r = await runCli(['tabulate', ...D, '--final', '--json'], AFTER);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout) as Tab;
    expect(t.mode).toBe('final');
    expect(t.quorum).toMatchObject({
      required: 15_572_629,
      present: 15_705_000,
      registeredPresent: 15_600_000,
      streetPresent: 105_000,
      met: true,
    });
    const p = (n: number) => t.proposals.find((x) => x.number === n)!;
    const nominee = (name: string) => p(1).nominees!.find((x) => x.name === name)!;
    expect(nominee('James Cassano').votes).toEqual({
      for: 13_661_000,
      withheld: 4_000,
      brokerNonVotes: 15_000,
      presentNotVoting: 2_000_000,
    });
    for (const name of ['Peter Liu', 'Mike Mulica', 'Jack Steenstra']) expect(nominee(name).votes.for).toBe(13_600_000);
    expect(nominee('Jeffrey Wang').votes).toMatchObject({ for: 4_600_000, withheld: 9_000_000 });
    expect(nominee('Jeffrey Wang').flags.map((f) => f.code)).toContain('MAJORITY_WITHHELD');
    expect(p(1).status).toBe('ELECTED');
    expect(p(1).elected).toEqual(NOMINEES);
    expect(p(2)).toMatchObject({
      votes: { for: 9_675_000, against: 3_500, abstain: 4_001_500, brokerNonVotes: 0, presentNotVoting: 2_000_000 },
      threshold: { shares: 7_840_001 },
      status: 'PASSED',
    });
    expect(p(3)).toMatchObject({
      votes: { for: 4_000_000, against: 9_600_000, abstain: 2_000_000, brokerNonVotes: 0, presentNotVoting: 0 },
      threshold: { shares: 7_800_001 },
      status: 'FAILED',
    });
    expect(p(4)).toMatchObject({
      votes: { for: 9_624_194, against: 4_000_806 },
      threshold: { shares: 4_000_807 },
      status: 'PASSED',
    });
    expect(p(5)).toMatchObject({
      votes: { for: 9_000_000, against: 600_000, abstain: 0, presentNotVoting: 6_000_000 },
      threshold: { shares: 600_001 },
      status: 'PASSED',
    });
    expect(p(6)).toMatchObject({
      votes: { for: 13_000_000, against: 2_000_000, abstain: 600_000 },
      threshold: { shares: 31_145_258 },
      status: 'FAILED',
    });
    expect(t.reconciliations).toEqual([
      expect.objectContaining({ participant: '0443', proposal: 4, counted: { for: 24_194, against: 806 } }),
    ]);
    const again = await runCli(['tabulate', ...D, '--json'], AFTER); // after the polls close the default is final
    expect(again.stdout).toBe(r.stdout);
  }, 60_000);

  it('--certificate writes the file and keeps it in the reports bucket; --form-8k prints the text due 2024-06-26', async () => {
    const file = join(dir, 'certificate.html');
    const r = await runCli(
      ['tabulate', ...D, '--final', '--form-8k', '--certificate', file, '--inspector', 'Ivy Inspector'],
      AFTER,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Quorum \(1\/3 of outstanding\): required 15,572,629, present 15,705,000 .*: MET$/m);
    expect(r.stdout).toMatch(/^ {2}James Cassano +13,661,000 +4,000 +15,000 +2,000,000 +ELECTED$/m);
    expect(r.stdout).toContain('Form 8-K Item 5.07: due 2024-06-26');
    expect(r.stdout).toContain('13,661,000');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('15,705,000');
    expect(html).toContain('Ivy Inspector');
    expect(html).toContain('T-6'); // the revoked proxy, itemised as not counted
    expect(html).toContain('0443');
    // PROXYDESK_NOW 2024-06-21T10:00:00-07:00 is 17:00 UTC.
    const stored = /Kept in the reports bucket: s3:\/\/([^/]+)\/(\S+) and s3:\/\/[^/]+\/(\S+)$/m.exec(r.stdout);
    expect(stored?.[2]).toBe('reports/tabulation/tally-2024/final-20240621T170000Z/certificate.html');
    expect(stored?.[3]).toBe('reports/tabulation/tally-2024/final-20240621T170000Z/tabulation.json');
    const state = readRuntimeState(dir)!;
    const clients = createClients(localPlatformConfig(state.endpoints, dir));
    try {
      const get = async (key: string) =>
        (await clients.s3.send(new GetObjectCommand({ Bucket: stored![1], Key: key }))).Body!.transformToString();
      expect(await get(stored![2]!)).toBe(html);
      const json = await get(stored![3]!);
      const plain = await runCli(['tabulate', ...D, '--json'], AFTER);
      expect(json).toBe(plain.stdout);
    } finally {
      clients.dynamodb.destroy();
      clients.s3.destroy();
    }
  }, 60_000);
});
