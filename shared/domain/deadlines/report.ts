import type { DeadlineParams, Rule14a19Basis, RollPolicy } from './schema.js';

/** The citations printed beside each deadline and warning. */
export const CITATIONS = {
  rule14a8: 'Rule 14a-8(e)(2)',
  rule14a5f: 'Rule 14a-5(f)',
  advanceNotice: 'Bylaws (advance notice of stockholder business and nominations)',
  nominations: 'Bylaws (advance notice of director nominations)',
  issuerRoll: 'Issuer convention (weekend and holiday roll)',
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

/** A deadline moved off a weekend or holiday by the issuer's convention: the date as counted and the date printed. */
export interface Roll {
  readonly from: string;
  readonly to: string;
  readonly policy: Exclude<RollPolicy, 'none'>;
  /** Why `from` is not a business day: "a Sunday", "a federal holiday (Memorial Day)". */
  readonly reason: string;
  readonly citation: string;
  readonly note: string;
}

export interface AdvanceNoticeWindow {
  readonly opens: string | null;
  /** The closing date as printed: counted, then rolled if the issuer rolls bylaw dates (closesRolled). */
  readonly closes: string | null;
  readonly atTime: 'close of business';
  readonly governing: Governing;
  readonly citation: string;
  readonly basis: string;
  /** The alternative the bylaws give for a meeting moved beyond the thresholds (or no meeting last year), as counted. */
  readonly movedMeeting: { readonly opens: string | null; readonly closes: string | null; readonly rule: string };
  /** Set when the closing date fell on a weekend or holiday and was rolled; null otherwise. */
  readonly closesRolled: Roll | null;
}

/** The bylaw window for director nominations: its own day counts, or (separate: false) the advance-notice window. */
export interface NominationWindow extends AdvanceNoticeWindow {
  readonly separate: boolean;
}

export interface Rule14a19Deadline {
  /** The date as printed: the rule's (rolled if the issuer rolls it), or with setBy "bylaw" the bylaw nomination close. */
  readonly deadline: string | null;
  /** End of the local day for the rule's date; close of business for a bylaw date. */
  readonly receivedBy: 'end of day' | 'close of business';
  readonly governing: Governing;
  readonly citation: string;
  readonly basis: string;
  readonly solicitationCondition: { readonly text: string; readonly citation: string };
  /** rule: Rule 14a-19(b)(1)'s own date; bylaw: the issuer ties the notice to the bylaw nomination deadline. */
  readonly setBy: Rule14a19Basis;
  /** The date Rule 14a-19(b)(1) itself gives (after any roll); equal to deadline when setBy is "rule". */
  readonly ruleDeadline: string | null;
  /** Set when the deadline fell on a weekend or holiday and was rolled; null otherwise. */
  readonly rolled: Roll | null;
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
  readonly nominations: NominationWindow;
  readonly rule14a19: Rule14a19Deadline;
  readonly warnings: readonly Warning[];
}
