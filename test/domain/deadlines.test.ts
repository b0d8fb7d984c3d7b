import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  checkSubmission,
  computeDeadlines,
  parseDeadlineInput,
  type DeadlineReport,
} from '../../shared/domain/deadlines/engine.js';
import { ordinal } from '../../shared/domain/deadlines/basis.js';
import {
  advanceNoticeWindow,
  bylawTiming,
  meetingFacts,
  movedMeetingWindow,
  rule14a19Deadline,
  rule14a19Timing,
  rule14a8Deadline,
  rule14a8Timing,
} from '../../shared/domain/deadlines/rules.js';
import type { DeadlineInput, SubmissionRoute } from '../../shared/domain/deadlines/schema.js';
import {
  advanceNoticeWarnings,
  earlierRuleWarnings,
  inputWarnings,
  nonBusinessDayWarnings,
  rule14a8Warnings,
} from '../../shared/domain/deadlines/warnings.js';
import { deadlinesFromFlat, checkFromFlat } from '../../shared/domain/deadlines/flat.js';
import { InvalidInputError } from '../../shared/domain/errors.js';
import { readFileSync } from 'node:fs';
import { meetingDeadlines, parseMeetingFile, type MeetingRepository } from '../../shared/domain/meetings/use-cases.js';

const LA = 'America/Los_Angeles';
const NY = 'America/New_York';
/** The seed: Sonim's 2024 meeting on 20 June 2024, materials released 5 June 2024 (docs/seed.md). */
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

// ---- The named rule functions, each at its edges. Dates worked by hand from the seed:
// anniversaries 2025-06-20 (meeting) and 2025-06-05 (release); 2025-05-21 and 2025-07-20 are 30
// days either side of 2025-06-20 (11 + 19, 10 + 20), 2025-05-20 and 2025-07-21 are 31.

const factsOf = (input: DeadlineInput) => {
  const p = parseDeadlineInput(input);
  return { p, f: meetingFacts(p) };
};
const seedWith = (extra: Partial<DeadlineInput> = {}) => factsOf({ ...SEED, ...extra });
const NO_PRIOR = { priorMeeting: null, timeZone: NY } as const;

describe('meetingFacts', () => {
  it('reads the anniversaries and how far the next meeting is from the meeting anniversary', () => {
    const { f } = seedWith({ nextMeeting: '2025-06-12' });
    expect(f.prior?.meetingAnniversary.toString()).toBe('2025-06-20');
    expect(f.prior?.releaseAnniversary.toString()).toBe('2025-06-05');
    expect(f.shift).toBe(-8); // 12 → 20 June
  });

  it('a 29 February meeting has its anniversary on 28 February', () => {
    const { f } = factsOf({ priorMeeting: '2024-02-29', priorRelease: '2024-02-01', timeZone: LA });
    expect(f.prior?.meetingAnniversary.toString()).toBe('2025-02-28');
  });

  it('with no meeting last year there is no anniversary and no shift', () => {
    const { f } = factsOf({ ...NO_PRIOR, nextMeeting: '2025-09-15' });
    expect(f.prior).toBeUndefined();
    expect(f.shift).toBeUndefined();
    expect(f.nextMeeting?.toString()).toBe('2025-09-15');
  });
});

describe('rule14a8Timing and rule14a19Timing: "more than 30 days"', () => {
  it.each([
    [undefined, 'anniversary'],
    ['2025-05-21', 'anniversary'], // 30 days before
    ['2025-05-20', 'moved-meeting'], // 31 days before
    ['2025-07-20', 'anniversary'], // 30 days after
    ['2025-07-21', 'moved-meeting'], // 31 days after
  ])('next meeting %s → %s', (nextMeeting, kind) => {
    const { f } = seedWith({ nextMeeting });
    expect(rule14a8Timing(f).kind).toBe(kind);
    expect(rule14a19Timing(f).kind).toBe(kind);
  });

  it('a moved meeting carries its distance, signed', () => {
    expect(rule14a8Timing(seedWith({ nextMeeting: '2025-05-20' }).f)).toMatchObject({
      kind: 'moved-meeting',
      days: -31,
    });
    expect(rule14a19Timing(seedWith({ nextMeeting: '2025-07-21' }).f)).toMatchObject({
      kind: 'moved-meeting',
      days: 31,
    });
  });

  it('no meeting last year', () => {
    expect(rule14a8Timing(factsOf(NO_PRIOR).f).kind).toBe('no-prior-meeting');
    expect(rule14a19Timing(factsOf(NO_PRIOR).f).kind).toBe('no-prior-meeting');
  });
});

describe('bylawTiming: the issuer’s own thresholds, before and after', () => {
  const bylaws = { movedBeforeDays: 10, movedAfterDays: 60 };
  it.each([
    ['2025-06-10', 'anniversary'], // 10 days before
    ['2025-06-09', 'moved-meeting'], // 11 days before
    ['2025-08-19', 'anniversary'], // 60 days after: 30 to 07-20, 30 to 08-19
    ['2025-08-20', 'moved-meeting'], // 61 days after
  ])('next meeting %s → %s', (nextMeeting, kind) => {
    expect(bylawTiming(seedWith({ nextMeeting, bylaws }).f, parseDeadlineInput({ ...SEED, bylaws }).bylaws).kind).toBe(
      kind,
    );
  });
});

describe('rule14a8Deadline', () => {
  it('the seed: 120 days before 2025-06-05 is 2025-02-05 (31 + 30 + 31 + 28)', () => {
    const r = rule14a8Deadline(seedWith().f);
    expect(r).toMatchObject({ deadline: '2025-02-05', receivedBy: 'end of day', citation: 'Rule 14a-8(e)(2)' });
    expect(r.basis).toContain('120 calendar days before 2025-06-05');
    expect(r.basis).toContain('(2024-06-05)');
  });

  it('a meeting 30 days late keeps the date; 31 days late has none, and says by how much', () => {
    expect(rule14a8Deadline(seedWith({ nextMeeting: '2025-07-20' }).f).deadline).toBe('2025-02-05');
    const moved = rule14a8Deadline(seedWith({ nextMeeting: '2025-07-21' }).f);
    expect(moved.deadline).toBeNull();
    expect(moved.basis).toContain(
      'the next meeting (2025-07-21) is 31 days after the anniversary of the prior meeting (2025-06-20), more than 30',
    );
    expect(rule14a8Deadline(seedWith({ nextMeeting: '2025-05-20' }).f).basis).toContain('31 days before');
  });

  it('no meeting last year: a reasonable time, disclosed under Rule 14a-5(f)', () => {
    const r = rule14a8Deadline(factsOf({ ...NO_PRIOR, nextMeeting: '2025-09-15' }).f);
    expect(r.deadline).toBeNull();
    expect(r.basis).toContain('there was no annual meeting last year');
    expect(r.basis).toContain('a reasonable time before the company begins to print');
    expect(r.basis).toContain('Rule 14a-5(f)');
  });
});

