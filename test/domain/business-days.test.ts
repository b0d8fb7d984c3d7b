import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
  addBusinessDays,
  effectiveReceiptDate,
  federalHoliday,
  isBusinessDay,
  subtractBusinessDays,
} from '../../shared/domain/calendar/business-days.js';
import { copyRequestDueDate } from '../../shared/domain/calendar/clocks.js';

const d = (s: string) => Temporal.PlainDate.from(s);
const at = (s: string) => Temporal.Instant.from(s);
const FIVE_PM = Temporal.PlainTime.from('17:00');

describe('business days (5 U.S.C. §6103 holidays, Rule 14d-1(g)(3) definition)', () => {
  it.each([
    ['2025-06-19', 'Juneteenth, a Thursday'],
    ['2027-06-18', 'Juneteenth 2027 falls on a Saturday and is observed the Friday before'],
    ['2026-07-03', 'Independence Day 2026 falls on a Saturday and is observed Friday 3 July'],
    ['2021-12-31', 'New Year 2022 falls on a Saturday and is observed Friday 31 December 2021'],
    ['2025-11-27', 'Thanksgiving 2025'],
    ['2024-05-27', 'Memorial Day 2024'],
  ])('%s is not a business day (%s)', (date) => {
    expect(isBusinessDay(d(date))).toBe(false);
    expect(federalHoliday(d(date))).toBeTruthy();
  });

  it('weekends are not business days and ordinary weekdays are', () => {
    expect(isBusinessDay(d('2025-03-22'))).toBe(false); // Saturday
    expect(isBusinessDay(d('2025-03-23'))).toBe(false); // Sunday
    expect(isBusinessDay(d('2025-03-21'))).toBe(true); // Friday
    expect(isBusinessDay(d('2025-06-18'))).toBe(true); // the Wednesday before Juneteenth
  });

  it('Form 8-K results for the 20 June 2024 meeting are due four business days later, 26 June', () => {
    expect(addBusinessDays(d('2024-06-20'), 4).toString()).toBe('2024-06-26');
  });

  it('20 business days before the 30 May 2024 record date skips Memorial Day and lands on 1 May', () => {
    expect(subtractBusinessDays(d('2024-05-30'), 20).toString()).toBe('2024-05-01');
  });

  it('adding zero business days keeps the date; negative counts are refused', () => {
    expect(addBusinessDays(d('2025-03-22'), 0).toString()).toBe('2025-03-22');
    expect(() => addBusinessDays(d('2025-03-22'), -1)).toThrow(RangeError);
  });
});

describe('copy requests are fulfilled within three business days (Rule 14a-16(j)(3))', () => {
  const LA = 'America/Los_Angeles';
  const NY = 'America/New_York';

  it('a paper request received Monday 16:59 Pacific is due Thursday', () => {
    expect(copyRequestDueDate(at('2025-03-10T16:59:00-07:00'), LA, FIVE_PM).toString()).toBe('2025-03-13');
  });

  it('a request received at 17:00 exactly counts from the next business day and is due Friday', () => {
    expect(copyRequestDueDate(at('2025-03-10T17:00:00-07:00'), LA, FIVE_PM).toString()).toBe('2025-03-14');
  });

  it('a paper request received Friday after 17:00 is due the following Thursday', () => {
    expect(copyRequestDueDate(at('2025-03-07T17:30:00-08:00'), LA, FIVE_PM).toString()).toBe('2025-03-13');
  });

  it('a request received on a Saturday counts from Monday', () => {
    const receipt = effectiveReceiptDate(at('2025-03-08T10:00:00-08:00'), LA, FIVE_PM);
    expect(receipt.date.toString()).toBe('2025-03-10');
    expect(receipt.deferred).toBe(true);
  });

  it('Thanksgiving inside the three days pushes the due date to Friday 28 November 2025', () => {
    // Friday 21 Nov after close → Monday 24; Tue 25, Wed 26, (Thu 27 holiday), Fri 28.
    expect(copyRequestDueDate(at('2025-11-21T18:00:00-08:00'), LA, FIVE_PM).toString()).toBe('2025-11-28');
  });

  it('the same instant is before close in Pacific time and after close in Eastern time', () => {
    const instant = at('2025-03-10T16:30:00-07:00'); // 19:30 in New York
    expect(copyRequestDueDate(instant, LA, FIVE_PM).toString()).toBe('2025-03-13');
    expect(copyRequestDueDate(instant, NY, FIVE_PM).toString()).toBe('2025-03-14');
  });

  it('close of business is the issuer’s: with 18:00, a 17:30 request counts the same day', () => {
    expect(copyRequestDueDate(at('2025-03-10T17:30:00-07:00'), LA, Temporal.PlainTime.from('18:00')).toString()).toBe(
      '2025-03-13',
    );
  });
});
