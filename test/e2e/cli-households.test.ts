import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
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

  it("a meeting's stored list: households, a recorded revocation with its due date, and the notice list", async () => {
    const file = join(dir, 'holders.csv');
    expect(
      (await runCli(['holders', 'generate', '--meeting', 'sonim-2024', '--rows', '400', '--out', file, ...D])).code,
    ).toBe(0);
    expect((await runCli(['holders', 'import', '--meeting', 'sonim-2024', '--file', file, ...D, '--json'])).code).toBe(
      0,
    );
    const r = await runCli(['households', '--meeting', 'sonim-2024', ...D, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      on: string;
      figures: { holders: number; households: number; copies: number; copiesSaved: number };
      households: { accounts: string[]; householded: boolean }[];
    };
    expect(report.on).toBe('2024-06-05'); // the seed's materials release date
    expect(report.figures.holders).toBe(400);
    expect(report.figures.households).toBeGreaterThan(0);
    expect(report.figures.copies + report.figures.copiesSaved).toBe(400);
    const member = report.households.find((u) => u.householded)!.accounts[0]!;

    const rec = await runCli([
      'householding',
      'record',
      '--meeting',
      'sonim-2024',
      '--account',
      member,
      '--event',
      'revocation',
      '--on',
      '2024-05-20',
      ...D,
      '--json',
    ]);
    expect(rec.code).toBe(0);
    expect(JSON.parse(rec.stdout).consent).toEqual({
      basis: 'revoked',
      since: '2024-05-20',
      individualDeliveryBy: '2024-06-19',
    });
    const after = JSON.parse(
      (await runCli(['households', '--meeting', 'sonim-2024', ...D, '--json'])).stdout,
    ) as typeof report & { individualDeliveryDue: unknown[] };
    expect(after.households.filter((u) => u.householded).some((u) => u.accounts.includes(member))).toBe(false);
    expect(after.individualDeliveryDue).toContainEqual({
      accountId: member,
      revokedOn: '2024-05-20',
      by: '2024-06-19',
    });

    const text = await runCli(['households', '--meeting', 'sonim-2024', ...D]);
    expect(text.stdout).toContain('Copies saved');
    expect(text.stdout).toContain('own proxy card');
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
    expect(Array.isArray(JSON.parse(notices.stdout).holders)).toBe(true);
  }, 120_000); // nine CLI runs, each starting the local servers
});