describe('movedMeetingWindow', () => {
  const bylaws = parseDeadlineInput(SEED).bylaws;
  it('without a next meeting there is nothing to count from', () => {
    expect(movedMeetingWindow(seedWith().f, bylaws)).toEqual({});
  });

  it('2025-08-01: opens 04-03 (120 days: 31 + 30 + 31 + 28 → 04-01 is 122); floor 05-03 (05-01 is 92)', () => {
    const w = movedMeetingWindow(seedWith({ nextMeeting: '2025-08-01' }).f, bylaws);
    expect([w.opens?.toString(), w.closesFloor?.toString(), w.closes]).toEqual(['2025-04-03', '2025-05-03', undefined]);
  });

  it.each([
    ['2025-04-23', '2025-05-03'], // + 10 = 05-03, the floor itself
    ['2025-04-24', '2025-05-04'], // + 10 = 05-04, one day past the floor
    ['2025-03-01', '2025-05-03'], // early announcement: the floor
  ])('announced %s: closes %s, the later of the floor and 10 days after', (announced, closes) => {
    const w = movedMeetingWindow(seedWith({ nextMeeting: '2025-08-01', announced }).f, bylaws);
    expect(w.closes?.toString()).toBe(closes);
  });
});

describe('advanceNoticeWindow', () => {
  const window = (extra: Partial<DeadlineInput>) => {
    const { p, f } = seedWith(extra);
    return advanceNoticeWindow(f, p.bylaws);
  };

  it('the seed: 120 and 90 days before 2025-06-20', () => {
    expect(window({})).toMatchObject({
      opens: '2025-02-20',
      closes: '2025-03-22',
      atTime: 'close of business',
      governing: 'anniversary',
      movedMeeting: { opens: null, closes: null },
    });
  });

  it('anchored on the proxy mailing: 120 and 90 days before 2025-06-05 (03-05 is 92)', () => {
    expect(window({ bylaws: { anchor: 'prior-release' } })).toMatchObject({
      opens: '2025-02-05',
      closes: '2025-03-07',
    });
    expect(window({ bylaws: { anchor: 'prior-release' } }).basis).toContain(
      'the anniversary of the prior proxy mailing',
    );
  });

  it('30 days late keeps the anniversary window and still reports the moved-meeting alternative', () => {
    // 2025-07-20 − 120: 06-20 is 30, 05-20 61, 04-20 91, 03-20 122 → 03-22; − 90 → 04-21 (later than 04-01 + 10).
    expect(window({ nextMeeting: '2025-07-20', announced: '2025-04-01' })).toMatchObject({
      opens: '2025-02-20',
      closes: '2025-03-22',
      governing: 'anniversary',
      movedMeeting: { opens: '2025-03-22', closes: '2025-04-21' },
    });
  });

  it('31 days late moves the window to the meeting and names the threshold', () => {
    const w = window({ nextMeeting: '2025-07-21', announced: '2025-04-01' });
    expect(w).toMatchObject({ opens: '2025-03-23', closes: '2025-04-22', governing: 'moved-meeting' });
    expect(w.basis).toMatch(
      /^the next meeting \(2025-07-21\) is more than 30 days after the anniversary \(2025-06-20\): /,
    );
  });

  it('the basis names the threshold on the side the meeting moved', () => {
    const bylaws = { movedBeforeDays: 30, movedAfterDays: 60 };
    expect(window({ nextMeeting: '2025-05-20', bylaws }).basis).toContain('more than 30 days before');
    expect(window({ nextMeeting: '2025-08-20', bylaws }).basis).toContain('more than 60 days after');
    expect(window({ nextMeeting: '2025-07-21', bylaws }).governing).toBe('anniversary');
  });

  it('no meeting last year: the moved-meeting rule, counted from the meeting', () => {
    const { p, f } = factsOf({ ...NO_PRIOR, nextMeeting: '2025-09-15', announced: '2025-07-20' });
    const w = advanceNoticeWindow(f, p.bylaws);
    // 2025-09-15 − 120: 08-15 is 31, 07-15 62, 06-15 92, 05-15 123 → 05-18; − 90 → 06-17, later is 07-30.
    expect(w).toMatchObject({ opens: '2025-05-18', closes: '2025-07-30', governing: 'no-prior-meeting' });
    expect(w.basis).toMatch(
      /^there was no annual meeting last year: not earlier than close of business on the 120th day/,
    );
  });
});

describe('rule14a19Deadline', () => {
  it('the seed: 60 days before 2025-06-20 is 2025-04-21 (31 + 30 − 1)', () => {
    const r = rule14a19Deadline(seedWith().f);
    expect(r).toMatchObject({ deadline: '2025-04-21', governing: 'anniversary', citation: 'Rule 14a-19(b)(1)' });
    expect(r.basis).toBe(
      'no later than 60 calendar days before 2025-06-20, the anniversary of the prior annual meeting',
    );
    expect(r.solicitationCondition.citation).toBe('Rule 14a-19(a)(3)');
  });

  it('30 days late keeps the anniversary date even with an announcement', () => {
    expect(rule14a19Deadline(seedWith({ nextMeeting: '2025-07-20', announced: '2025-05-30' }).f).deadline).toBe(
      '2025-04-21',
    );
  });

  // 31 days late, 2025-07-21: 60 days before is 05-22 (06-21 is 30, 05-22 60).
  it.each([
    ['2025-05-12', '2025-05-22'], // + 10 = 05-22, the floor itself
    ['2025-05-13', '2025-05-23'], // + 10 = 05-23, later than the floor
  ])('31 days late, announced %s: due %s', (announced, deadline) => {
    const r = rule14a19Deadline(seedWith({ nextMeeting: '2025-07-21', announced }).f);
    expect(r).toMatchObject({ deadline, governing: 'moved-meeting' });
  });

  it('31 days late without the announcement: no date, and the basis says what is missing', () => {
    const r = rule14a19Deadline(seedWith({ nextMeeting: '2025-07-21' }).f);
    expect(r.deadline).toBeNull();
    expect(r.basis).toMatch(
      /^the meeting moved by more than 30 days: the later of 60 calendar days before the meeting \(2025-05-22\)/,
    );
    expect(r.basis).toMatch(/\(announcement date not given\)$/);
  });

  it('no meeting last year: the later of 60 days before 2025-09-15 (07-17) and 07-20 + 10', () => {
    const r = rule14a19Deadline(factsOf({ ...NO_PRIOR, nextMeeting: '2025-09-15', announced: '2025-07-20' }).f);
    expect(r).toMatchObject({ deadline: '2025-07-30', governing: 'no-prior-meeting' });
    expect(r.basis).toMatch(/^no annual meeting last year: .*\(2025-07-17\).*\(2025-07-30\)$/);
  });
});

