import { Temporal } from 'temporal-polyfill';

/**
 * Days are days: calendar dates are Temporal.PlainDate, never a Date at midnight UTC. Instants
 * are read in the issuer's time zone as Temporal.ZonedDateTime.
 */
export type PlainDate = Temporal.PlainDate;
export type ZonedDateTime = Temporal.ZonedDateTime;
export { Temporal };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Parses a strict YYYY-MM-DD calendar date; undefined if malformed or not a real day. */
export function parseDate(text: string): PlainDate | undefined {
  if (!ISO_DATE.test(text)) return undefined;
  try {
    return Temporal.PlainDate.from(text, { overflow: 'reject' });
  } catch {
    return undefined;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether the text is a real day as YYYY-MM-DD: the same answer as `parseDate(text) !== undefined`, by arithmetic
 * (proleptic Gregorian leap years), without building a Temporal date (a per-row check in the vote files).
 */
export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** A day as ISO text, or null for no day (the JSON reports' date fields). */
export const isoOrNull = (d: PlainDate | undefined): string | null => (d ? d.toString() : null);

/** An optional ISO date field (absent, null or empty is no date; a malformed one is no date either). */
export function optionalDate(text: string | null | undefined): PlainDate | undefined {
  return text ? parseDate(text) : undefined;
}

/** Parses an ISO-8601 timestamp that carries an offset (or Z); undefined otherwise. */
export function parseInstant(text: string): Temporal.Instant | undefined {
  try {
    return Temporal.Instant.from(text);
  } catch {
    return undefined;
  }
}

/** True if the IANA time zone is known to the runtime. */
export function isTimeZone(id: string): boolean {
  try {
    Temporal.ZonedDateTime.from({ timeZone: id, year: 2000, month: 1, day: 1 });
    return true;
  } catch {
    return false;
  }
}

/** Parses "HH:MM" (24-hour) local time. */
export function parseLocalTime(text: string): Temporal.PlainTime | undefined {
  return LOCAL_TIME.test(text) ? Temporal.PlainTime.from(text) : undefined;
}

/** The date N calendar days before D (D itself not counted: docs/rules.md "Counting"). */
export function daysBefore(date: PlainDate, days: number): PlainDate {
  return date.subtract({ days });
}

/** The date N calendar days after D. */
export function daysAfter(date: PlainDate, days: number): PlainDate {
  return date.add({ days });
}

/** Signed whole days from a to b (positive when b is later). */
export function daysBetween(a: PlainDate, b: PlainDate): number {
  return a.until(b, { largestUnit: 'days' }).days;
}

/** The anniversary one year later; 29 February maps to 28 February in a common year. */
export function anniversary(date: PlainDate): PlainDate {
  return date.add({ years: 1 }, { overflow: 'constrain' });
}

export function isLeapDay(date: PlainDate): boolean {
  return date.month === 2 && date.day === 29;
}

export function laterOf(a: PlainDate, b: PlainDate): PlainDate {
  return Temporal.PlainDate.compare(a, b) >= 0 ? a : b;
}

export function earlierOf(a: PlainDate, b: PlainDate): PlainDate {
  return Temporal.PlainDate.compare(a, b) <= 0 ? a : b;
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return Temporal.PlainDate.compare(a, b);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "June 20, 2024". */
export const monthDayYear = (d: PlainDate): string => `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`;

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export function weekdayName(date: PlainDate): string {
  return WEEKDAYS[date.dayOfWeek - 1] ?? '';
}

/** The instant at a local wall-clock time on a date in a time zone (later instant on DST overlaps). */
export function atLocalTime(date: PlainDate, time: Temporal.PlainTime, timeZone: string): ZonedDateTime {
  return date.toZonedDateTime({ timeZone, plainTime: time });
}

/** The last instant of a local day. */
export function endOfLocalDay(date: PlainDate, timeZone: string): ZonedDateTime {
  return date.add({ days: 1 }).toZonedDateTime({ timeZone }).subtract({ nanoseconds: 1 });
}

const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/** "2025-02-05 16:59 PST"-style rendering for messages. */
export function formatLocal(zdt: ZonedDateTime): string {
  let format = zoneNameFormats.get(zdt.timeZoneId);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zdt.timeZoneId, timeZoneName: 'short' });
    zoneNameFormats.set(zdt.timeZoneId, format);
  }
  const zoneName =
    format.formatToParts(new Date(zdt.epochMilliseconds)).find((p) => p.type === 'timeZoneName')?.value ??
    zdt.timeZoneId;
  const hh = String(zdt.hour).padStart(2, '0');
  const mm = String(zdt.minute).padStart(2, '0');
  const ss = zdt.second || zdt.millisecond ? `:${String(zdt.second).padStart(2, '0')}` : '';
  return `${zdt.toPlainDate().toString()} ${hh}:${mm}${ss} ${zoneName}`;
}
