import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * The seed (docs/seed.md): Sonim's 2024 meeting on Thursday 2024-06-20, materials released on or
 * about 2024-06-05, principal offices in San Diego (America/Los_Angeles). Its proxy statement
 * prints: Rule 14a-8 proposals by 2025-02-05; bylaw advance notice from close of business
 * 2025-02-20 to close of business 2025-03-22.
 *
 * Worked by hand:
 *   anniversaries: meeting 2025-06-20, release 2025-06-05.
 *   Rule 14a-8(e)(2), 120 days before 2025-06-05: back to 05-05 is 31, 04-05 61, 03-05 92,
 *     02-05 120 (February 2025 has 28 days) → 2025-02-05, a Wednesday.
 *   Bylaws, 120 and 90 days before 2025-06-20: 05-20 is 31, 04-20 61, 03-20 92, 02-20 120
 *     → opens 2025-02-20 (Thursday); 92 − 2 → closes 2025-03-22, a Saturday: warned, not
 *     moved; the business day before is Friday 2025-03-21.
 *   Rule 14a-19(b)(1), 60 days before 2025-06-20: 05-20 is 31, 04-20 61 → 2025-04-21 (Monday).
 *   The bylaw close (03-22) is before the Rule 14a-19 date (04-21): the bylaws govern nominations.
 */
const SEED = ['--prior-meeting', '2024-06-20', '--prior-release', '2024-06-05', '--tz', 'America/Los_Angeles'];

const check = (route: string, received: string, ...extra: string[]) =>
  runCli(['deadlines', 'check', '--route', route, '--received', received, ...SEED, ...extra]);

