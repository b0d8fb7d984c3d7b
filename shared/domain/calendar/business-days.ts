import fedHolidays from '@18f/us-federal-holidays';
import { Temporal, type PlainDate, type ZonedDateTime } from './dates.js';

/**
 * Business days: every day but Saturday, Sunday and a US federal holiday as observed
 * (5 U.S.C. §6103; the definition of Rule 14d-1(g)(3), which Regulation 14A lacks).
 * Holidays come from @18f/us-federal-holidays (maintained; Juneteenth since 2021; weekend
 * holidays shifted to the observed Friday/Monday).
 */
const holidaysByYear = new Map<number, Map<string, string>>();

function holidaysObservedIn(year: number): Map<string, string> {
  let found = holidaysByYear.get(year);
  if (!found) {
    found = new Map();
    // A New Year's Day on Saturday is observed on 31 December of the year before, so the
    // following year's list can hold a date of this year.
    for (const y of [year, year + 1]) {
      for (const h of fedHolidays.allForYear(y)) {
        if (h.dateString.startsWith(`${year}-`)) found.set(h.dateString, h.name);
      }
    }
    holidaysByYear.set(year, found);
  }
  return found;
}

/** The federal holiday observed on the date (its name), if any — 5 U.S.C. §6103. */
export function federalHoliday(date: PlainDate): string | undefined {
  return holidaysObservedIn(date.year).get(date.toString());
}

export function isWeekend(date: PlainDate): boolean {
  return date.dayOfWeek >= 6;
}

/** Rule 14d-1(g)(3): a business day is not a Saturday, Sunday or federal holiday. */
export function isBusinessDay(date: PlainDate): boolean {
  return !isWeekend(date) && federalHoliday(date) === undefined;
}

/** Why a date is not a business day ("a Saturday", "Juneteenth National Independence Day"), or undefined. */
export function nonBusinessDayReason(date: PlainDate): string | undefined {
  if (date.dayOfWeek === 6) return 'a Saturday';
  if (date.dayOfWeek === 7) return 'a Sunday';
  const holiday = federalHoliday(date);
  return holiday ? `a federal holiday (${holiday})` : undefined;
}

/** The first business day strictly after the date. */
export function nextBusinessDay(date: PlainDate): PlainDate {
  let d = date.add({ days: 1 });
  while (!isBusinessDay(d)) d = d.add({ days: 1 });
  return d;
}

/** The last business day strictly before the date. */
export function previousBusinessDay(date: PlainDate): PlainDate {
  let d = date.subtract({ days: 1 });
  while (!isBusinessDay(d)) d = d.subtract({ days: 1 });
  return d;
}

/** "Within N business days after": start on the next day and count only business days (docs/rules.md "Counting"). */
export function addBusinessDays(date: PlainDate, n: number): PlainDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, got ${n}`);
  let d = date;
  for (let i = 0; i < n; i++) d = nextBusinessDay(d);
  return d;
}

/** "At least N business days before": count back over business days only. */
export function subtractBusinessDays(date: PlainDate, n: number): PlainDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`business days must be a whole number ≥ 0, got ${n}`);
  let d = date;
  for (let i = 0; i < n; i++) d = previousBusinessDay(d);
  return d;
}

/**
 * The business day a request counts as received: its local date in the issuer's time zone, or the
 * next business day if it arrived at or after close of business or on a non-business day
 * (docs/rules.md "Counting": conservative reading, marked (check)).
 */
export function effectiveReceiptDate(
  received: Temporal.Instant,
  timeZone: string,
  closeOfBusiness: Temporal.PlainTime,
): { local: ZonedDateTime; date: PlainDate; deferred: boolean } {
  const local = received.toZonedDateTimeISO(timeZone);
  const day = local.toPlainDate();
  const afterClose = Temporal.PlainTime.compare(local.toPlainTime(), closeOfBusiness) >= 0;
  if (isBusinessDay(day) && !afterClose) return { local, date: day, deferred: false };
  return { local, date: nextBusinessDay(day), deferred: true };
}
