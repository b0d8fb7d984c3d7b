import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../support/cli.js';

/**
 * `npx proxydesk votes import-nominee-report` and `holders import-positions` on the local platform, against the
 * seed meeting (examples/sonim-2024.json: proposal 1 elects five directors, FOR / WITHHOLD; proposals 2–6 offer
 * FOR / AGAINST / ABSTAIN; 46,717,887 shares outstanding). The fixtures, by hand (line 1 is the header):
 *
 * nominee-report-a.csv, received 2024-06-18T09:00:00-07:00 (no reported_at column):
 *   0352 Example Securities LLC: 1 James Cassano 60,000 FOR / 5,000 WITHHOLD / 15,000 broker non-votes (= 80,000);
 *     1 Peter Liu 62,000 / 3,000 / 15,000 (= 80,000); 2: 50,000 / 2,000 / 1,000 + discretionary 25,000 / 1,500 / 500
 *     (= 80,000); 3: 40,000 / 20,000 / 5,000 + 15,000 broker non-votes (= 80,000).
 *   0443 Other Bank NA: 4: 30,000 FOR / 1,000 AGAINST (= 31,000).
 *   Rejected: line 6 proposal (9), line 7 director (Jane Doe), line 8 withhold (proposal 2), line 10 for (1000.5:
 *   0901's only row, so nothing for 0901), line 11 proposal (0352's proposal 3 twice). 10 rows, 5 rejected.
 * nominee-report-b.csv: 0352 resends at 2024-06-19T10:00:00-07:00 (later), Cassano 61,000 / 4,000 / 15,000 and 2.
 * positions.csv: 0352 80,000; 0443 25,000; 0005 0 → 3 participants, 105,000 shares = 0.22% of 46,717,887 → "0.2%";
 *   rejected: line 5 dtc_participant ("abc"), line 6 dtc_participant (0352 again), line 7 shares ("-5").
 * positions-over.csv: 0352 46,717,888 = outstanding + 1 → a warning.
 */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('npx proxydesk: storing street-name inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-tinputs-'));
  const D = ['--data-dir', dir, '--meeting', 'sonim-2024'];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = (file: string, ...extra: string[]) =>
    runCli(['votes', 'import-nominee-report', ...D, '--file', fixture(file), ...extra]);
  const positions = (file: string, ...extra: string[]) =>
    runCli(['holders', 'import-positions', ...D, '--file', fixture(file), ...extra]);

  it('a nominee report file: per nominee its proposals and shares, bad rows by line and field, exit 1', async () => {
    const r = await report('nominee-report-a.csv', '--received', '2024-06-18T09:00:00-07:00');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Rows read 10, accepted 5, rejected 5; 2 reports');
    expect(r.stdout).toMatch(/^Participant 0352 Example Securities LLC, received 2024-06-18T09:00:00-07:00: counts$/m);
    expect(r.stdout).toMatch(/^1 James Cassano +60,000 +0 +5,000 +0 +15,000 +0 +0 +0 +80,000$/m);
    expect(r.stdout).toMatch(/^2 +50,000 +2,000 +0 +1,000 +0 +25,000 +1,500 +500 +80,000$/m);
    expect(r.stdout).toMatch(/^4 +30,000 +1,000 +0 +0 +0 +0 +0 +0 +31,000$/m);
    expect(r.stdout).not.toContain('0901');
    expect(r.stdout).toMatch(/^6 +proposal +this meeting has no proposal "9"$/m);
    expect(r.stdout).toMatch(/^8 +withhold +proposal 2 offers FOR, AGAINST, ABSTAIN; not WITHHOLD$/m);
    expect(r.stdout).toMatch(/^10 +for +must be a whole number/m);
  }, 90_000);

  it('a resend replaces the earlier report (exit 0); the first file again changes nothing (--json)', async () => {
    const b = await report('nominee-report-b.csv');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain(
      'Participant 0352 Example Securities LLC, received 2024-06-19T10:00:00-07:00: counts; ' +
        'replaces the report received 2024-06-18T09:00:00-07:00 (nominee-report-a.csv)',
    );
    expect(b.stdout).toMatch(/^1 James Cassano +61,000 +0 +4,000 +0 +15,000 +0 +0 +0 +80,000$/m);

    const again = await report('nominee-report-a.csv', '--received', '2024-06-18T09:00:00-07:00', '--json');
    expect(again.code).toBe(1); // its bad rows are rejected again
    const doc = JSON.parse(again.stdout);
    expect(doc.rejections.map((x: { line: number; field: string }) => `${x.line} ${x.field}`)).toEqual([
      '6 proposal',
      '7 director',
      '8 withhold',
      '10 for',
      '11 proposal',
    ]);
    // 0352's a-report is older than b's: kept as history; 0443's is the one that counts already.
    expect(doc.reports.map((x: { participant: string; outcome: string }) => [x.participant, x.outcome])).toEqual([
      ['0352', 'superseded'],
      ['0443', 'unchanged'],
    ]);
    expect(doc.reports[0].counting.source.name).toBe('nominee-report-b.csv');
  }, 90_000);

  it('the position report: participants and total against shares outstanding; again unchanged; a warning when over', async () => {
    const r = await positions('positions.csv');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('from positions.csv: stored');
    expect(r.stdout).toMatch(/^0352 +Example Securities LLC +80,000$/m);
    expect(r.stdout).toContain(
      '3 participants, 105,000 shares: 0.2% of the 46,717,887 shares outstanding on the record date',
    );
    expect(r.stdout).toMatch(/^5 +dtc_participant +must be a DTC participant number/m);
    expect(r.stdout).toMatch(/^6 +dtc_participant +duplicate participant 0352: already on line 2$/m);
    expect(r.stdout).toMatch(/^7 +shares +must be a whole number/m);
    expect(r.stdout).not.toContain('Warning');

    const again = await positions('positions.csv', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'unchanged', list: { totalShares: 105_000 } });

    const over = await positions('positions-over.csv');
    expect(over.code).toBe(0);
    expect(over.stdout).toContain('replaces the list from positions.csv');
    expect(over.stdout).toContain('1 participant, 46,717,888 shares');
    expect(over.stdout).toContain('Warning: the positions add up to more than the shares outstanding (by 1)');
  }, 90_000);

  it('bad arguments: one line naming the option, exit 2', async () => {
    const noFile = await runCli(['holders', 'import-positions', ...D, '--json']);
    expect(noFile.code).toBe(2);
    expect(JSON.parse(noFile.stdout).error.code).toBe('BAD_ARGUMENTS');
    expect(noFile.stderr).toContain('--file');
    const badInstant = await report('nominee-report-b.csv', '--received', '2024-06-18 09:00');
    expect(badInstant.code).toBe(2);
    expect(badInstant.stderr).toContain('--received: must be an ISO-8601 instant with an offset');
    const noMeeting = await runCli([
      'votes',
      'import-nominee-report',
      '--data-dir',
      dir,
      '--file',
      fixture('nominee-report-b.csv'),
    ]);
    expect(noMeeting.code).toBe(2);
    expect(noMeeting.stderr).toContain('--meeting');
  }, 90_000);
});
