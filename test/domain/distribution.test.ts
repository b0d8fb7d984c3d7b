import { describe, expect, it } from 'vitest';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import { RegisteredRowSchema } from '../../shared/domain/holders/schema.js';
import { checkSchedule, type Method } from '../../shared/domain/distribution/schedule.js';
import { contentAndChannel, planDistribution, type PlanHolder } from '../../shared/domain/distribution/plan.js';

const day = (iso: string) => Temporal.PlainDate.from(iso);

// The seed: meeting 2024-06-20, record date 2024-05-30 (21 days before), mailed "on or about" 2024-06-05.
const seed = (method: Method, sendDate: string, extra: Partial<Parameters<typeof checkSchedule>[0]> = {}) =>
  checkSchedule({
    meetingDate: day('2024-06-20'),
    recordDate: day('2024-05-30'),
    method,
    sendDate: day(sendDate),
    materialsPosted: true,
    ...extra,
  });
const failed = (s: ReturnType<typeof checkSchedule>) => s.checks.filter((c) => !c.ok).map((c) => c.id);

describe('distribution timing checks', () => {
  it('the seed in full set, mailed on 2024-06-05 (15 days before), passes every check', () => {
    const s = seed('full-set', '2024-06-05');
    expect(s.blocked).toBe(false);
    expect(s.checks.map((c) => c.id)).toEqual([
      'record-date-window',
      'not-before-record-date',
      'meeting-notice-window',
      'materials-posted',
    ]);
    expect(failed(s)).toEqual([]);
  });

  it.each(['2024-04-01', '2024-05-10', '2024-05-30', '2024-06-05'])(
    'the seed in notice only is refused whatever the date (as of %s): the record date leaves no 40 days',
    (asOf) => {
      const s = seed('notice-only', asOf);
      expect(s.blocked).toBe(true);
      const notice = s.checks.find((c) => c.id === 'notice-40-days')!;
      expect(notice.ok).toBe(false);
      expect(notice.citation).toBe('Rule 14a-16(a)(1)');
      // 2024-06-20 − 40 days = 2024-05-11 (20 days back to May 31, then 20 more).
      expect(notice.message).toContain('2024-05-11');
      expect(notice.message).toContain('only 21 days before the meeting');
    },
  );

  it('the 40-day check can be overridden only with a reason, which the check then carries', () => {
    const reason = 'counsel accepted the late Notice for this walkthrough';
    const s = seed('notice-only', '2024-06-05', { overrides: { 'notice-40-days': reason } });
    expect(s.blocked).toBe(false);
    expect(s.checks.find((c) => c.id === 'notice-40-days')).toMatchObject({
      ok: false,
      overridable: true,
      overriddenBecause: reason,
    });
    // An empty reason is no override.
    expect(seed('notice-only', '2024-06-05', { overrides: { 'notice-40-days': '' } }).blocked).toBe(true);
  });

  it('nothing goes out, in any method, before the materials are posted (Rule 14a-16(n) for a full set)', () => {
    const s = seed('full-set', '2024-06-05', { materialsPosted: false });
    expect(s.blocked).toBe(true);
    expect(s.checks.find((c) => c.id === 'materials-posted')).toMatchObject({
      ok: false,
      citation: 'Rule 14a-16(n)',
      overridable: false,
    });
  });

  it('a mixed run has a Notice share, so the 40-day rule applies to it too', () => {
    expect(failed(seed('mixed', '2024-06-05'))).toEqual(['notice-40-days']);
  });

  it('nothing is sent before the record date, override or not', () => {
    const s = seed('full-set', '2024-05-29', { overrides: { 'not-before-record-date': 'urgent' } as never });
    expect(s.blocked).toBe(true);
    expect(s.checks.find((c) => c.id === 'not-before-record-date')).toMatchObject({ ok: false, overridable: false });
  });

  it('a late full-set mailing breaks DGCL §222(b) and is blocked unless overridden with a recorded reason', () => {
    // 2024-06-15 is 5 days before the meeting; the window is 2024-04-21 to 2024-06-10.
    const late = seed('full-set', '2024-06-15');
    expect(late.blocked).toBe(true);
    expect(failed(late)).toEqual(['meeting-notice-window']);
    expect(late.checks.find((c) => c.id === 'meeting-notice-window')!.message).toContain('5 days before');
    const overridden = seed('full-set', '2024-06-15', {
      overrides: { 'meeting-notice-window': 'court-ordered schedule' },
    });
    expect(overridden.blocked).toBe(false);
    expect(overridden.checks.find((c) => c.id === 'meeting-notice-window')!.overriddenBecause).toBe(
      'court-ordered schedule',
    );
  });

  it('a record date outside 10–60 days is flagged (DGCL §213(a))', () => {
    // 2024-04-20 is 61 days before 2024-06-20.
    const s = checkSchedule({
      meetingDate: day('2024-06-20'),
      recordDate: day('2024-04-20'),
      method: 'full-set',
      sendDate: day('2024-06-05'),
      materialsPosted: true,
    });
    expect(failed(s)).toEqual(['record-date-window']);
    expect(s.checks[0]!.message).toContain('61 days');
  });

  it('notice and access works when the schedule allows: Notice 52 days ahead, materials posted; not before they are posted', () => {
    // Meeting 2025-06-19, record date 2025-04-21 (59 days), Notice on 2025-04-28: by 2025-05-10 (40 days before).
    const input = {
      meetingDate: day('2025-06-19'),
      recordDate: day('2025-04-21'),
      method: 'notice-only' as const,
      sendDate: day('2025-04-28'),
      materialsPosted: true,
    };
    expect(checkSchedule(input)).toMatchObject({ blocked: false, sendDate: '2025-04-28' });
    expect(failed(checkSchedule({ ...input, materialsPosted: false }))).toEqual(['materials-posted']);
    // One day too late: 2025-05-11 is 39 days before.
    expect(failed(checkSchedule({ ...input, sendDate: day('2025-05-11') }))).toEqual(['notice-40-days']);
    expect(failed(checkSchedule({ ...input, sendDate: day('2025-05-10') }))).toEqual([]);
  });
});

