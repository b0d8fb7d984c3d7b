import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  brokerDiscretionaryVoteDate,
  companyNomineeNoticeDeadline,
  copyRequestsHonouredUntil,
  dissidentDefinitiveProxyDeadline,
  earliestProxyCardAfterNotice,
  householdingRevocationDeadline,
  impliedConsentEarliestStart,
  meetingNoticeWindow,
  meetingTimeline,
  noticeAndAccessLatestNoticeDate,
  recordDateWindow,
} from '../../shared/domain/calendar/clocks.js';

const d = (s: string) => Temporal.PlainDate.from(s);
const SEED_MEETING = d('2024-06-20');
const SEED_RECORD = d('2024-05-30');

describe('meeting clocks for the seed meeting (20 June 2024, record date 30 May 2024)', () => {
  it('a notice-only Notice would have had to go out by 11 May 2024, 40 days ahead (Rule 14a-16(a)(1))', () => {
    expect(noticeAndAccessLatestNoticeDate(SEED_MEETING).toString()).toBe('2024-05-11');
  });

  it('the record date must fall between 21 April and 10 June 2024 (DGCL §213(a)); 30 May does', () => {
    const w = recordDateWindow(SEED_MEETING);
    expect([w.earliest.toString(), w.latest.toString()]).toEqual(['2024-04-21', '2024-06-10']);
    expect(Temporal.PlainDate.compare(SEED_RECORD, w.earliest)).toBeGreaterThan(0);
    expect(Temporal.PlainDate.compare(SEED_RECORD, w.latest)).toBeLessThan(0);
  });

  it('the notice of meeting goes out between 21 April and 10 June 2024 (DGCL §222(b))', () => {
    const w = meetingNoticeWindow(SEED_MEETING);
    expect([w.earliest.toString(), w.latest.toString()]).toEqual(['2024-04-21', '2024-06-10']);
  });

  it('brokers may vote routine matters uninstructed from 10 June 2024 (NYSE Rule 452)', () => {
    expect(brokerDiscretionaryVoteDate(SEED_MEETING).toString()).toBe('2024-06-10');
  });

  it('copy requests are honoured until the first anniversary, 20 June 2025', () => {
    expect(copyRequestsHonouredUntil(SEED_MEETING).toString()).toBe('2025-06-20');
  });

  it('the timeline lists every clock in date order with its citation', () => {
    const t = meetingTimeline(SEED_MEETING, SEED_RECORD);
    expect(t.map((e) => e.date)).toEqual([...t.map((e) => e.date)].sort());
    expect(t.find((e) => e.key === 'brokerSearchCards')).toMatchObject({
      date: '2024-05-01',
      citation: 'Rule 14a-13(a)(1)',
    });
    expect(t.find((e) => e.key === 'form8kResults')).toMatchObject({
      date: '2024-06-26',
      citation: 'Form 8-K Item 5.07',
    });
    expect(t.every((e) => e.citation.length > 0)).toBe(true);
  });
});

describe('householding and proxy-contest clocks', () => {
  it('implied consent needs 60 days: a notice sent 1 March 2025 allows householding from 30 April', () => {
    expect(impliedConsentEarliestStart(d('2025-03-01')).toString()).toBe('2025-04-30');
  });

  it('after a revocation on 15 January 2025 individual delivery resumes by 14 February', () => {
    expect(householdingRevocationDeadline(d('2025-01-15')).toString()).toBe('2025-02-14');
  });

  it('a proxy card may follow a Notice sent 1 May 2025 from 11 May', () => {
    expect(earliestProxyCardAfterNotice(d('2025-05-01')).toString()).toBe('2025-05-11');
  });

  it('the dissident files by the later of 25 days before the meeting and 5 days after the company', () => {
    expect(dissidentDefinitiveProxyDeadline(d('2025-06-20'), d('2025-05-01')).toString()).toBe('2025-05-26');
    expect(dissidentDefinitiveProxyDeadline(d('2025-06-20'), d('2025-05-25')).toString()).toBe('2025-05-30');
  });

  it('the company names its nominees 50 days before the anniversary: 1 May 2025 for the seed', () => {
    expect(companyNomineeNoticeDeadline(SEED_MEETING).toString()).toBe('2025-05-01');
  });
});