describe('inputWarnings', () => {
  const warn = (input: DeadlineInput, defaulted = false) => {
    const { p, f } = factsOf(input);
    return inputWarnings(p, f, defaulted);
  };

  it('a defaulted time zone is named', () => {
    expect(warn(SEED, true).map((w) => w.code)).toEqual(['TIME_ZONE_DEFAULTED', 'NEXT_MEETING_UNKNOWN']);
    expect(warn(SEED, true)[0]?.message).toContain('read in America/Los_Angeles');
    expect(warn({ ...SEED, nextMeeting: '2025-06-20' })).toEqual([]);
  });

  it('without a next meeting, the dates hold within the stricter of the bylaw and the 30-day SEC thresholds', () => {
    expect(warn(SEED)[0]?.message).toContain('within 30 days before or 30 days after 2025-06-20');
    const custom = warn({ ...SEED, bylaws: { movedBeforeDays: 10, movedAfterDays: 60 } });
    expect(custom[0]?.message).toContain('within 10 days before or 30 days after 2025-06-20');
    const wide = warn({ ...SEED, bylaws: { movedBeforeDays: 45, movedAfterDays: 20 } });
    expect(wide[0]?.message).toContain('within 30 days before or 20 days after 2025-06-20');
    expect(warn(NO_PRIOR)).toEqual([]); // nothing counts from an anniversary
  });

  it('a 29 February meeting or release is flagged with its 28 February anniversary', () => {
    const meeting = warn({ priorMeeting: '2024-02-29', priorRelease: '2024-02-01', nextMeeting: '2025-03-01' });
    expect(meeting).toHaveLength(1);
    expect(meeting[0]).toMatchObject({ code: 'LEAP_DAY_ANNIVERSARY' });
    expect(meeting[0]?.message).toContain(
      'The prior meeting fell on 29 February; its anniversary is taken as 2025-02-28',
    );
    const release = warn({ priorMeeting: '2024-03-15', priorRelease: '2024-02-29', nextMeeting: '2025-03-15' });
    expect(release[0]?.message).toContain('The prior release fell on 29 February');
  });
});

describe('rule14a8Warnings', () => {
  it('none while the anniversary date holds (30 days late)', () => {
    expect(rule14a8Warnings(seedWith({ nextMeeting: '2025-07-20' }).f)).toEqual([]);
  });

  it('31 days late: MEETING_MOVED, a reasonable time, disclosed under Rule 14a-5(f)', () => {
    const [w, ...rest] = rule14a8Warnings(seedWith({ nextMeeting: '2025-07-21' }).f);
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ code: 'MEETING_MOVED', citation: 'Rule 14a-8(e)(2)' });
    expect(w?.message).toContain('31 days after');
    expect(w?.message).toContain('a reasonable time before the company begins to print');
    expect(w?.message).toContain('Rule 14a-5(f)');
  });

  it('no meeting last year: NO_PRIOR_MEETING', () => {
    expect(rule14a8Warnings(factsOf(NO_PRIOR).f).map((w) => w.code)).toEqual(['NO_PRIOR_MEETING']);
  });
});

describe('advanceNoticeWarnings', () => {
  const warn = (input: DeadlineInput) => {
    const { p, f } = factsOf(input);
    return advanceNoticeWarnings(p, f);
  };

  it('none while the anniversary window holds, even 31 days late under a 60-day bylaw', () => {
    expect(warn(SEED)).toEqual([]);
    expect(warn({ ...SEED, nextMeeting: '2025-07-21', bylaws: { movedAfterDays: 60 } })).toEqual([]);
  });

  it('a moved meeting without its announcement: the window closes on the later of 04-22 and 10 days after', () => {
    // 2025-07-21 − 90: 06-21 is 30, 05-21 61, 04-21 91 → 04-22.
    const [w] = warn({ ...SEED, nextMeeting: '2025-07-21' });
    expect(w).toMatchObject({
      code: 'ANNOUNCEMENT_UNKNOWN',
      citation: 'Bylaws (advance notice of stockholder business and nominations)',
    });
    expect(w?.message).toContain('closes on the later of 2025-04-22 and the 10th day after');
    expect(warn({ ...SEED, nextMeeting: '2025-07-21', announced: '2025-04-01' })).toEqual([]);
  });

  it('no meeting last year and no next meeting: nothing to count from', () => {
    expect(warn(NO_PRIOR).map((w) => w.code)).toEqual(['NEXT_MEETING_UNKNOWN']);
  });
});

