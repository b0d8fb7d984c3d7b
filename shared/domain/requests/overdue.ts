import { Temporal, compareDates } from '../calendar/dates.js';
import { nextBusinessDay } from '../calendar/business-days.js';
import type { StockholderRequest } from './use-cases.js';

export type Urgency = 'overdue' | 'due-within-one-business-day' | 'on-time' | 'fulfilled' | 'no-due-day';

/**
 * Where a request stands against its due day, on a day in the issuer's time zone: past it and not
 * fulfilled is overdue; due today or on the next business day is flagged (Rule 14a-16(j)(3)'s three
 * business days leave no slack to lose).
 */
export function urgency(r: Pick<StockholderRequest, 'status' | 'dueBy'>, today: Temporal.PlainDate): Urgency {
  if (r.status === 'fulfilled') return 'fulfilled';
  if (!r.dueBy) return 'no-due-day';
  const due = Temporal.PlainDate.from(r.dueBy);
  if (compareDates(today, due) > 0) return 'overdue';
  if (compareDates(nextBusinessDay(today), due) >= 0) return 'due-within-one-business-day';
  return 'on-time';
}

export interface OverdueFigures {
  readonly open: number;
  readonly overdue: number;
  readonly dueWithinOneBusinessDay: number;
}

export function overdueFigures(
  requests: readonly Pick<StockholderRequest, 'status' | 'dueBy'>[],
  today: Temporal.PlainDate,
): OverdueFigures {
  let open = 0;
  let overdue = 0;
  let soon = 0;
  for (const r of requests) {
    const u = urgency(r, today);
    if (u === 'fulfilled') continue;
    open++;
    if (u === 'overdue') overdue++;
    if (u === 'due-within-one-business-day') soon++;
  }
  return { open, overdue, dueWithinOneBusinessDay: soon };
}
