import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';

/**
 * `npx proxydesk votes import` as a user runs it, on the seed meeting (sonim-2024): mailed cards count until
 * the polls close, 9:00 am Pacific (PDT, UTC−7) on 2024-06-20.
 */
describe('npx proxydesk votes import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-votes-import-'));
  const D = ['--data-dir', dir];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a card file once (exit 0), lists a bad row with its line (exit 1), and refuses bad arguments (exit 2)', async () => {
    const holders = join(dir, 'holders.csv');
    await runCli(['holders', 'generate', '--meeting', 'sonim-2024', '--rows', '20', '--out', holders, ...D]);
    expect((await runCli(['holders', 'import', '--meeting', 'sonim-2024', '--file', holders, ...D])).code).toBe(0);

    const cards = join(dir, 'cards.csv');
    writeFileSync(
      cards,
      [
        'Account,Signed,Card Date,Received At,p1:James Cassano,p2',
        'TA-0000001,yes,2024-06-08,2024-06-12T10:00:00-07:00,WITHHOLD,AGAINST',
        'TA-0000002,Y,,2024-06-13T09:30:00-07:00,,',
      ].join('\n'),
    );
    const args = ['votes', 'import', '--meeting', 'sonim-2024', '--channel', 'mail', '--file', cards, ...D];
    const first = await runCli([...args, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).counts).toMatchObject({ rowsRead: 2, valid: 2, rejected: 0, newlyStored: 2 });
    const again = await runCli(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Stored now 0; already stored by an earlier import of this file 2');

    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      [
        'account,signed,received_at,p2',
        'TA-0000003,yes,2024-06-12T10:00:00-07:00,FOR',
        'TA-0000004,yes,June 12,FOR',
      ].join('\n'),
    );
    const r = await runCli(['votes', 'import', '--meeting', 'sonim-2024', '--channel', 'mail', '--file', bad, ...D]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 valid');
    expect(r.stdout).toMatch(/line 3\s+received_at\s+rejected\s+must be an instant with its offset/);

    const wrong = await runCli(['votes', 'import', '--meeting', 'sonim-2024', '--channel', 'fax', '--file', bad, ...D]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--channel: must be phone or mail');
  });
});
