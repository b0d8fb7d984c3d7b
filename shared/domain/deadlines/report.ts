import type { DeadlineParams } from './schema.js';

/** The citations printed beside each deadline and warning. */
export const CITATIONS = {
  rule14a8: 'Rule 14a-8(e)(2)',
  rule14a5f: 'Rule 14a-5(f)',
  advanceNotice: 'Bylaws (advance notice of stockholder business and nominations)',
  rule14a19: 'Rule 14a-19(b)(1)',
  rule14a19Solicit: 'Rule 14a-19(a)(3)',
  slb14: 'SEC Staff Legal Bulletin 14',
} as const;

export interface Warning {
  readonly code:
    | 'NON_BUSINESS_DAY'
    | 'EARLIER_RULE_GOVERNS'
    | 'MEETING_MOVED'
    | 'NO_PRIOR_MEETING'
    | 'NEXT_MEETING_UNKNOWN'
    | 'ANNOUNCEMENT_UNKNOWN'
    | 'LEAP_DAY_ANNIVERSARY'
    | 'TIME_ZONE_DEFAULTED';
  readonly message: string;
  readonly citation?: string;
}

export type Governing = 'anniversary' | 'moved-meeting' | 'no-prior-meeting';

export interface Rule14a8Deadline {
  readonly deadline: string | null;
  readonly receivedBy: 'end of day';
  readonly citation: string;
  readonly basis: string;
}

export interface AdvanceNoticeWindow {
  readonly opens: string | null;
  readonly closes: string | null;
  readonly atTime: 'close of business';
  readonly governing: Governing;
  readonly citation: string;
  readonly basis: string;
  /** The alternative the bylaws give for a meeting moved beyond the thresholds (or no meeting last year). */
  readonly movedMeeting: { readonly opens: string | null; readonly closes: string | null; readonly rule: string };
}

export interface Rule14a19Deadline {
  readonly deadline: string | null;
  readonly receivedBy: 'end of day';
  readonly governing: Governing;
  readonly citation: string;
  readonly basis: string;
  readonly solicitationCondition: { readonly text: string; readonly citation: string };
}

/** What `computeDeadlines` returns: the JSON the CLI (`--json`) and GET /deadlines print, key order included. */
export interface DeadlineReport {
  readonly inputs: {
    readonly priorMeeting: string | null;
    readonly priorRelease: string | null;
    readonly nextMeeting: string | null;
    readonly announced: string | null;
    readonly timeZone: string;
    readonly closeOfBusiness: string;
    readonly bylaws: DeadlineParams['bylaws'];
  };
  readonly anniversaries: { readonly priorMeeting: string | null; readonly priorRelease: string | null };
  /** Calendar days from the prior meeting's anniversary to the next meeting (negative = earlier). */
  readonly daysFromAnniversary: number | null;
  readonly rule14a8: Rule14a8Deadline;
  readonly advanceNotice: AdvanceNoticeWindow;
  readonly rule14a19: Rule14a19Deadline;
  readonly warnings: readonly Warning[];
}