describe('nonBusinessDayWarnings', () => {
  const seed = computeDeadlines(SEED);
  const warn = (d: {
    rule14a8?: string | null;
    opens?: string | null;
    closes?: string | null;
    rule14a19?: string | null;
  }) =>
    nonBusinessDayWarnings(
      { ...seed.rule14a8, deadline: d.rule14a8 ?? null },
      { ...seed.advanceNotice, opens: d.opens ?? null, closes: d.closes ?? null },
      { ...seed.rule14a19, deadline: d.rule14a19 ?? null },
    );

  it('the seed: only the Saturday 2025-03-22 close; Friday 2025-03-21 is safe', () => {
    const ws = warn({ rule14a8: '2025-02-05', opens: '2025-02-20', closes: '2025-03-22', rule14a19: '2025-04-21' });
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ code: 'NON_BUSINESS_DAY', citation: 'SEC Staff Legal Bulletin 14' });
    expect(ws[0]?.message).toMatch(
      /^The advance-notice window closing, 2025-03-22, is a Saturday\. .*delivery by Friday 2025-03-21 is safe\.$/,
    );
  });

  it('Saturday 2025-07-05 steps back over Independence Day (Friday) to Thursday 2025-07-03', () => {
    const [w] = warn({ rule14a19: '2025-07-05' });
    expect(w?.message).toMatch(/^The Rule 14a-19 deadline, 2025-07-05, is a Saturday\..*Thursday 2025-07-03 is safe/);
  });

  it('a holiday names itself and its weekday: Friday 2025-07-04', () => {
    const [w] = warn({ rule14a8: '2025-07-04' });
    expect(w?.message).toMatch(
      /^The Rule 14a-8 deadline, 2025-07-04, is a federal holiday \(.*Independence Day.*\) \(Friday\)/,
    );
    expect(w?.message).toContain('Thursday 2025-07-03');
  });

  it('Sunday 2025-01-19 steps back to Friday 2025-01-17; missing dates are skipped; order is by route', () => {
    const ws = warn({ opens: '2025-01-19', closes: '2025-03-22' });
    expect(ws.map((w) => w.message.slice(0, 48))).toEqual([
      'The advance-notice window opening, 2025-01-19, i',
      'The advance-notice window closing, 2025-03-22, i',
    ]);
    expect(ws[0]?.message).toContain('Friday 2025-01-17');
  });
});

describe('earlierRuleWarnings', () => {
  const warn = (input: DeadlineInput) => {
    const r = computeDeadlines(input);
    return earlierRuleWarnings(r.advanceNotice, r.rule14a19);
  };

  it('the seed: the bylaw close (03-22) is before Rule 14a-19 (04-21) and governs', () => {
    const [w] = warn(SEED);
    expect(w).toMatchObject({
      code: 'EARLIER_RULE_GOVERNS',
      citation: 'Bylaws (advance notice of stockholder business and nominations)',
    });
    expect(w?.message).toContain('the earlier, 2025-03-22 under the bylaws, governs');
  });

  it('a late announcement gives both the same date (07-01 + 10 = 07-11): no warning', () => {
    expect(warn({ ...SEED, nextMeeting: '2025-08-01', announced: '2025-07-01' })).toEqual([]);
  });

  it('a bylaw counting 15 days after announcement (07-16) leaves Rule 14a-19 (07-11) earlier', () => {
    const [w] = warn({ ...SEED, nextMeeting: '2025-08-01', announced: '2025-07-01', bylaws: { announceDays: 15 } });
    expect(w).toMatchObject({ code: 'EARLIER_RULE_GOVERNS', citation: 'Rule 14a-19(b)(1)' });
    expect(w?.message).toContain('the earlier, 2025-07-11 under Rule 14a-19, governs');
  });

  it('nothing to compare without both dates', () => {
    expect(warn({ ...SEED, nextMeeting: '2025-08-01' })).toEqual([]);
  });
});

describe('ordinal', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [10, '10th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [23, '23rd'],
    [90, '90th'],
    [101, '101st'],
    [111, '111th'],
    [112, '112th'],
    [120, '120th'],
  ])('%i → %s', (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});

// ---- Issue 15: issuer conventions (a separate nomination window, weekend and holiday rolls, Rule 14a-19 tied to
// the bylaws). Every date below is worked by hand from the rule and a calendar (weekdays checked with `date -d`):
//   the seed's anniversary 2025-06-20 is a Friday; back from it, 05-20 is 31 days, 04-20 61, 03-20 92, 02-20 120;
//   so −60 = 2025-04-21 (Monday), −90 = 2025-03-22 (Saturday), −120 = 2025-02-20 (Thursday).
//   Federal holidays (5 U.S.C. §6103): Memorial Day is the last Monday of May, 2025-05-26; Independence Day
//   2025-07-04 is a Friday; Martin Luther King Jr. Day is the third Monday of January, 2025-01-20.

const checkRoute = (r: DeadlineReport, route: SubmissionRoute, at: string) =>
  checkSubmission(r, route, Temporal.Instant.from(at));
const roll = (r: DeadlineReport) => ({
  advanceNotice: r.advanceNotice.closesRolled,
  nominations: r.nominations.closesRolled,
  rule14a19: r.rule14a19.rolled,
});

describe('issuer conventions: the defaults change nothing (the seed)', () => {
  const r = computeDeadlines(SEED);

  it('nominations are the advance-notice window, with its citation, and nothing is rolled or tied', () => {
    expect(r.nominations).toMatchObject({
      opens: '2025-02-20',
      closes: '2025-03-22',
      separate: false,
      governing: 'anniversary',
      citation: 'Bylaws (advance notice of stockholder business and nominations)',
    });
    expect(roll(r)).toEqual({ advanceNotice: null, nominations: null, rule14a19: null });
    expect(r.rule14a19).toMatchObject({
      deadline: '2025-04-21',
      ruleDeadline: '2025-04-21',
      setBy: 'rule',
      receivedBy: 'end of day',
    });
  });

  it('the inputs echo no convention that was not given, and the warnings are the seed’s three', () => {
    expect(Object.keys(r.inputs.bylaws).sort()).toEqual([
      'anchor',
      'announceDays',
      'closesDays',
      'movedAfterDays',
      'movedBeforeDays',
      'opensDays',
    ]);
    expect(codes(r)).toEqual(['NEXT_MEETING_UNKNOWN', 'NON_BUSINESS_DAY', 'EARLIER_RULE_GOVERNS']);
  });

  it('explicit defaults (policy none, basis rule) give the same dates', () => {
    const explicit = computeDeadlines({
      ...SEED,
      bylaws: { bylawWeekend: 'none', rule14a19Weekend: 'none', rule14a19Basis: 'rule' },
    });
    expect([explicit.advanceNotice.closes, explicit.nominations.closes, explicit.rule14a19.deadline]).toEqual([
      '2025-03-22',
      '2025-03-22',
      '2025-04-21',
    ]);
    expect(roll(explicit)).toEqual({ advanceNotice: null, nominations: null, rule14a19: null });
  });
});

