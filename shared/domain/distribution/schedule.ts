import { compareDates, daysBetween, type PlainDate } from '../calendar/dates.js';
import { meetingNoticeWindow, noticeAndAccessLatestNoticeDate, recordDateWindow } from '../calendar/clocks.js';

export type Method = 'full-set' | 'notice-only' | 'mixed';
export const METHODS: readonly Method[] = ['full-set', 'notice-only', 'mixed'];

/** A run is named by its method; a dry run's figures are kept apart from the run it rehearses. */
export const dryRunId = (method: Method) => `dry-run-${method}`;

export const CHECK_IDS = [
  'record-date-window',
  'not-before-record-date',
  'meeting-notice-window',
  'notice-40-days',
  'materials-posted',
  'notice-complete',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface ScheduleCheck {
  readonly id: CheckId;
  readonly citation: string;
  readonly ok: boolean;
  readonly message: string;
  /**
   * A failed check blocks the run unless overridden with a recorded reason (the run record keeps
   * it). Sending before the record date, with nothing posted, or with an incomplete Notice cannot be
   * overridden: those are fixed by waiting, uploading or completing the meeting's facts.
   */
  readonly overridable: boolean;
  /** Set when a failed, overridable check was overridden. */
  readonly overriddenBecause?: string;
}

export interface ScheduleInput {
  readonly meetingDate: PlainDate;
  readonly recordDate: PlainDate;
  readonly method: Method;
  /** The day the pieces go out (today, or `--as-of` for a rehearsal). */
  readonly sendDate: PlainDate;
  /** Whether the materials are posted on the website (required by the time a Notice goes out). */
  readonly materialsPosted: boolean;
  /** Failed checks to let through, each with the reason recorded. */
  readonly overrides?: Readonly<Partial<Record<CheckId, string>>>;
}

export interface Schedule {
  readonly sendDate: string;
  readonly checks: ScheduleCheck[];
  /** True when a failed check is not overridden: nothing may be sent. */
  readonly blocked: boolean;
}

const fmtDays = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/**
 * The timing checks that gate a distribution. A Notice (notice only, or the notice share of a
 * mixed run) must leave 40 days before the meeting, which can never happen when the record date is
 * itself later than that, since nothing is sent before the record date.
 */
export function checkSchedule(input: ScheduleInput): Schedule {
  const { meetingDate: meeting, recordDate: record, sendDate: send, method } = input;
  const checks: Omit<ScheduleCheck, 'overriddenBecause'>[] = [];

  // DGCL §213(a): the record date is 10 to 60 days before the meeting.
  const recordWindow = recordDateWindow(meeting);
  const recordLead = daysBetween(record, meeting);
  checks.push({
    id: 'record-date-window',
    citation: 'DGCL §213(a)',
    ok: compareDates(record, recordWindow.earliest) >= 0 && compareDates(record, recordWindow.latest) <= 0,
    message: `the record date ${record} is ${fmtDays(recordLead)} before the meeting on ${meeting} (allowed: 10 to 60)`,
    overridable: true,
  });

  // The list is the record-date list: nothing goes out before the record date.
  checks.push({
    id: 'not-before-record-date',
    citation: 'DGCL §213(a) (the holders entitled to notice are those of record on the record date)',
    ok: compareDates(send, record) >= 0,
    message:
      compareDates(send, record) >= 0
        ? `sending on ${send}, on or after the record date ${record}`
        : `sending on ${send} is before the record date ${record}; the holder list is not final`,
    overridable: false,
  });

  // DGCL §222(b): notice of the meeting goes out 10 to 60 days before it.
  const noticeWindow = meetingNoticeWindow(meeting);
  const lead = daysBetween(send, meeting);
  checks.push({
    id: 'meeting-notice-window',
    citation: 'DGCL §222(b)',
    ok: compareDates(send, noticeWindow.earliest) >= 0 && compareDates(send, noticeWindow.latest) <= 0,
    message: `sending on ${send} is ${fmtDays(lead)} before the meeting (allowed: 10 to 60)`,
    overridable: true,
  });

  if (method !== 'full-set') {
    // Rule 14a-16(a)(1): the Notice of Internet Availability goes out 40 calendar days or more before the meeting.
    const latest = noticeAndAccessLatestNoticeDate(meeting);
    // Nothing is sent before the record date, so a record date after the latest Notice date rules notice and access out.
    const never = compareDates(record, latest) > 0;
    const ok = !never && compareDates(send, latest) <= 0;
    checks.push({
      id: 'notice-40-days',
      citation: 'Rule 14a-16(a)(1)',
      ok,
      message: ok
        ? `the Notice goes out on ${send}, by ${latest} (40 days before the meeting)`
        : never
          ? `notice and access is impossible for this meeting: the record date ${record} is only ${fmtDays(recordLead)} ` +
            `before the meeting, and the Notice must go out by ${latest} (40 days before); nothing is sent before the record date. Use full-set delivery`
          : `the Notice would go out on ${send}, ${fmtDays(lead)} before the meeting; it must go out by ${latest} (40 days before). Use full-set delivery`,
      overridable: true,
    });
  }
  // Rule 14a-16(b)(1) and (n): the materials are on the website by the time anything is sent, full set included.
  checks.push({
    id: 'materials-posted',
    citation: method === 'full-set' ? 'Rule 14a-16(n)' : 'Rule 14a-16(b)(1)',
    ok: input.materialsPosted,
    message: input.materialsPosted
      ? 'the materials are posted on the website'
      : 'no materials are posted yet; upload them (materials upload) before anything is sent',
    overridable: false,
  });

  const done = checks.map((c): ScheduleCheck => {
    const reason = input.overrides?.[c.id];
    return !c.ok && c.overridable && reason ? { ...c, overriddenBecause: reason } : c;
  });
  return { sendDate: send.toString(), checks: done, blocked: done.some((c) => !c.ok && !c.overriddenBecause) };
}
