import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { checkSubmission, computeDeadlines, type DeadlineReport } from '../../shared/domain/deadlines/engine.js';
import { deadlinesFromFlat, checkFromFlat } from '../../shared/domain/deadlines/flat.js';
import { InvalidInputError } from '../../shared/domain/errors.js';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';
/** The seed: Sonim's 2024 meeting on 20 June 2024, materials released 5 June 2024 (DIGEST.md). */
const SEED = { priorMeeting: '2024-06-20', priorRelease: '2024-06-05', timeZone: LA } as const;

const codes = (r: DeadlineReport) => r.warnings.map((w) => w.code);
const check = (r: DeadlineReport, route: '14a-8' | 'advance-notice' | '14a-19', at: string) =>
  checkSubmission(r, route, Temporal.Instant.from(at));

describe('the seed: Sonim 2024 → deadlines printed in its proxy statement', () => {
  const r = computeDeadlines(SEED);

  it('Rule 14a-8 proposals are due 2025-02-05, 120 days before the release anniversary', () => {
    expect(r.rule14a8).toMatchObject({ deadline: '2025-02-05', citation: 'Rule 14a-8(e)(2)' });
  });

  it('the bylaw advance-notice window runs from 2025-02-20 to 2025-03-22', () => {
    expect(r.advanceNotice).toMatchObject({ opens: '2025-02-20', closes: '2025-03-22', governing: 'anniversary' });
  });

  it('the Rule 14a-19 notice is due 2025-04-21, 60 days before the meeting anniversary, with the 67% condition', () => {
    expect(r.rule14a19).toMatchObject({ deadline: '2025-04-21', citation: 'Rule 14a-19(b)(1)' });
    expect(r.rule14a19.solicitationCondition.text).toContain('67%');
  });

  it('warns that 2025-03-22 is a Saturday and is not moved', () => {
    const w = r.warnings.find((x) => x.code === 'NON_BUSINESS_DAY');
    expect(w?.message).toContain('2025-03-22');
    expect(w?.message).toContain('Saturday');
    expect(w?.message).toContain('2025-03-21');
    expect(r.warnings.filter((x) => x.code === 'NON_BUSINESS_DAY')).toHaveLength(1);
  });

  it('says the earlier bylaw date governs nominations over Rule 14a-19', () => {
    const w = r.warnings.find((x) => x.code === 'EARLIER_RULE_GOVERNS');
    expect(w?.message).toContain('2025-03-22 under the bylaws');
  });

  it('warns that the next meeting date was not given', () => {
    expect(codes(r)).toContain('NEXT_MEETING_UNKNOWN');
  });
});

describe('moved meetings', () => {
  it('a next meeting 8 days early keeps the anniversary dates', () => {
    const r = computeDeadlines({ ...SEED, nextMeeting: '2025-06-12' });
    expect([r.rule14a8.deadline, r.advanceNotice.opens, r.advanceNotice.closes, r.rule14a19.deadline]).toEqual([
      '2025-02-05',
      '2025-02-20',
      '2025-03-22',
      '2025-04-21',
    ]);
    expect(r.daysFromAnniversary).toBe(-8);
  });

  it('exactly 30 days after the anniversary is not "more than 30 days"', () => {
    const r = computeDeadlines({ ...SEED, nextMeeting: '2025-07-20' });
    expect(r.rule14a8.deadline).toBe('2025-02-05');
    expect(r.advanceNotice.governing).toBe('anniversary');
  });

  it('exactly 30 days before the anniversary is not moved either; 31 days is', () => {
    expect(computeDeadlines({ ...SEED, nextMeeting: '2025-05-21' }).rule14a8.deadline).toBe('2025-02-05');
    expect(computeDeadlines({ ...SEED, nextMeeting: '2025-05-20' }).rule14a8.deadline).toBeNull();
  });

  it('a meeting 42 days late: no 14a-8 date, the window counts from the meeting and the announcement', () => {
    const r = computeDeadlines({ ...SEED, nextMeeting: '2025-08-01', announced: '2025-05-01' });
    expect(r.rule14a8.deadline).toBeNull();
    expect(r.rule14a8.basis).toContain(
      'a reasonable time before the company begins to print and send its proxy materials',
    );
    expect(r.rule14a8.basis).toContain('Rule 14a-5(f)');
    expect(r.advanceNotice).toMatchObject({ governing: 'moved-meeting', opens: '2025-04-03', closes: '2025-05-11' });
    expect(r.rule14a19).toMatchObject({ governing: 'moved-meeting', deadline: '2025-06-02' });
    expect(codes(r)).toContain('MEETING_MOVED');
  });

  it('when the announcement is early, the 90th day before the moved meeting is the later date', () => {
    const r = computeDeadlines({ ...SEED, nextMeeting: '2025-08-01', announced: '2025-03-01' });
    expect(r.advanceNotice.closes).toBe('2025-05-03');
  });

  it('without the announcement date the moved window cannot close and says why', () => {
    const r = computeDeadlines({ ...SEED, nextMeeting: '2025-08-01' });
    expect(r.advanceNotice.closes).toBeNull();
    expect(r.rule14a19.deadline).toBeNull();
    expect(codes(r)).toContain('ANNOUNCEMENT_UNKNOWN');
  });

  it('a bylaw with a 60-day after-threshold keeps the anniversary window while Rule 14a-8 moves', () => {
    const r = computeDeadlines({
      ...SEED,
      nextMeeting: '2025-08-01',
      announced: '2025-05-01',
      bylaws: { movedAfterDays: 60 },
    });
    expect(r.advanceNotice).toMatchObject({ governing: 'anniversary', opens: '2025-02-20', closes: '2025-03-22' });
    expect(r.rule14a8.deadline).toBeNull();
    expect(r.rule14a19.deadline).toBe('2025-06-02');
  });

  it('the moved-meeting alternative is always reported with its rule text', () => {
    const r = computeDeadlines({ ...SEED, nextMeeting: '2025-06-20', announced: '2025-03-01' });
    expect(r.advanceNotice.movedMeeting.opens).toBe('2025-02-20');
    expect(r.advanceNotice.movedMeeting.rule).toContain('10th day after');
  });
});

