import { Temporal, daysAfter, daysBefore, laterOf, anniversary, type PlainDate } from './dates.js';
import { addBusinessDays, effectiveReceiptDate, subtractBusinessDays } from './business-days.js';

/**
 * The other clocks of an annual meeting (docs/rules.md "Notice and access", "Householding",
 * "Other clocks"). Each is a pure function of dates; later issues compose them.
 */

/** Rule 14a-16(a)(1): the Notice of Internet Availability goes out 40 calendar days or more before the meeting. */
export function noticeAndAccessLatestNoticeDate(meeting: PlainDate): PlainDate {
  return daysBefore(meeting, 40);
}

/** Rule 14a-16(j)(3): a requested paper or email copy is sent within three business days of the request. */
export function copyRequestDueDate(
  received: Temporal.Instant,
  timeZone: string,
  closeOfBusiness: Temporal.PlainTime,
): PlainDate {
  return addBusinessDays(effectiveReceiptDate(received, timeZone, closeOfBusiness).date, 3);
}

/** Rule 14a-16(j)(4) (check): copy requests are honoured for one year after the meeting. */
export function copyRequestsHonouredUntil(meeting: PlainDate): PlainDate {
  return anniversary(meeting);
}

/** Rule 14a-16(f)(2) (check): a proxy card may follow the Notice after 10 or more calendar days. */
export function earliestProxyCardAfterNotice(noticeSent: PlainDate): PlainDate {
  return daysAfter(noticeSent, 10);
}

/** DGCL §213(a): the record date is not more than 60 nor less than 10 days before the meeting. */
export function recordDateWindow(meeting: PlainDate): { earliest: PlainDate; latest: PlainDate } {
  return { earliest: daysBefore(meeting, 60), latest: daysBefore(meeting, 10) };
}

/** DGCL §222(b): notice of the meeting goes out not less than 10 nor more than 60 days before it. */
export function meetingNoticeWindow(meeting: PlainDate): { earliest: PlainDate; latest: PlainDate } {
  return { earliest: daysBefore(meeting, 60), latest: daysBefore(meeting, 10) };
}

/** Rule 14a-13(a)(1): broker search cards go out at least 20 business days before the record date. */
export function brokerSearchCardDate(recordDate: PlainDate): PlainDate {
  return subtractBusinessDays(recordDate, 20);
}

/** Form 8-K Item 5.07: voting results are filed within four business days after the meeting ends. */
export function form8kResultsDueDate(meeting: PlainDate): PlainDate {
  return addBusinessDays(meeting, 4);
}

/** NYSE Rule 452: brokers may vote uninstructed shares on routine matters from the 10th day before the meeting. */
export function brokerDiscretionaryVoteDate(meeting: PlainDate): PlainDate {
  return daysBefore(meeting, 10);
}

/** Rule 14a-3(e)(1)(ii): implied householding consent needs a notice sent at least 60 days before householding starts. */
export function impliedConsentEarliestStart(noticeSent: PlainDate): PlainDate {
  return daysAfter(noticeSent, 60);
}

/** Rule 14a-3(e)(1)(ii) (check): after a revocation, individual delivery resumes within 30 days. */
export function householdingRevocationDeadline(revoked: PlainDate): PlainDate {
  return daysAfter(revoked, 30);
}

/** Rule 14a-19(a)(2): the dissident files its definitive proxy by the later of 25 days before the meeting and 5 days after the company files its own. */
export function dissidentDefinitiveProxyDeadline(meeting: PlainDate, companyDefinitiveFiled: PlainDate): PlainDate {
  return laterOf(daysBefore(meeting, 25), daysAfter(companyDefinitiveFiled, 5));
}

/** Rule 14a-19(d) (check): the company names its nominees to the dissident 50 days before the anniversary of the prior meeting. */
export function companyNomineeNoticeDeadline(priorMeeting: PlainDate): PlainDate {
  return daysBefore(anniversary(priorMeeting), 50);
}

export interface TimelineEntry {
  readonly key: string;
  readonly label: string;
  readonly date: string;
  readonly citation: string;
}

/** The dated clocks of one meeting, in date order, each with its citation. */
export function meetingTimeline(meeting: PlainDate, recordDate: PlainDate): TimelineEntry[] {
  const window = recordDateWindow(meeting);
  const notice = meetingNoticeWindow(meeting);
  const entries: TimelineEntry[] = [
    {
      key: 'brokerSearchCards',
      label: 'Broker search cards sent by',
      date: brokerSearchCardDate(recordDate).toString(),
      citation: 'Rule 14a-13(a)(1)',
    },
    {
      key: 'recordDateEarliest',
      label: 'Earliest valid record date',
      date: window.earliest.toString(),
      citation: 'DGCL §213(a)',
    },
    {
      key: 'recordDateLatest',
      label: 'Latest valid record date',
      date: window.latest.toString(),
      citation: 'DGCL §213(a)',
    },
    {
      key: 'meetingNoticeEarliest',
      label: 'Notice of meeting sent no earlier than',
      date: notice.earliest.toString(),
      citation: 'DGCL §222(b)',
    },
    {
      key: 'meetingNoticeLatest',
      label: 'Notice of meeting sent no later than',
      date: notice.latest.toString(),
      citation: 'DGCL §222(b)',
    },
    {
      key: 'noticeAndAccessLatest',
      label: 'Notice of Internet Availability sent by (notice only)',
      date: noticeAndAccessLatestNoticeDate(meeting).toString(),
      citation: 'Rule 14a-16(a)(1)',
    },
    {
      key: 'brokerDiscretionaryVote',
      label: 'Brokers may vote uninstructed routine matters from',
      date: brokerDiscretionaryVoteDate(meeting).toString(),
      citation: 'NYSE Rule 452',
    },
    { key: 'meeting', label: 'Meeting', date: meeting.toString(), citation: 'Meeting file' },
    {
      key: 'form8kResults',
      label: 'Form 8-K voting results due',
      date: form8kResultsDueDate(meeting).toString(),
      citation: 'Form 8-K Item 5.07',
    },
    {
      key: 'copyRequestsHonoured',
      label: 'Copy requests honoured until',
      date: copyRequestsHonouredUntil(meeting).toString(),
      citation: 'Rule 14a-16(j)(4)',
    },
  ];
  return entries.sort((a, b) => Temporal.PlainDate.compare(a.date, b.date));
}