describe('a separate nomination window', () => {
  it('business 90/60 and nominations 120/90 days before the anniversary', () => {
    // Business: −90 = 2025-03-22, −60 = 2025-04-21. Nominations: −120 = 2025-02-20, −90 = 2025-03-22.
    const r = computeDeadlines({
      ...SEED,
      bylaws: { opensDays: 90, closesDays: 60, nominationOpensDays: 120, nominationClosesDays: 90 },
    });
    expect(r.advanceNotice).toMatchObject({ opens: '2025-03-22', closes: '2025-04-21', governing: 'anniversary' });
    expect(r.nominations).toMatchObject({
      opens: '2025-02-20',
      closes: '2025-03-22',
      separate: true,
      governing: 'anniversary',
      citation: 'Bylaws (advance notice of director nominations)',
    });
    expect(r.nominations.basis).toContain('the 120th day and not later than close of business on the 90th day');
    // The Rule 14a-19 date (04-21) is compared with the nomination close (03-22), not the business close (04-21).
    const earlier = r.warnings.find((w) => w.code === 'EARLIER_RULE_GOVERNS');
    expect(earlier).toMatchObject({ citation: 'Bylaws (advance notice of director nominations)' });
    expect(earlier?.message).toContain('bylaw nomination deadline (2025-03-22)');
    // Saturday 03-22 is both the business opening and the nomination closing: one warning each.
    const saturday = r.warnings.filter((w) => w.code === 'NON_BUSINESS_DAY').map((w) => w.message.slice(0, 44));
    expect(saturday).toEqual([
      'The advance-notice window opening, 2025-03-2',
      'The nomination window closing, 2025-03-22, i',
    ]);
  });

  it('business 120/90 (default) and nominations 240/140', () => {
    // −240: 2024-10-20 → 2025-06-20 is 31+30+31+31+28+31+30+31 = 243 days, so −240 = 2024-10-23 (Wednesday).
    // −140: 2025-01-31 → 06-20 is 28 + 31 + 30 + 31 + 20 = 140, so 2025-01-31 (Friday).
    const r = computeDeadlines({ ...SEED, bylaws: { nominationOpensDays: 240, nominationClosesDays: 140 } });
    expect([r.advanceNotice.opens, r.advanceNotice.closes]).toEqual(['2025-02-20', '2025-03-22']);
    expect([r.nominations.opens, r.nominations.closes]).toEqual(['2024-10-23', '2025-01-31']);
  });

  it('one count given: the other is the business window’s', () => {
    // −150: 2025-01-21 → 06-20 is 31 + 28 + 31 + 30 + 30 = 150 (2025-01-21, a Tuesday); closes at the business −90.
    const r = computeDeadlines({ ...SEED, bylaws: { nominationOpensDays: 150 } });
    expect(r.nominations).toMatchObject({ opens: '2025-01-21', closes: '2025-03-22', separate: true });
  });

  it('counts equal to the business window’s are the one window', () => {
    const r = computeDeadlines({ ...SEED, bylaws: { nominationOpensDays: 120, nominationClosesDays: 90 } });
    expect(r.nominations.separate).toBe(false);
    expect(codes(r)).toEqual(['NEXT_MEETING_UNKNOWN', 'NON_BUSINESS_DAY', 'EARLIER_RULE_GOVERNS']);
  });

  describe('a moved meeting: 2025-08-01, 42 days after the anniversary (10 + 31 + 1)', () => {
    const MOVED = { ...SEED, nextMeeting: '2025-08-01' } as const;
    const COUNTS = { opensDays: 90, closesDays: 60, nominationOpensDays: 120, nominationClosesDays: 90 } as const;
    // Back from 2025-08-01: 07-01 is 31, 06-01 61, 05-01 92, 04-01 122.
    //   −60 = 2025-06-02 (Monday), −90 = 2025-05-03 (Saturday), −120 = 2025-04-03 (Thursday).

    it('announced 2025-05-01 (+10 = Sunday 05-11): each window counts from the meeting with its own days', () => {
      const r = computeDeadlines({ ...MOVED, announced: '2025-05-01', bylaws: COUNTS });
      // Business: opens −90 = 05-03; closes the later of −60 (06-02) and 05-11 → 06-02.
      expect(r.advanceNotice).toMatchObject({ opens: '2025-05-03', closes: '2025-06-02', governing: 'moved-meeting' });
      // Nominations: opens −120 = 04-03; closes the later of −90 (05-03) and 05-11 → 05-11.
      expect(r.nominations).toMatchObject({
        opens: '2025-04-03',
        closes: '2025-05-11',
        governing: 'moved-meeting',
        separate: true,
        movedMeeting: { opens: '2025-04-03', closes: '2025-05-11' },
      });
      expect(r.nominations.basis).toContain('more than 30 days after the anniversary (2025-06-20)');
      // Rule 14a-19 (moved): the later of −60 (06-02) and 05-11 → 06-02.
      expect(r.rule14a19.deadline).toBe('2025-06-02');
    });

    it('announced 2025-05-20 (+10 = 05-30): nominations close 05-30, business still 06-02', () => {
      const r = computeDeadlines({ ...MOVED, announced: '2025-05-20', bylaws: COUNTS });
      expect(r.nominations.closes).toBe('2025-05-30');
      expect(r.advanceNotice.closes).toBe('2025-06-02');
    });

    it('without the announcement each window names its own floor', () => {
      const r = computeDeadlines({ ...MOVED, bylaws: COUNTS });
      expect([r.advanceNotice.closes, r.nominations.closes]).toEqual([null, null]);
      const unknown = r.warnings.filter((w) => w.code === 'ANNOUNCEMENT_UNKNOWN');
      expect(unknown.map((w) => w.message.slice(0, 70))).toEqual([
        'The advance-notice window closes on the later of 2025-06-02 and the 10',
        'The nomination window closes on the later of 2025-05-03 and the 10th d',
      ]);
      expect(unknown[1]?.citation).toBe('Bylaws (advance notice of director nominations)');
    });

    it('the bylaw thresholds govern both windows: within 60 days after, both keep their anniversary dates', () => {
      const r = computeDeadlines({ ...MOVED, announced: '2025-05-01', bylaws: { ...COUNTS, movedAfterDays: 60 } });
      // Anniversary 2025-06-20: business −90/−60 = 03-22/04-21, nominations −120/−90 = 02-20/03-22.
      expect([r.advanceNotice.opens, r.advanceNotice.closes]).toEqual(['2025-03-22', '2025-04-21']);
      expect([r.nominations.opens, r.nominations.closes, r.nominations.governing]).toEqual([
        '2025-02-20',
        '2025-03-22',
        'anniversary',
      ]);
    });

    it('a Sunday nomination close (05-11) rolled back to Friday 2025-05-09; the Monday business close stays', () => {
      const r = computeDeadlines({
        ...MOVED,
        announced: '2025-05-01',
        bylaws: { ...COUNTS, bylawWeekend: 'previous-business-day' },
      });
      expect(r.nominations.closes).toBe('2025-05-09');
      expect(r.nominations.closesRolled).toMatchObject({
        from: '2025-05-11',
        to: '2025-05-09',
        reason: 'a Sunday',
      });
      expect(r.nominations.movedMeeting.closes).toBe('2025-05-11'); // as counted
      expect(r.advanceNotice).toMatchObject({ closes: '2025-06-02', closesRolled: null });
    });
  });

  it('a nomination window that would close before it opens is refused, naming the field', () => {
    // 120 (the business opening, taken for nominations) is not more than 130.
    expect(() => computeDeadlines({ ...SEED, bylaws: { nominationClosesDays: 130 } })).toThrow(InvalidInputError);
    try {
      deadlinesFromFlat({ ...SEED, tz: LA, nominationClosesDays: '130' });
    } catch (err) {
      expect((err as InvalidInputError).issues.map((i) => i.field)).toEqual(['nominationClosesDays']);
    }
    expect.assertions(2);
  });
});