function holder(fields: Record<string, string>): PlanHolder {
  return RegisteredRowSchema.parse({
    name: 'Ann Lee',
    shares: '1',
    address_line1: '12 Oak Ave',
    city: 'Austin',
    state: 'TX',
    postal_code: '78701',
    ...fields,
  });
}

describe('distribution planning', () => {
  const email = { email: 'a@example.com', edelivery_consent: 'Y' };

  it.each([
    ['full-set', {}, 'full-set', 'mail'],
    ['full-set', email, 'full-set', 'email'],
    ['notice-only', {}, 'notice', 'mail'],
    ['notice-only', email, 'notice', 'email'],
    ['notice-only', { ...email, delivery_election: 'paper' }, 'notice', 'mail'],
    ['mixed', {}, 'notice', 'mail'],
    ['mixed', email, 'notice', 'email'],
    ['mixed', { delivery_election: 'paper' }, 'full-set', 'mail'],
    ['mixed', { ...email, delivery_election: 'paper' }, 'full-set', 'mail'],
    ['mixed', { email: 'a@example.com', delivery_election: 'email' }, 'full-set', 'email'],
  ] as const)('%s, holder %j: %s by %s', (method, fields, content, channel) => {
    expect(contentAndChannel(holder({ account_id: 'TA-1', ...fields }), method)).toEqual({ content, channel });
  });

  it('mail is householded, email never is; every holder still gets their own proxy card; nominees get the sets they asked for', () => {
    const holders = [
      holder({ account_id: 'TA-1', name: 'Lee, Ann', householding_consent: 'affirmative' }),
      holder({ account_id: 'TA-2', name: 'Bob Lee', address_line1: '12 OAK AVENUE', householding_consent: 'implied' }),
      holder({ account_id: 'TA-3', name: 'Cy Lee', householding_consent: 'affirmative', ...email }),
      holder({ account_id: 'TA-4', name: 'Dee Roe', householding_consent: 'none' }),
      holder({ account_id: 'TA-5', name: 'Eve Roe', address_line1: '1 Elm St', householding_consent: 'affirmative' }),
    ];
    const nominees = [
      { dtcParticipant: '0015', nomineeName: 'Cede & Co', setsRequested: 1200, address: holders[0]!.address },
      { dtcParticipant: '0164', nomineeName: 'A Bank', setsRequested: 0, address: holders[0]!.address },
    ];
    const plan = planDistribution({ meetingId: 'm', method: 'full-set', holders, nominees, on: day('2024-06-05') });
    const byAccounts = plan.pieces.map((p) => `${p.channel}:${p.recipient}:${p.accounts.join('+')}`).sort();
    expect(byAccounts).toEqual(
      ['email:holder:TA-3', 'mail:holder:TA-4', 'mail:holder:TA-5', 'mail:household:TA-1+TA-2', 'mail:nominee:'].sort(),
    );
    expect(plan.figures).toMatchObject({
      holders: 5,
      nominees: 2,
      pieces: 5,
      households: 1,
      copiesSaved: 1,
      proxyCards: 5,
      nomineeSets: 1200,
      byChannelAndContent: { 'email:full-set': 1, 'mail:full-set': 4, 'email:notice': 0, 'mail:notice': 0 },
    });
    expect(plan.pieces.find((p) => p.recipient === 'nominee')).toMatchObject({ sets: 1200, content: 'full-set' });
  });

  it('piece ids are deterministic and distinct: planning twice gives the same pieces', () => {
    const holders = Array.from({ length: 50 }, (_, i) =>
      holder({ account_id: `TA-${i}`, address_line1: `${i % 10} Oak Ave`, householding_consent: 'affirmative' }),
    );
    const a = planDistribution({ meetingId: 'm', method: 'notice-only', holders, nominees: [], on: day('2025-01-01') });
    const b = planDistribution({ meetingId: 'm', method: 'notice-only', holders, nominees: [], on: day('2025-01-01') });
    expect(a.pieces.map((p) => p.id)).toEqual(b.pieces.map((p) => p.id));
    expect(new Set(a.pieces.map((p) => p.id)).size).toBe(a.pieces.length);
    expect(a.figures).toMatchObject({ pieces: 10, households: 10, proxyCards: 50 });
    const other = planDistribution({
      meetingId: 'other',
      method: 'notice-only',
      holders,
      nominees: [],
      on: day('2025-01-01'),
    });
    expect(other.pieces.some((p) => a.pieces.some((q) => q.id === p.id))).toBe(false);
    // Ids are manifest cells: never one a spreadsheet could read as a formula (and so escaped).
    expect(a.pieces.every((p) => /^[0-9a-f]{32}$/.test(p.id))).toBe(true);
  });

  it('an election the holder made by request wins over the list: email to the address given, or paper', () => {
    const listedPaper = {
      ...holder({ account_id: 'TA-1', delivery_election: 'paper' }),
      electedByRequest: { election: 'email' as const, email: 'new@example.com' },
    };
    const listedEmail = {
      ...holder({ account_id: 'TA-2', ...email }),
      electedByRequest: { election: 'paper' as const },
    };
    const plan = planDistribution({
      meetingId: 'm',
      method: 'mixed',
      holders: [listedPaper, listedEmail],
      nominees: [],
      on: day('2025-01-01'),
    });
    const of = (a: string) => plan.pieces.find((p) => p.accounts.includes(a))!;
    expect(of('TA-1')).toMatchObject({ channel: 'email', content: 'full-set', email: 'new@example.com' });
    expect(of('TA-2')).toMatchObject({ channel: 'mail', content: 'full-set' });
  });
});