describe('no annual meeting last year', () => {
  it('has no 14a-8 date; bylaw and 14a-19 dates count from the meeting and the announcement', () => {
    const r = computeDeadlines({
      priorMeeting: null,
      nextMeeting: '2025-09-15',
      announced: '2025-07-20',
      timeZone: NY,
    });
    expect(r.rule14a8.deadline).toBeNull();
    expect(r.advanceNotice).toMatchObject({ governing: 'no-prior-meeting', opens: '2025-05-18', closes: '2025-07-30' });
    expect(r.rule14a19).toMatchObject({ governing: 'no-prior-meeting', deadline: '2025-07-30' });
    expect(codes(r)).toContain('NO_PRIOR_MEETING');
  });

  it('without a next meeting nothing can be computed, and the report says so', () => {
    const r = deadlinesFromFlat({ priorMeeting: 'none' });
    expect([r.rule14a8.deadline, r.advanceNotice.opens, r.advanceNotice.closes, r.rule14a19.deadline]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(codes(r)).toContain('NEXT_MEETING_UNKNOWN');
  });
});

describe('issuer bylaw parameters', () => {
  it('a window of 150/120 days counted from the proxy mailing anniversary', () => {
    const r = computeDeadlines({ ...SEED, bylaws: { anchor: 'prior-release', opensDays: 150, closesDays: 120 } });
    // 2025-06-05 minus 150 and 120 days.
    expect([r.advanceNotice.opens, r.advanceNotice.closes]).toEqual(['2025-01-06', '2025-02-05']);
  });
});

describe('leap years', () => {
  it('counting back across 29 February 2024 gives 2024-02-06 for a 2023 release on 5 June', () => {
    const r = computeDeadlines({ priorMeeting: '2023-06-20', priorRelease: '2023-06-05', timeZone: LA });
    expect(r.rule14a8.deadline).toBe('2024-02-06');
    expect([r.advanceNotice.opens, r.advanceNotice.closes]).toEqual(['2024-02-21', '2024-03-22']);
    expect(r.rule14a19.deadline).toBe('2024-04-21');
  });

  it('a meeting on 29 February has its anniversary on 28 February, with a warning', () => {
    const r = computeDeadlines({ priorMeeting: '2024-02-29', priorRelease: '2024-02-01', timeZone: LA });
    expect(r.anniversaries.priorMeeting).toBe('2025-02-28');
    expect([r.advanceNotice.opens, r.advanceNotice.closes, r.rule14a19.deadline]).toEqual([
      '2024-10-31',
      '2024-11-30',
      '2024-12-30',
    ]);
    expect(codes(r)).toContain('LEAP_DAY_ANNIVERSARY');
  });
});

describe('deadlines on weekends and holidays are warned about, never moved', () => {
  it('a 14a-8 deadline on Martin Luther King Jr. Day stays on that day', () => {
    const r = computeDeadlines({ priorMeeting: '2024-06-10', priorRelease: '2024-05-20', timeZone: NY });
    expect(r.rule14a8.deadline).toBe('2025-01-20');
    const w = r.warnings.find((x) => x.code === 'NON_BUSINESS_DAY' && x.message.includes('2025-01-20'));
    expect(w?.message).toMatch(/Martin Luther King/);
    expect(w?.message).toContain('2025-01-17');
  });

  it('a Rule 14a-19 deadline on a Sunday (2024-04-21) is flagged', () => {
    const r = computeDeadlines({ priorMeeting: '2023-06-20', priorRelease: '2023-06-05', timeZone: LA });
    expect(
      r.warnings.some(
        (w) => w.code === 'NON_BUSINESS_DAY' && w.message.includes('2024-04-21') && w.message.includes('Sunday'),
      ),
    ).toBe(true);
  });
});

describe('timeliness, read in the issuer’s time zone', () => {
  const pacific = computeDeadlines(SEED);
  const eastern = computeDeadlines({ ...SEED, timeZone: NY });

  it('a 14a-8 proposal at 23:59 Pacific on the deadline day is timely; at midnight it is late', () => {
    expect(check(pacific, '14a-8', '2025-02-05T23:59:00-08:00').timely).toBe(true);
    expect(check(pacific, '14a-8', '2025-02-06T00:00:00-08:00').timely).toBe(false);
  });

  it('02:30 Eastern on 6 February is still 5 February in San Diego, but late for a New York issuer', () => {
    expect(check(pacific, '14a-8', '2025-02-06T02:30:00-05:00').timely).toBe(true);
    expect(check(eastern, '14a-8', '2025-02-06T02:30:00-05:00').timely).toBe(false);
  });

  it('advance notice before close of business on the opening day is too early; at 17:00 it is in', () => {
    const early = check(pacific, 'advance-notice', '2025-02-20T16:59:59-08:00');
    expect(early.timely).toBe(false);
    expect(early.reason).toContain('too early');
    expect(check(pacific, 'advance-notice', '2025-02-20T17:00:00-08:00').timely).toBe(true);
  });

  it('the window closes at 17:00 Pacific daylight time on Saturday 2025-03-22', () => {
    expect(check(pacific, 'advance-notice', '2025-03-22T17:00:00-07:00').timely).toBe(true);
    const late = check(pacific, 'advance-notice', '2025-03-22T17:00:01-07:00');
    expect(late.timely).toBe(false);
    expect(late.reason).toContain('too late');
    expect(late.receivedLocal).toBe('2025-03-22T17:00:01-07:00[America/Los_Angeles]');
  });

  it('14:30 Pacific on the closing day is 17:30 in New York: timely in San Diego, late for an Eastern issuer', () => {
    expect(check(pacific, 'advance-notice', '2025-03-22T14:30:00-07:00').timely).toBe(true);
    expect(check(eastern, 'advance-notice', '2025-03-22T14:30:00-07:00').timely).toBe(false);
  });

  it('a configurable close of business of 18:00 admits a 17:30 delivery', () => {
    const r = computeDeadlines({ ...SEED, closeOfBusiness: '18:00' });
    expect(check(r, 'advance-notice', '2025-03-22T17:30:00-07:00').timely).toBe(true);
  });

  it('a 14a-19 notice on time still notes the earlier bylaw deadline', () => {
    const c = check(pacific, '14a-19', '2025-04-01T10:00:00-07:00');
    expect(c.timely).toBe(true);
    expect(c.reason).toContain('2025-03-22');
  });

  it('with no computed 14a-8 date the check cannot tell, and says why', () => {
    const moved = computeDeadlines({ ...SEED, nextMeeting: '2025-09-01' });
    const c = check(moved, '14a-8', '2025-01-01T10:00:00-08:00');
    expect(c.timely).toBeNull();
    expect(c.reason).toContain('reasonable time');
  });
});

describe('bad input names the field', () => {
  const fieldsOf = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (err) {
      if (err instanceof InvalidInputError) return err.issues.map((i) => i.field);
      throw err;
    }
    return [];
  };

  it.each([
    [{ priorMeeting: '2024-13-01', priorRelease: '2024-06-05' }, 'priorMeeting'],
    [{ priorMeeting: '2024-06-20', priorRelease: '2024-06-25' }, 'priorRelease'],
    [{ priorMeeting: '2024-06-20', priorRelease: '2024-06-05', tz: 'Mars/Olympus' }, 'tz'],
    [{ priorMeeting: '2024-06-20', priorRelease: '2024-06-05', bylawOpensDays: '-5' }, 'bylawOpensDays'],
    [{ priorMeeting: '2024-06-20', priorRelease: '2024-06-05', bylawOpensDays: '80' }, 'bylawOpensDays'],
    [{ priorMeeting: '2024-06-20' }, 'priorRelease'],
    [{}, 'priorMeeting'],
    [{ priorMeeting: '2024-06-20', priorRelease: '2024-06-05', nextMeeting: '2024-01-01' }, 'nextMeeting'],
    [{ priorMeeting: '2024-06-20', priorRelease: '2024-06-05', closeOfBusiness: '25:00' }, 'closeOfBusiness'],
  ])('%j is refused naming %s', (input, field) => {
    expect(fieldsOf(() => deadlinesFromFlat(input))).toContain(field);
  });

  it('a check names both a bad route and a timestamp without offset', () => {
    expect(fieldsOf(() => checkFromFlat({ ...SEED, tz: LA, route: '14a-9', received: '2025-02-05T10:00:00' }))).toEqual(
      expect.arrayContaining(['route', 'received']),
    );
  });
});
