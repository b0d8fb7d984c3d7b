import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

describe('npx proxydesk materials / distribute / distribution status', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-distribute-'));
  const D = ['--data-dir', dir];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the seed: notice only refused with the 40-day reason (exit 1); full set on 2024-06-05 planned, then sent; status shows it', async () => {
    const file = join(dir, 'holders.csv');
    expect(
      (await runCli(['holders', 'generate', '--meeting', 'sonim-2024', '--rows', '150', '--out', file, ...D])).code,
    ).toBe(0);
    expect((await runCli(['holders', 'import', '--meeting', 'sonim-2024', '--file', file, ...D])).code).toBe(0);
    const pdf = join(dir, 'Proxy Statement 2024.pdf');
    writeFileSync(pdf, '%PDF-1.4 demo');
    expect((await runCli(['materials', 'upload', '--meeting', 'sonim-2024', '--file', pdf, ...D])).code).toBe(0);
    expect(
      JSON.parse((await runCli(['materials', 'list', '--meeting', 'sonim-2024', ...D, '--json'])).stdout).materials,
    ).toEqual(['Proxy Statement 2024.pdf']);

    const notice = await runCli([
      'distribute',
      '--meeting',
      'sonim-2024',
      '--method',
      'notice-only',
      '--as-of',
      '2024-05-30',
      ...D,
    ]);
    expect(notice.code).toBe(1);
    expect(notice.stdout).toContain('notice and access is impossible for this meeting');
    expect(notice.stdout).toContain('Rule 14a-16(a)(1)');

    const dry = await runCli([
      'distribute',
      '--meeting',
      'sonim-2024',
      '--method',
      'full-set',
      '--as-of',
      '2024-06-05',
      '--dry-run',
      ...D,
      '--json',
    ]);
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan).toMatchObject({ status: 'planned', figures: { holders: 150, proxyCards: 150 } });

    const run = await runCli([
      'distribute',
      '--meeting',
      'sonim-2024',
      '--method',
      'full-set',
      '--as-of',
      '2024-06-05',
      ...D,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.status).toBe('done');
    expect(out.counts.sent).toBe(plan.figures.pieces);
    const status = JSON.parse(
      (await runCli(['distribution', 'status', '--meeting', 'sonim-2024', ...D, '--json'])).stdout,
    );
    expect(status.runs.map((r: { method: string; status: string }) => [r.method, r.status]).sort()).toEqual([
      ['full-set', 'done'],
      ['notice-only', 'refused'],
    ]);
  }, 120_000);

  it('bad arguments: one line naming the argument, exit 2', async () => {
    for (const [args, name] of [
      [['distribute', '--meeting', 'sonim-2024', '--method', 'carrier-pigeon'], '--method'],
      [['distribute', '--meeting', 'sonim-2024', '--method', 'full-set', '--as-of', '2024-13-01'], '--as-of'],
      [['distribute', '--meeting', 'sonim-2024', '--method', 'full-set', '--override', 'notice-40-days'], '--override'],
    ] as const) {
      const r = await runCli([...args, ...D]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(name);
    }
  });
});
