import { Temporal, compareDates } from '../calendar/dates.js';
import { nextBusinessDay } from '../calendar/business-days.js';
import { copyRequestsHonouredUntil } from '../calendar/clocks.js';
import type { MeetingRepository } from '../meetings/use-cases.js';
import type { StockholderRequest } from './use-cases.js';
import { urgency } from './overdue.js';

export interface CheckDeps {
  readonly meetings: Pick<MeetingRepository, 'list' | 'get'>;
  readonly requests: { list(meetingId: string, opts: { dueBefore?: string }): Promise<StockholderRequest[]> };
  readonly now: () => string;
}

export interface CheckResult {
  readonly checkedMeetings: number;
  readonly overdue: number;
  readonly dueWithinOneBusinessDay: number;
  /** The requests that need attention: ids and due days only. */
  readonly attention: { meetingId: string; requestId: string; kind: string; dueBy: string; urgency: string }[];
}

/**
 * Every meeting whose request window may still be open (up to a year after the meeting, Rule
 * 14a-16(j)(4)): its requests due by the day after the next business day, as seen today in the
 * issuer's time zone, that are not fulfilled.
 */
export async function checkRequests(deps: CheckDeps): Promise<CheckResult> {
  const now = Temporal.Instant.from(deps.now());
  const attention: CheckResult['attention'] = [];
  let checked = 0;
  for (const summary of await deps.meetings.list()) {
    const meeting = await deps.meetings.get(summary.id);
    if (!meeting) continue;
    const today = now.toZonedDateTimeISO(meeting.issuer.timeZone).toPlainDate();
    // A year after the meeting, plus the last requests' three business days.
    if (
      compareDates(today, copyRequestsHonouredUntil(Temporal.PlainDate.from(meeting.meeting.date)).add({ days: 14 })) >
      0
    )
      continue;
    checked++;
    const horizon = nextBusinessDay(today).add({ days: 1 }).toString(); // due before this: due within one business day, or late
    for (const r of await deps.requests.list(meeting.id, { dueBefore: horizon })) {
      const u = urgency(r, today);
      if (u === 'overdue' || u === 'due-within-one-business-day')
        attention.push({ meetingId: meeting.id, requestId: r.requestId, kind: r.kind, dueBy: r.dueBy!, urgency: u });
    }
  }
  return {
    checkedMeetings: checked,
    overdue: attention.filter((a) => a.urgency === 'overdue').length,
    dueWithinOneBusinessDay: attention.filter((a) => a.urgency === 'due-within-one-business-day').length,
    attention,
  };
}