describe('npx proxydesk deadlines: the seed', () => {
  it('prints the seed deadlines as a table, one row per route, with the Saturday warning', async () => {
    const r = await runCli(['deadlines', ...SEED]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^Rule 14a-8 proposals \(in the company proxy\) +received by 2025-02-05 +Rule 14a-8\(e\)\(2\)$/m,
    );
    expect(r.stdout).toMatch(/^Advance notice window opens +2025-02-20, close of business +Bylaws$/m);
    expect(r.stdout).toMatch(/^Advance notice window closes +2025-03-22, close of business +Bylaws$/m);
    expect(r.stdout).toMatch(/^Rule 14a-19 universal-proxy notice +received by 2025-04-21 +Rule 14a-19\(b\)\(1\)$/m);
    expect(r.stdout).toMatch(/2025-03-22, is a Saturday\..*delivery by Friday 2025-03-21 is safe/);
  });

  it('--json prints the deadlines, the anniversaries they count from, and the warnings in order', async () => {
    const r = await runCli(['deadlines', ...SEED, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs).toEqual({
      priorMeeting: '2024-06-20',
      priorRelease: '2024-06-05',
      nextMeeting: null,
      announced: null,
      timeZone: 'America/Los_Angeles',
      closeOfBusiness: '17:00', // docs/rules.md: the rules leave it undefined; default 17:00 local
      bylaws: {
        anchor: 'prior-meeting',
        opensDays: 120,
        closesDays: 90,
        movedBeforeDays: 30,
        movedAfterDays: 30,
        announceDays: 10,
      },
    });
    expect(doc.anniversaries).toEqual({ priorMeeting: '2025-06-20', priorRelease: '2025-06-05' });
    expect(doc.daysFromAnniversary).toBeNull(); // no next meeting given
    expect(doc.rule14a8).toMatchObject({
      deadline: '2025-02-05',
      receivedBy: 'end of day',
      citation: 'Rule 14a-8(e)(2)',
    });
    expect(doc.rule14a8.basis).toContain('120 calendar days before 2025-06-05');
    expect(doc.advanceNotice).toMatchObject({
      opens: '2025-02-20',
      closes: '2025-03-22',
      atTime: 'close of business',
      governing: 'anniversary',
    });
    // Were the meeting moved, the window would count from its date: unknown here.
    expect(doc.advanceNotice.movedMeeting).toMatchObject({ opens: null, closes: null });
    expect(doc.rule14a19).toMatchObject({
      deadline: '2025-04-21',
      receivedBy: 'end of day',
      governing: 'anniversary',
      citation: 'Rule 14a-19(b)(1)',
      solicitationCondition: { citation: 'Rule 14a-19(a)(3)' },
    });
    expect(doc.rule14a19.solicitationCondition.text).toContain('67%');
    // Time zone given → no TIME_ZONE_DEFAULTED; only the 2025-03-22 Saturday is a non-business day.
    expect(doc.warnings.map((w: { code: string }) => w.code)).toEqual([
      'NEXT_MEETING_UNKNOWN',
      'NON_BUSINESS_DAY',
      'EARLIER_RULE_GOVERNS',
    ]);
    expect(doc.warnings[0].message).toContain('within 30 days before or 30 days after 2025-06-20');
    expect(doc.warnings[1]).toMatchObject({ citation: 'SEC Staff Legal Bulletin 14' });
    expect(doc.warnings[1].message).toContain('The advance-notice window closing, 2025-03-22, is a Saturday');
    expect(doc.warnings[2].message).toContain('the earlier, 2025-03-22 under the bylaws, governs');
  });

  it('a meeting 42 days late, announced 2025-05-01, counts from the meeting and the announcement', async () => {
    // 2025-06-20 → 2025-08-01 is 10 + 31 + 1 = 42 days: more than 30, so every rule leaves the anniversary.
    // Bylaws: opens 120 days before 08-01: 07-01 is 31, 06-01 61, 05-01 92, 04-01 122 → 04-03.
    //   Closes on the later of 90 days before (05-01 is 92 → 05-03) and 05-01 + 10 = 05-11 → 05-11.
    // Rule 14a-19: the later of 60 days before 08-01 (07-01 is 31, 06-01 61 → 06-02) and 05-11 → 06-02.
    const r = await runCli([
      'deadlines',
      ...SEED,
      '--next-meeting',
      '2025-08-01',
      '--announced',
      '2025-05-01',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.daysFromAnniversary).toBe(42);
    expect(doc.rule14a8.deadline).toBeNull();
    expect(doc.advanceNotice).toMatchObject({ opens: '2025-04-03', closes: '2025-05-11', governing: 'moved-meeting' });
    expect(doc.rule14a19).toMatchObject({ deadline: '2025-06-02', governing: 'moved-meeting' });
    expect(doc.warnings.map((w: { code: string }) => w.code)).toContain('MEETING_MOVED');
  });
});

describe('npx proxydesk deadlines check: exit 0 timely, 1 not', () => {
  it('advance notice at 16:45 Pacific on the closing Saturday, before 17:00, is timely: exit 0', async () => {
    // 2025-03-22 is after the DST change of 2025-03-09: Pacific daylight time, -07:00.
    const r = await check('advance-notice', '2025-03-22T16:45:00-07:00', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      route: 'advance-notice',
      timely: true,
      citation: 'Bylaws (advance notice of stockholder business and nominations)',
      receivedLocal: '2025-03-22T16:45:00-07:00[America/Los_Angeles]',
    });
  });

  it('a 14a-8 proposal one second into 2025-02-06 Pacific is late: exit 1, NOT TIMELY', async () => {
    const r = await check('14a-8', '2025-02-06T00:00:01-08:00');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^NOT TIMELY \(14a-8, Rule 14a-8\(e\)\(2\)\)$/m);
    expect(r.stdout).toContain('after the deadline 2025-02-05');
  });

  it('a Rule 14a-19 notice at 23:59:59 on 2025-04-21 Pacific is timely; at midnight it is late', async () => {
    const onTime = await check('14a-19', '2025-04-21T23:59:59-07:00', '--json');
    expect(onTime.code).toBe(0);
    expect(JSON.parse(onTime.stdout).timely).toBe(true);
    const late = await check('14a-19', '2025-04-22T00:00:00-07:00', '--json');
    expect(late.code).toBe(1);
    expect(JSON.parse(late.stdout).timely).toBe(false);
  });

  it('with no 14a-8 date to test against (meeting moved 73 days) it cannot tell: exit 1', async () => {
    // 2025-06-20 → 2025-09-01: 10 + 31 + 31 + 1 = 73 days after the anniversary.
    const r = await check('14a-8', '2025-01-01T10:00:00-08:00', '--next-meeting', '2025-09-01');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^CANNOT TELL \(14a-8, Rule 14a-8\(e\)\(2\)\)$/m);
    expect(r.stdout).toContain('73 days after the anniversary of the prior meeting (2025-06-20)');
  });
});