describe('weekend and holiday rolls, per route', () => {
  it('a Sunday Rule 14a-19 date rolled forward to Monday: 2024-04-21 → 2024-04-22', () => {
    // Prior meeting 2023-06-20: anniversary 2024-06-20; back 05-20 is 31, 04-20 61 → −60 = 2024-04-21, a Sunday.
    const prior2023 = { priorMeeting: '2023-06-20', priorRelease: '2023-06-05', timeZone: LA } as const;
    const r = computeDeadlines({ ...prior2023, bylaws: { rule14a19Weekend: 'next-business-day' } });
    expect(r.rule14a19).toMatchObject({ deadline: '2024-04-22', ruleDeadline: '2024-04-22', setBy: 'rule' });
    expect(r.rule14a19.rolled).toEqual({
      from: '2024-04-21',
      to: '2024-04-22',
      policy: 'next-business-day',
      reason: 'a Sunday',
      citation: 'Issuer convention (weekend and holiday roll)',
      note:
        'The Rule 14a-19 deadline counts to Sunday 2024-04-21; the issuer rolls it forward to the next business day, ' +
        'Monday 2024-04-22.',
    });
    // The rolled date is a business day: no warning for it; the bylaw route is not rolled (2024-03-22 is a Friday).
    expect(r.warnings.some((w) => w.code === 'NON_BUSINESS_DAY' && w.message.includes('Rule 14a-19'))).toBe(false);
    expect(r.advanceNotice.closesRolled).toBeNull();
    // Timely through the end of Monday in San Diego (PDT, −07:00); without the roll Monday is late.
    expect(checkRoute(r, '14a-19', '2024-04-22T23:59:59-07:00').timely).toBe(true);
    expect(checkRoute(r, '14a-19', '2024-04-23T00:00:00-07:00').timely).toBe(false);
    expect(checkRoute(r, '14a-19', '2024-04-22T10:00:00-07:00').reason).toContain('counts to Sunday 2024-04-21');
    expect(checkRoute(computeDeadlines(prior2023), '14a-19', '2024-04-22T10:00:00-07:00').timely).toBe(false);
  });

  it('a Sunday bylaw closing date rolled back to Friday: 2025-03-23 → 2025-03-21', () => {
    // Prior meeting 2024-06-21: anniversary 2025-06-21; back 05-21 is 31, 04-21 61, 03-21 92 → −90 = 2025-03-23,
    // a Sunday; the business day before is Friday 2025-03-21. The opening, −120 = 2025-02-21 (Friday), is not rolled.
    const sunday = { priorMeeting: '2024-06-21', priorRelease: '2024-06-05', timeZone: LA } as const;
    const r = computeDeadlines({ ...sunday, bylaws: { bylawWeekend: 'previous-business-day' } });
    expect(r.advanceNotice).toMatchObject({ opens: '2025-02-21', closes: '2025-03-21' });
    expect(r.advanceNotice.closesRolled).toMatchObject({
      from: '2025-03-23',
      to: '2025-03-21',
      policy: 'previous-business-day',
      reason: 'a Sunday',
    });
    expect(r.nominations).toMatchObject({ closes: '2025-03-21', separate: false });
    expect(r.rule14a19.rolled).toBeNull(); // the other route keeps its own policy (none)
    // Close of business Friday (PDT since 03-09): 17:00:00 in, 17:00:01 out; Sunday itself is late.
    expect(checkRoute(r, 'advance-notice', '2025-03-21T17:00:00-07:00').timely).toBe(true);
    expect(checkRoute(r, 'advance-notice', '2025-03-21T17:00:01-07:00').timely).toBe(false);
    expect(checkRoute(r, 'nomination', '2025-03-23T09:00:00-07:00').reason).toContain(
      'counts to Sunday 2025-03-23; the issuer rolls it back to the previous business day, Friday 2025-03-21',
    );
    // Unrolled, the same Sunday stays the date (and is warned about); rolled forward it is Monday 2025-03-24.
    expect(computeDeadlines(sunday).advanceNotice.closes).toBe('2025-03-23');
    const forward = computeDeadlines({ ...sunday, bylaws: { bylawWeekend: 'next-business-day' } });
    expect(forward.advanceNotice.closes).toBe('2025-03-24');
  });

  it('a roll forward over a federal holiday: Sunday 2025-05-25, past Memorial Day (05-26), to Tuesday 2025-05-27', () => {
    // Prior meeting 2024-07-24: anniversary 2025-07-24; back 06-24 is 30, 05-24 61 → −60 = 2025-05-25, a Sunday.
    const r = computeDeadlines({
      priorMeeting: '2024-07-24',
      priorRelease: '2024-07-01',
      timeZone: LA,
      bylaws: { rule14a19Weekend: 'next-business-day' },
    });
    expect(r.rule14a19.deadline).toBe('2025-05-27');
    expect(r.rule14a19.rolled).toMatchObject({ from: '2025-05-25', to: '2025-05-27', reason: 'a Sunday' });
    expect(r.rule14a19.rolled?.note).toContain('(passing over Memorial Day, Monday 2025-05-26)');
  });

  it('a roll back over a federal holiday: Saturday 2025-07-05, past Independence Day (Friday), to Thursday 2025-07-03', () => {
    // Prior meeting 2024-10-03: anniversary 2025-10-03; back 09-03 is 30, 08-03 61, 07-03 92 → −90 = 2025-07-05.
    const r = computeDeadlines({
      priorMeeting: '2024-10-03',
      priorRelease: '2024-09-01',
      timeZone: NY,
      bylaws: { bylawWeekend: 'previous-business-day' },
    });
    expect(r.advanceNotice.closes).toBe('2025-07-03');
    expect(r.advanceNotice.closesRolled).toMatchObject({ from: '2025-07-05', reason: 'a Saturday' });
    expect(r.advanceNotice.closesRolled?.note).toContain('(passing over Independence Day, Friday 2025-07-04)');
  });

  it('a date on a weekday holiday is rolled too: Martin Luther King Jr. Day 2025-01-20 → Friday 2025-01-17', () => {
    // Prior meeting 2024-03-21: anniversary 2025-03-21; back 02-21 is 28, 01-21 59 → −60 = 2025-01-20, a Monday.
    const r = computeDeadlines({
      priorMeeting: '2024-03-21',
      priorRelease: '2024-03-01',
      timeZone: NY,
      bylaws: { rule14a19Weekend: 'previous-business-day' },
    });
    expect(r.rule14a19.deadline).toBe('2025-01-17');
    expect(r.rule14a19.rolled?.reason).toMatch(/^a federal holiday \(.*Martin Luther King.*\)$/);
    expect(r.rule14a19.rolled?.note).toMatch(
      /^The Rule 14a-19 deadline counts to Monday 2025-01-20, a federal holiday/,
    );
  });

  it('a business day is never rolled: the seed’s Monday 2025-04-21 stays with either policy', () => {
    for (const policy of ['next-business-day', 'previous-business-day'] as const) {
      const r = computeDeadlines({ ...SEED, bylaws: { rule14a19Weekend: policy } });
      expect([r.rule14a19.deadline, r.rule14a19.rolled]).toEqual(['2025-04-21', null]);
    }
  });

  it('the seed’s Saturday close (2025-03-22) rolled back is Friday 2025-03-21, and is no longer warned about', () => {
    const r = computeDeadlines({ ...SEED, bylaws: { bylawWeekend: 'previous-business-day' } });
    expect(r.advanceNotice.closes).toBe('2025-03-21');
    expect(codes(r)).toEqual(['NEXT_MEETING_UNKNOWN', 'EARLIER_RULE_GOVERNS']);
  });
});

