import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

describe('npx proxydesk holders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-holders-'));
  const D = ['--data-dir', dir];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the seed meeting from a generated file whose shares add up to 46,717,887 (exit 0, balanced)', async () => {
    const file = join(dir, 'holders.csv');
    expect(
      (await runCli(['holders', 'generate', '--meeting', 'sonim-2024', '--rows', '300', '--out', file, ...D])).code,
    ).toBe(0);
    const r = await runCli(['holders', 'import', '--meeting', 'sonim-2024', '--file', file, ...D, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.counts).toMatchObject({ rowsRead: 300, rowsImported: 300, rowsRejected: 0, shares: 46_717_887 });
    expect(report.reconciliation).toMatchObject({ status: 'balanced', difference: 0, sharesOutstanding: 46_717_887 });
    const summary = await runCli(['holders', 'summary', '--meeting', 'sonim-2024', ...D]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain('Balanced');
    const show = await runCli([
      'holders',
      'show',
      '--meeting',
      'sonim-2024',
      '--account',
      'TA-0000001',
      ...D,
      '--json',
    ]);
    expect(show.code).toBe(0);
    const holder = JSON.parse(show.stdout);
    expect(holder.accountId).toBe('TA-0000001');
    expect(holder).not.toHaveProperty('controlHash');
    expect(holder).not.toHaveProperty('controlSeq');
  });

  it('exports the control numbers to an owner-only file, one 12-digit number per holder', async () => {
    const out = join(dir, 'cn.csv');
    const r = await runCli(['holders', 'export-control-numbers', '--meeting', 'sonim-2024', '--out', out, ...D]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\d{12}/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('account_id,name,control_number');
    expect(lines).toHaveLength(301);
    expect(lines.slice(1).every((l) => /,\d{12}$/.test(l))).toBe(true);
    expect(statSync(out).mode & 0o077).toBe(0);
  });

  it('a file with renamed columns imports with --columns; without the map it is refused naming the columns (exit 1)', async () => {
    const file = join(dir, 'renamed.csv');
    writeFileSync(file, 'Acct No,Holder Name,Street,City,ST,Zip,Shares\nX-1,"Lee, Ann",1 Main St,Austin,TX,78701,5\n');
    const refused = await runCli(['holders', 'import', '--meeting', 'sonim-2024', '--file', file, ...D]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('account_id');
    const map = join(dir, 'map.json');
    writeFileSync(
      map,
      JSON.stringify({
        'Acct No': 'account_id',
        'Holder Name': 'name',
        Street: 'address_line1',
        ST: 'state',
        Zip: 'postal_code',
      }),
    );
    const ok = await runCli([
      'holders',
      'import',
      '--meeting',
      'sonim-2024',
      '--file',
      file,
      '--columns',
      map,
      ...D,
      '--json',
    ]);
    expect(JSON.parse(ok.stdout).counts).toMatchObject({ rowsImported: 1, rowsRejected: 0 });
    expect(ok.code).toBe(1); // 5 more shares than outstanding: a reported mismatch
    expect(JSON.parse(ok.stdout).reconciliation).toMatchObject({ status: 'mismatch', difference: -5 });
  });

  it('bad arguments exit 2 with one line naming the argument', async () => {
    const r = await runCli([
      'holders',
      'import',
      '--meeting',
      'sonim-2024',
      '--kind',
      'beneficial',
      '--file',
      'x.csv',
      ...D,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('--kind')]);
  });
});