describe('bad arguments: exit 2, nothing on stdout, one line on stderr naming the argument', () => {
  it.each([
    [['deadlines', '--prior-meeting', '2024-06-20', '--prior-release', '2024-06-31'], '--prior-release'], // no 31 June
    [['deadlines', '--prior-meeting', '2024-06-20', '--prior-release', '2024-07-01'], '--prior-release'], // after the meeting
    [['deadlines', '--prior-release', '2024-06-05'], '--prior-meeting'], // missing
    [['deadlines', ...SEED, '--next-meeting', '2024-06-01'], '--next-meeting'], // before the prior meeting
    [['deadlines', ...SEED.slice(0, 4), '--tz', 'Mars/Olympus'], '--tz'],
    [['deadlines', ...SEED, '--bylaw-opens-days', '-5'], '--bylaw-opens-days'],
    [['deadlines', ...SEED, '--frobnicate'], '--frobnicate'],
    [['deadlines', 'check', '--route', '14a-9', '--received', '2025-02-05T10:00:00-08:00', ...SEED], '--route'],
    [['deadlines', 'check', '--route', '14a-8', '--received', '2025-02-05T10:00:00', ...SEED], '--received'], // no offset
  ])('%j exits 2 naming %s', async (args, name) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });
});

/**
 * Issue 15: the issuer conventions through the CLI. Worked by hand (weekdays checked with `date -d`):
 *   Seed, nominations 240/140: −240 from 2025-06-20 is 2024-10-23 (2024-10-20 → 2025-06-20 is 243 days);
 *     −140 is 2025-01-31 (28 + 31 + 30 + 31 + 20), a Friday, in Pacific standard time (−08:00).
 *   Seed, --bylaw-weekend previous-business-day: the Saturday close 2025-03-22 → Friday 2025-03-21.
 *   Prior meeting 2024-06-21: −90 from 2025-06-21 is 2025-03-23 (05-21 is 31, 04-21 61, 03-21 92), a Sunday
 *     → previous business day Friday 2025-03-21.
 *   Prior meeting 2023-06-20: −60 from 2024-06-20 is 2024-04-21, a Sunday → next business day Monday 2024-04-22.
 *   Prior meeting 2024-07-24: −60 from 2025-07-24 is Sunday 2025-05-25 (06-24 is 30, 05-24 61); Monday 05-26 is
 *     Memorial Day → Tuesday 2025-05-27.
 *   Moved meeting 2025-08-01, announced 2025-05-01 (+10 = Sunday 05-11); back from 08-01: 07-01 is 31, 06-01 61,
 *     05-01 92, 04-01 122. Business 90/60: opens 05-03, closes the later of 06-02 and 05-11 → 06-02.
 *     Nominations 120/90: opens 04-03, closes the later of 05-03 and 05-11 → 05-11.
 */
