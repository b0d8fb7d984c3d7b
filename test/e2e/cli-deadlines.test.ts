import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const SEED = ['--prior-meeting', '2024-06-20', '--prior-release', '2024-06-05', '--tz', 'America/Los_Angeles'];

describe('npx proxydesk deadlines', () => {
  it('prints the seed deadlines as a table', async () => {
    const r = await runCli(['deadlines', ...SEED]);
    expect(r.code).toBe(0);
    for (const date of ['2025-02-05', '2025-02-20', '2025-03-22', '2025-04-21']) expect(r.stdout).toContain(date);
    expect(r.stdout).toContain('Saturday');
  });

  it('--json prints one JSON document with the documented shape', async () => {
    const r = await runCli(['deadlines', ...SEED, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.rule14a8).toMatchObject({ deadline: '2025-02-05', citation: 'Rule 14a-8(e)(2)' });
    expect(doc.advanceNotice).toMatchObject({ opens: '2025-02-20', closes: '2025-03-22' });
    expect(doc.rule14a19).toMatchObject({ deadline: '2025-04-21' });
    expect(Array.isArray(doc.warnings)).toBe(true);
  });

  it.each([
    [['--prior-meeting', '2024-06-20', '--prior-release', '2024-06-31'], '--prior-release'],
    [['--prior-meeting', '2024-06-20', '--prior-release', '2024-07-01'], '--prior-release'],
    [[...SEED.slice(0, 4), '--tz', 'Mars/Olympus'], '--tz'],
    [[...SEED, '--bylaw-opens-days', '-5'], '--bylaw-opens-days'],
    [[...SEED, '--frobnicate'], '--frobnicate'],
  ])('bad arguments %j exit 2 with one line naming %s', async (args, name) => {
    const r = await runCli(['deadlines', ...args]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });

  it('check: timely exits 0, late exits 1, each with the reason', async () => {
    const ok = await runCli([
      'deadlines',
      'check',
      '--route',
      'advance-notice',
      '--received',
      '2025-03-22T16:45:00-07:00',
      ...SEED,
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ timely: true, route: 'advance-notice' });
    const late = await runCli([
      'deadlines',
      'check',
      '--route',
      '14a-8',
      '--received',
      '2025-02-06T00:00:01-08:00',
      ...SEED,
    ]);
    expect(late.code).toBe(1);
    expect(late.stdout).toContain('NOT TIMELY');
    expect(late.stdout).toContain('2025-02-05');
  });
});