describe('Rule 14a-19 tied to the bylaw nomination deadline', () => {
  it('the seed: due 2025-03-22 at close of business, not 2025-04-21, and the report says so', () => {
    const r = computeDeadlines({ ...SEED, bylaws: { rule14a19Basis: 'bylaw' } });
    expect(r.rule14a19).toMatchObject({
      deadline: '2025-03-22',
      receivedBy: 'close of business',
      setBy: 'bylaw',
      ruleDeadline: '2025-04-21',
      governing: 'anniversary',
    });
    expect(r.rule14a19.basis).toContain('the bylaw nomination deadline (2025-03-22, close of business)');
    expect(r.rule14a19.basis).toContain('Rule 14a-19(b)(1) alone would give 2025-04-21');
    // One date, one warning: the Saturday is named once; the bylaws no longer "govern" over a later rule date.
    expect(codes(r)).toEqual(['NEXT_MEETING_UNKNOWN', 'NON_BUSINESS_DAY']);
    // 16:59 Pacific on 03-22 is in; 17:30 is out (by the rule alone it would be in, to the end of 04-21).
    expect(checkRoute(r, '14a-19', '2025-03-22T16:59:00-07:00').timely).toBe(true);
    const late = checkRoute(r, '14a-19', '2025-03-22T17:30:00-07:00');
    expect(late.timely).toBe(false);
    expect(late.reason).toContain('close of business (17:00) on 2025-03-22');
    expect(checkRoute(computeDeadlines(SEED), '14a-19', '2025-03-22T17:30:00-07:00').timely).toBe(true);
  });

  it('with a separate nomination window it is the nomination close: 240/140 → 2025-01-31', () => {
    const r = computeDeadlines({
      ...SEED,
      bylaws: { nominationOpensDays: 240, nominationClosesDays: 140, rule14a19Basis: 'bylaw' },
    });
    expect(r.rule14a19).toMatchObject({ deadline: '2025-01-31', setBy: 'bylaw' });
    expect(r.rule14a19.citation).toBe('Rule 14a-19(b)(1) and Bylaws (advance notice of director nominations)');
  });

  it('with the bylaw roll it is the rolled bylaw date, and says it was rolled: 2025-03-22 → 2025-03-21', () => {
    const r = computeDeadlines({
      ...SEED,
      bylaws: { rule14a19Basis: 'bylaw', bylawWeekend: 'previous-business-day' },
    });
    expect(r.rule14a19.deadline).toBe('2025-03-21');
    expect(r.rule14a19.rolled).toMatchObject({ from: '2025-03-22', to: '2025-03-21' });
  });

  it('when the rule’s own date is earlier, it still binds: bylaw 07-16 (07-01 + 15), rule 07-11 (07-01 + 10)', () => {
    // Meeting 2025-08-01 (moved 42 days), announced 2025-07-01. Bylaws with 15 days after the announcement:
    // the later of −90 (05-03) and 07-16 → 07-16. Rule 14a-19: the later of −60 (06-02) and 07-11 → 07-11.
    const r = computeDeadlines({
      ...SEED,
      nextMeeting: '2025-08-01',
      announced: '2025-07-01',
      bylaws: { announceDays: 15, rule14a19Basis: 'bylaw' },
    });
    expect(r.rule14a19).toMatchObject({ deadline: '2025-07-16', ruleDeadline: '2025-07-11', setBy: 'bylaw' });
    const w = r.warnings.find((x) => x.code === 'EARLIER_RULE_GOVERNS');
    expect(w).toMatchObject({ citation: 'Rule 14a-19(b)(1)' });
    expect(w?.message).toContain('the earlier, 2025-07-11 under Rule 14a-19, governs');
    expect(checkRoute(r, '14a-19', '2025-07-11T23:00:00-07:00').timely).toBe(true);
    expect(checkRoute(r, '14a-19', '2025-07-12T10:00:00-07:00').timely).toBe(false);
  });

  it('a Rule 14a-19 roll alongside the bylaw basis is refused (it could not apply)', () => {
    expect(() =>
      deadlinesFromFlat({ ...SEED, tz: LA, rule14a19Basis: 'bylaw', rule14a19Weekend: 'next-business-day' }),
    ).toThrow(/has no effect when the Rule 14a-19 basis is bylaw/);
  });
});