describe('npx proxydesk deadlines: issuer conventions', () => {
  it('a separate 240/140 nomination window, the bylaw close rolled back, Rule 14a-19 tied to the nominations', async () => {
    const r = await runCli([
      'deadlines',
      ...SEED,
      '--nomination-opens-days',
      '240',
      '--nomination-closes-days',
      '140',
      '--bylaw-weekend',
      'previous-business-day',
      '--rule14a19-basis',
      'bylaw',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Advance notice window closes +2025-03-21, close of business +Bylaws$/m);
    expect(r.stdout).toMatch(/^Nomination window opens +2024-10-23, close of business +Bylaws \(nominations\)$/m);
    expect(r.stdout).toMatch(/^Nomination window closes +2025-01-31, close of business +Bylaws \(nominations\)$/m);
    expect(r.stdout).toMatch(
      /^Rule 14a-19 universal-proxy notice +received by 2025-01-31, close of business +Rule 14a-19\(b\)\(1\), bylaw date$/m,
    );
    expect(r.stdout).toContain(
      'The advance-notice window closing counts to Saturday 2025-03-22; the issuer rolls it back to the previous ' +
        'business day, Friday 2025-03-21.',
    );
  });

  it('--json: a Sunday bylaw close (2025-03-23) rolled back to Friday 2025-03-21, echoed in the inputs', async () => {
    const r = await runCli([
      'deadlines',
      '--prior-meeting',
      '2024-06-21',
      '--prior-release',
      '2024-06-05',
      '--tz',
      'America/Los_Angeles',
      '--bylaw-weekend',
      'previous-business-day',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.inputs.bylaws.bylawWeekend).toBe('previous-business-day');
    expect(doc.advanceNotice).toMatchObject({
      closes: '2025-03-21',
      closesRolled: { from: '2025-03-23', to: '2025-03-21', reason: 'a Sunday' },
    });
    expect(doc.nominations).toMatchObject({ closes: '2025-03-21', separate: false });
  });

  it('--json: Rule 14a-19 rolled forward, from Sunday to Monday and from Sunday past Memorial Day', async () => {
    const monday = await runCli([
      'deadlines',
      '--prior-meeting',
      '2023-06-20',
      '--prior-release',
      '2023-06-05',
      '--tz',
      'America/Los_Angeles',
      '--rule14a19-weekend',
      'next-business-day',
      '--json',
    ]);
    expect(JSON.parse(monday.stdout).rule14a19).toMatchObject({
      deadline: '2024-04-22',
      rolled: { from: '2024-04-21', to: '2024-04-22', policy: 'next-business-day' },
    });
    const tuesday = await runCli([
      'deadlines',
      '--prior-meeting',
      '2024-07-24',
      '--prior-release',
      '2024-07-01',
      '--tz',
      'America/Los_Angeles',
      '--rule14a19-weekend',
      'next-business-day',
    ]);
    expect(tuesday.code).toBe(0);
    expect(tuesday.stdout).toMatch(
      /^Rule 14a-19 universal-proxy notice +received by 2025-05-27 +Rule 14a-19\(b\)\(1\)$/m,
    );
    expect(tuesday.stdout).toContain('Tuesday 2025-05-27 (passing over Memorial Day, Monday 2025-05-26)');
  });

  it('--json: separate windows for a meeting moved 42 days, announced 2025-05-01', async () => {
    const r = await runCli([
      'deadlines',
      ...SEED,
      '--next-meeting',
      '2025-08-01',
      '--announced',
      '2025-05-01',
      '--bylaw-opens-days',
      '90',
      '--bylaw-closes-days',
      '60',
      '--nomination-opens-days',
      '120',
      '--nomination-closes-days',
      '90',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.advanceNotice).toMatchObject({ opens: '2025-05-03', closes: '2025-06-02', governing: 'moved-meeting' });
    expect(doc.nominations).toMatchObject({
      opens: '2025-04-03',
      closes: '2025-05-11',
      governing: 'moved-meeting',
      separate: true,
      citation: 'Bylaws (advance notice of director nominations)',
    });
  });
});

describe('npx proxydesk deadlines check: the nomination route and the conventions', () => {
  const WINDOW = ['--nomination-opens-days', '240', '--nomination-closes-days', '140'];

  it('a nomination at 16:59:59 Pacific on 2025-01-31 is timely (exit 0); at 17:00:01 it is not (exit 1)', async () => {
    const onTime = await check('nomination', '2025-01-31T16:59:59-08:00', ...WINDOW);
    expect(onTime.code).toBe(0);
    expect(onTime.stdout).toMatch(/^TIMELY \(nomination, Bylaws \(advance notice of director nominations\)\)$/m);
    const late = await check('nomination', '2025-01-31T17:00:01-08:00', ...WINDOW, '--json');
    expect(late.code).toBe(1);
    expect(JSON.parse(late.stdout)).toMatchObject({ route: 'nomination', timely: false });
  });

  it('Rule 14a-19 tied to the bylaws: 17:30 Pacific on Saturday 2025-03-22 is after close of business (exit 1)', async () => {
    // Under the rule alone this is timely (the end of 2025-04-21); tied to the bylaw close it is not.
    const tied = await check('14a-19', '2025-03-22T17:30:00-07:00', '--rule14a19-basis', 'bylaw');
    expect(tied.code).toBe(1);
    expect(tied.stdout).toContain('close of business (17:00) on 2025-03-22');
    expect((await check('14a-19', '2025-03-22T17:30:00-07:00')).code).toBe(0);
  });
});

describe('bad conventions: exit 2 naming the option', () => {
  it.each([
    [['deadlines', ...SEED, '--bylaw-weekend', 'sideways'], '--bylaw-weekend'],
    [['deadlines', ...SEED, '--rule14a19-basis', 'statute'], '--rule14a19-basis'],
    [['deadlines', ...SEED, '--nomination-closes-days', '130'], '--nomination-closes-days'], // 120 opens ≤ 130
    [
      ['deadlines', ...SEED, '--rule14a19-basis', 'bylaw', '--rule14a19-weekend', 'next-business-day'],
      '--rule14a19-weekend',
    ],
  ])('%j exits 2 naming %s', async (args, name) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(name);
  });
});
