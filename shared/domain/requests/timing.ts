import { type Temporal, compareDates, type PlainDate } from '../calendar/dates.js';
import { copyRequestDueDate, copyRequestsHonouredUntil, householdingRevocationDeadline } from '../calendar/clocks.js';
import { effectiveReceiptDate, addBusinessDays } from '../calendar/business-days.js';
import type { RequestKind } from './schema.js';

export interface RequestWindowInput {
  readonly kind: RequestKind;
  /** When the request arrived (an instant). */
  readonly received: Temporal.Instant;
  readonly timeZone: string;
  readonly closeOfBusiness: Temporal.PlainTime;
  readonly meetingDate: PlainDate;
  /** The day the materials were first sent (the first distribution); undefined when nothing has gone out yet. */
  readonly firstSent?: PlainDate;
}

export type RequestTiming =
  | { readonly accepted: false; readonly reason: string }
  | {
      readonly accepted: true;
      /** The business day the request counts from (after close of business or on a holiday: the next). */
      readonly countsFrom: string;
      /** The day the company must have sent by; undefined when the rule sets no day count. */
      readonly dueBy?: string;
      readonly basis: string;
    };

/**
 * When a request may be made and by when it must be answered (pure; the issuer's time zone and
 * close of business decide the day a request counts from).
 */
export function requestTiming(input: RequestWindowInput): RequestTiming {
  const { received, timeZone, closeOfBusiness, meetingDate, kind } = input;
  const receipt = effectiveReceiptDate(received, timeZone, closeOfBusiness);
  const localDay = received.toZonedDateTimeISO(timeZone).toPlainDate();
  const countsFrom = receipt.date.toString();
  const copy = kind === 'paper-copy' || kind === 'email-copy';
  if (copy || kind === 'separate-set') {
    if (!input.firstSent || compareDates(localDay, input.firstSent) < 0) {
      return { accepted: false, reason: 'the materials have not been sent yet; requests open on the day they are' };
    }
    // Rule 14a-16(j)(4) (check): requests are honoured for one year after the meeting.
    const until = copyRequestsHonouredUntil(meetingDate);
    if (compareDates(localDay, until) > 0)
      return {
        accepted: false,
        reason: `requests for this meeting's materials closed on ${until} (one year after the meeting)`,
      };
  }
  const afterMeeting = compareDates(localDay, meetingDate) > 0;
  switch (kind) {
    case 'paper-copy':
    case 'email-copy':
      // Rule 14a-16(j)(3): sent within three business days of the request, paper by first-class mail; after the meeting without that clock.
      return afterMeeting
        ? {
            accepted: true,
            countsFrom,
            basis: 'after the meeting: sent promptly, without the three-day requirement (Rule 14a-16(j)(4))',
          }
        : {
            accepted: true,
            countsFrom,
            dueBy: copyRequestDueDate(received, timeZone, closeOfBusiness).toString(),
            basis: 'Rule 14a-16(j)(3): within three business days',
          };
    case 'separate-set':
      // Rule 14a-3(e)(1): a separate copy is delivered promptly on request; proxydesk holds itself to three business days.
      return {
        accepted: true,
        countsFrom,
        dueBy: addBusinessDays(receipt.date, 3).toString(),
        basis: 'Rule 14a-3(e)(1): promptly (proxydesk: within three business days)',
      };
    case 'householding-opt-out':
      // Rule 14a-3(e)(1)(ii)-(iii): individual delivery resumes within 30 days of a revocation.
      return {
        accepted: true,
        countsFrom,
        dueBy: householdingRevocationDeadline(receipt.date).toString(),
        basis: 'Rule 14a-3(e)(1): individual delivery within 30 days of the revocation',
      };
    case 'householding-opt-in':
    case 'permanent-election':
      // Rule 14a-16(j)(4): a permanent election holds for future solicitations until revoked; recorded at once.
      return {
        accepted: true,
        countsFrom,
        basis:
          kind === 'permanent-election'
            ? 'Rule 14a-16(j)(4): recorded for future meetings until revoked'
            : 'Rule 14a-3(e)(1): written consent to householding, recorded',
      };
  }
}