describe('the nomination route', () => {
  it('without nomination counts it checks the advance-notice window (the seed)', () => {
    const r = computeDeadlines(SEED);
    const c = checkRoute(r, 'nomination', '2025-03-22T16:45:00-07:00');
    expect(c).toMatchObject({
      route: 'nomination',
      timely: true,
      citation: 'Bylaws (advance notice of stockholder business and nominations)',
    });
    expect(checkRoute(r, 'nomination', '2025-03-22T17:00:01-07:00').timely).toBe(false);
  });

  it('a 240/140 window: from close of business 2024-10-23 (PDT) to close of business 2025-01-31 (PST)', () => {
    const r = computeDeadlines({ ...SEED, bylaws: { nominationOpensDays: 240, nominationClosesDays: 140 } });
    expect(checkRoute(r, 'nomination', '2024-10-23T16:59:59-07:00').reason).toContain('too early');
    expect(checkRoute(r, 'nomination', '2024-10-23T17:00:00-07:00').timely).toBe(true);
    const lastMinute = checkRoute(r, 'nomination', '2025-01-31T16:59:59-08:00');
    expect(lastMinute).toMatchObject({ timely: true, citation: 'Bylaws (advance notice of director nominations)' });
    expect(checkRoute(r, 'nomination', '2025-01-31T17:00:01-08:00').reason).toContain('too late');
    // The same instant is too early for business proposals, whose window opens 2025-02-20.
    expect(checkRoute(r, 'advance-notice', '2025-01-31T16:59:59-08:00').reason).toContain('too early');
  });

  it('a nomination on time notes an earlier Rule 14a-19 date: nominations 90/45 close 2025-05-06, 14a-19 is 04-21', () => {
    // −45 from 2025-06-20: 05-20 is 31, 05-06 45. −90 = 2025-03-22.
    const r = computeDeadlines({ ...SEED, bylaws: { nominationOpensDays: 90, nominationClosesDays: 45 } });
    const c = checkRoute(r, 'nomination', '2025-05-01T10:00:00-07:00');
    expect(c.timely).toBe(true);
    expect(c.reason).toContain('must also give its notice by 2025-04-21');
  });

  it('a moved meeting with a rolled nomination close: Friday 2025-05-09 (from Sunday 05-11)', () => {
    const r = computeDeadlines({
      ...SEED,
      nextMeeting: '2025-08-01',
      announced: '2025-05-01',
      bylaws: { nominationOpensDays: 150, nominationClosesDays: 90, bylawWeekend: 'previous-business-day' },
    });
    expect(checkRoute(r, 'nomination', '2025-05-09T16:00:00-07:00').timely).toBe(true);
    const late = checkRoute(r, 'nomination', '2025-05-10T09:00:00-07:00');
    expect(late.timely).toBe(false);
    expect(late.reason).toContain('counts to Sunday 2025-05-11');
  });
});

describe('the conventions in a meeting file’s bylaws section', () => {
  const seedFile = () =>
    JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as {
      issuer: { bylaws: Record<string, unknown> };
    };
  const deadlinesOf = async (file: unknown) => {
    const meeting = { ...parseMeetingFile(file), createdAt: '2024-05-01T00:00:00Z', updatedAt: '2024-05-01T00:00:00Z' };
    const meetings = { get: async () => meeting } as unknown as MeetingRepository;
    return (await meetingDeadlines({ meetings }, meeting.id)).nextMeeting;
  };

  it('the seed file as it is: the printed dates, one window, nothing rolled', async () => {
    const r = await deadlinesOf(seedFile());
    expect([r.advanceNotice.closes, r.nominations.closes, r.nominations.separate, r.rule14a19.deadline]).toEqual([
      '2025-03-22',
      '2025-03-22',
      false,
      '2025-04-21',
    ]);
  });

  it('with nominations 240/140, a previous-business-day roll and Rule 14a-19 tied to the bylaws', async () => {
    // The seed's meeting 2024-06-20: nominations 2024-10-23 to 2025-01-31 (Friday, not rolled); business close
    // Saturday 2025-03-22 rolled back to Friday 2025-03-21; Rule 14a-19 due with the nominations, 2025-01-31.
    const file = seedFile();
    Object.assign(file.issuer.bylaws, {
      nominationOpensDays: 240,
      nominationClosesDays: 140,
      bylawWeekend: 'previous-business-day',
      rule14a19Basis: 'bylaw',
    });
    const r = await deadlinesOf(file);
    expect([r.nominations.opens, r.nominations.closes, r.advanceNotice.closes, r.rule14a19.deadline]).toEqual([
      '2024-10-23',
      '2025-01-31',
      '2025-03-21',
      '2025-01-31',
    ]);
    expect(r.rule14a19.setBy).toBe('bylaw');
  });

  it('a bad convention in the file names its path', () => {
    const file = seedFile();
    file.issuer.bylaws.rule14a19Weekend = 'monday';
    expect(() => parseMeetingFile(file)).toThrow(InvalidInputError);
    try {
      parseMeetingFile(file);
    } catch (err) {
      expect((err as InvalidInputError).issues.map((i) => i.field)).toEqual(['issuer.bylaws.rule14a19Weekend']);
    }
  });
});
