import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli.js';

const fixture = fileURLToPath(new URL('../fixtures/households-messy.csv', import.meta.url));

describe('npx proxydesk households / householding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-households-'));
  const D = ['--data-dir', dir];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('groups a messy file without storing it: every account exactly once, the bad row reported (exit 1)', async () => {
    const r = await runCli(['households', '--file', fixture, '--on', '2025-01-01', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      households: { accounts: string[]; householded: boolean }[];
      figures: Record<string, number>;
      rejections: { line: number; field: string }[];
    };
    const groups = out.households.map((u) => u.accounts).sort((a, b) => a[0]!.localeCompare(b[0]!));
    // Lees at Apt 3 (Ida has no consent, so her own copy); Cy in Apt 4 alone; Roes at PO Box 12; Fay at Box 21 alone; the Müllers in Stuttgart.
    expect(groups).toEqual([['TA-1', 'TA-2'], ['TA-10'], ['TA-3'], ['TA-4', 'TA-5'], ['TA-6'], ['TA-7', 'TA-8']]);
    expect(out.households.flatMap((u) => u.accounts).sort()).toEqual([
      'TA-1',
      'TA-10',
      'TA-2',
      'TA-3',
      'TA-4',
      'TA-5',
      'TA-6',
      'TA-7',
      'TA-8',
    ]);
    expect(out.figures).toMatchObject({ holders: 9, households: 3, copies: 6, copiesSaved: 3 });
    expect(out.rejections).toEqual([{ line: 10, field: 'name', message: 'name is required' }]);
  });

  it('Publication 28 forms through the CLI: each form joins its household, each near-miss stays apart (exit 0)', async () => {
    // By hand: P-1..P-8 are four households written two ways each; N-1..N-6 are one change away
    // from one of them (another floor, another route, Charles not Saint Charles, 28th not 27th,
    // Main St N not N Main St, another apartment), so each gets its own copy.
    const rows = [
      ['P-1', '12 Oak Ave', '3rd Floor', ''],
      ['P-2', '12 OAK AVENUE FL 3', '', ''],
      ['P-3', 'RR 2', 'Box 152', ''],
      ['P-4', 'R.R. #2 Box 152', '', ''],
      ['P-5', '40 Saint Charles Ave', '', 'Apt 4'],
      ['P-6', 'Apartment 4', '40 St. Charles Avenue', ''],
      ['P-7', '8 North West Twenty-Seventh St', '', ''],
      ['P-8', '8 NW 27th Street', '', ''],
      ['N-1', '12 Oak Ave', 'Floor 4', ''],
      ['N-2', 'RR 3', 'Box 152', ''],
      ['N-3', '40 Charles Ave Apt 4', '', ''],
      ['N-4', '8 NW Twenty Eighth St', '', ''],
      ['N-5', '8 Main St N', '', ''],
      ['N-6', '40 Saint Charles Ave', '# 5', ''],
    ];
    const csv = [
      'account_id,name,address_line1,address_line2,address_line3,city,state,postal_code,shares,householding_consent',
      ...rows.map(([id, l1, l2, l3]) => `${id},Holder ${id},"${l1}",${l2},${l3},Austin,TX,78701,10,affirmative`),
      'N-7,Holder N-7,8 N Main St,,,Austin,TX,78701,10,affirmative',
    ].join('\n');
    const file = join(dir, 'pub28.csv');
    writeFileSync(file, `${csv}\n`);
    const r = await runCli(['households', '--file', file, '--on', '2025-01-01', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { households: { accounts: string[] }[]; figures: Record<string, number> };
    const groups = out.households.map((u) => u.accounts.join('+')).sort();
    expect(groups).toEqual(
      ['P-1+P-2', 'P-3+P-4', 'P-5+P-6', 'P-7+P-8', 'N-1', 'N-2', 'N-3', 'N-4', 'N-5', 'N-6', 'N-7'].sort(),
    );
    // 15 holders; 4 households of 2 → 4 + 7 = 11 copies, 4 saved.
    expect(out.figures).toMatchObject({ holders: 15, households: 4, copies: 11, copiesSaved: 4 });
  });

  it('bad arguments: one line naming the argument, exit 2', async () => {
    const neither = await runCli(['households', ...D]);
    expect(neither.code).toBe(2);
    expect(neither.stderr.trim().split('\n')).toHaveLength(1);
    expect(neither.stderr).toContain('--meeting');
    const both = await runCli(['households', '--meeting', 'sonim-2024', '--file', fixture, ...D]);
    expect(both.code).toBe(2);
    const badDay = await runCli(['households', '--file', fixture, '--on', '2025-02-30']);
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toContain('--on');
    const badEvent = await runCli([
      'householding',
      'record',
      '--meeting',
      'sonim-2024',
      '--account',
      'TA-1',
      '--event',
      'divorce',
      ...D,
    ]);
    expect(badEvent.code).toBe(2);
    expect(badEvent.stderr).toContain('--event');
  });

  it("a meeting's stored list (the fixture imported): households, a recorded revocation with its due date, and the notice list", async () => {
    // The fixture, by hand: header on line 1, TA-1 … TA-10 on lines 2 … 11; TA-9 (line 10) has no name.
    const imported = await runCli(['holders', 'import', '--meeting', 'sonim-2024', '--file', fixture, ...D, '--json']);
    const counts = JSON.parse(imported.stdout) as { counts: Record<string, number>; rejections: unknown[] };
    // Shares of the nine named rows: 100 + 200 + 300 + 400 + 500 + 600 + 700 + 800 + 1000 = 4600.
    expect(counts.counts).toMatchObject({ rowsRead: 10, rowsImported: 9, rowsRejected: 1, shares: 4600 });
    expect(counts.rejections).toEqual([{ line: 10, field: 'name', message: 'name is required' }]);

    type Report = {
      on: string;
      figures: Record<string, number>;
      households: { accounts: string[]; householded: boolean }[];
      individualDeliveryDue: unknown[];
    };
    const households = async () => {
      const r = await runCli(['households', '--meeting', 'sonim-2024', ...D, '--json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as Report;
    };
    const householded = (report: Report) =>
      report.households
        .filter((u) => u.householded)
        .map((u) => [...u.accounts].sort())
        .sort((a, b) => a[0]!.localeCompare(b[0]!));
    const report = await households();
    expect(report.on).toBe('2024-06-05'); // the seed's materials release date
    // Householded: the Lees at 12 Oak Ave Apt 3 (TA-1 affirmative, TA-2 implied), the Roes at PO Box 12
    // (TA-4, TA-5), the Müllers at Königstraße 5 (TA-7, TA-8). On their own: Cy at Apt 4, Fay at Box 21,
    // and Ida (TA-10, no consent) at the Lees' address. Nine holders, three households of two: 3 + 3 = 6
    // copies, 3 saved; one holder (Ida) shares an address without consent.
    expect(householded(report)).toEqual([
      ['TA-1', 'TA-2'],
      ['TA-4', 'TA-5'],
      ['TA-7', 'TA-8'],
    ]);
    expect(report.figures).toMatchObject({
      holders: 9,
      households: 3,
      householdedHolders: 6,
      copies: 6,
      copiesSaved: 3,
      sharedAddressWithoutConsent: 1,
    });

    // The implied-consent notice goes to holders sharing an address and a family name, with no consent: Ida Lee only.
    const notices = await runCli([
      'householding',
      'notices',
      '--meeting',
      'sonim-2024',
      '--on',
      '2024-01-02',
      ...D,
      '--json',
    ]);
    expect(notices.code).toBe(0);
    expect(
      (JSON.parse(notices.stdout) as { holders: { accountId: string }[] }).holders.map((h) => h.accountId),
    ).toEqual(['TA-10']);

    // Bob Lee (TA-2) revokes on Monday 20 May 2024: individual delivery within 30 days, by Wednesday 19 June
    // (11 days to 31 May, 19 more into June).
    const rec = await runCli([
      'householding',
      'record',
      '--meeting',
      'sonim-2024',
      '--account',
      'TA-2',
      '--event',
      'revocation',
      '--on',
      '2024-05-20',
      ...D,
      '--json',
    ]);
    expect(rec.code).toBe(0);
    expect((JSON.parse(rec.stdout) as { consent: unknown }).consent).toEqual({
      basis: 'revoked',
      since: '2024-05-20',
      individualDeliveryBy: '2024-06-19',
    });
    // Ann Lee (TA-1) is left with no one to share a copy with: two households of two, 2 + 5 = 7 copies, 2 saved.
    const after = await households();
    expect(householded(after)).toEqual([
      ['TA-4', 'TA-5'],
      ['TA-7', 'TA-8'],
    ]);
    expect(after.figures).toMatchObject({
      holders: 9,
      households: 2,
      householdedHolders: 4,
      copies: 7,
      copiesSaved: 2,
    });
    expect(after.individualDeliveryDue).toEqual([{ accountId: 'TA-2', revokedOn: '2024-05-20', by: '2024-06-19' }]);

    const text = await runCli(['households', '--meeting', 'sonim-2024', ...D]);
    expect(text.stdout).toContain('Copies saved');
    expect(text.stdout).toContain('own proxy card');
  }, 120_000); // seven CLI runs, each starting the local servers
});
