import { NotAcceptedError } from '../errors.js';
import { Temporal, formatLocal, parseDate, parseLocalTime, type ZonedDateTime } from '../calendar/dates.js';
import type { MeetingFile } from '../meetings/schema.js';
import type { Channel } from './ballot.js';

/**
 * Voting cut-offs per channel, read in the issuer's time zone (docs/voting.md). A cut-off names a
 * minute ("until 11:59 pm Pacific"): a vote during that minute is in time, from the next minute it is late.
 */

export interface Cutoff {
  readonly channel: Channel;
  /** The named minute, in the issuer's time zone. */
  readonly at: ZonedDateTime;
  /** "11:59 pm Pacific on 2024-06-19". */
  readonly label: string;
  /** Where it comes from: the meeting file, or the polls closing at the meeting's start (the default). */
  readonly source: 'meeting file' | 'polls close';
}

const CHANNEL_NAMES: Record<Channel, string> = {
  internet: 'internet voting',
  phone: 'telephone voting',
  mail: 'mailed cards',
};

/** The issuer-local date-time "YYYY-MM-DDTHH:MM" in a time zone (the later instant on a DST overlap). */
function localDateTime(text: string, timeZone: string): ZonedDateTime {
  const date = parseDate(text.slice(0, 10));
  const time = parseLocalTime(text.slice(11));
  if (!date || !time) throw new Error(`not an issuer-local date-time: ${text}`);
  return date.toZonedDateTime({ timeZone, plainTime: time });
}

/** The generic zone name ("Pacific"), as proxy statements print it. */
function zoneLabel(zdt: ZonedDateTime): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zdt.timeZoneId,
    timeZoneName: 'longGeneric',
  }).formatToParts(new Date(zdt.epochMilliseconds));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? zdt.timeZoneId;
  return name.replace(/ Time$/, '');
}

/** "11:59 pm Pacific on 2024-06-19". */
export function cutoffLabel(zdt: ZonedDateTime): string {
  const h12 = zdt.hour % 12 === 0 ? 12 : zdt.hour % 12;
  const mm = String(zdt.minute).padStart(2, '0');
  return `${h12}:${mm} ${zdt.hour < 12 ? 'am' : 'pm'} ${zoneLabel(zdt)} on ${zdt.toPlainDate().toString()}`;
}

/**
 * When the polls close, in the issuer's time zone: the meeting file's `voting.pollsClose` (the time the chair
 * announces), else the meeting's start. DGCL §231(c): no ballot, proxy or revocation is accepted after the polls close.
 */
export function pollsClose(meeting: MeetingFile): ZonedDateTime {
  const at = meeting.voting?.pollsClose ?? `${meeting.meeting.date}T${meeting.meeting.time}`;
  return localDateTime(at, meeting.issuer.timeZone);
}

/** A channel's cut-off: the meeting file's, or when the polls close (mailed cards, and any channel the file leaves open). */
export function cutoffFor(meeting: MeetingFile, channel: Channel): Cutoff {
  const text = meeting.voting?.cutoffs[channel];
  const at = text ? localDateTime(text, meeting.issuer.timeZone) : pollsClose(meeting);
  return { channel, at, label: cutoffLabel(at), source: text ? 'meeting file' : 'polls close' };
}

/** The first instant after a cut-off: the end of its named minute (the minute itself is in time). */
export const lateFrom = (cutoff: Cutoff): Temporal.Instant => cutoff.at.add({ minutes: 1 }).toInstant();

/** True when an instant falls within the channel's time: up to the end of the cut-off's named minute. */
export function inTime(cutoff: Cutoff, at: Temporal.Instant): boolean {
  return Temporal.Instant.compare(at, lateFrom(cutoff)) < 0;
}

/** Refuses a vote received after its channel's cut-off, naming the cut-off (the seed: the statement's time governs). */
export function checkCutoff(meeting: MeetingFile, channel: Channel, at: Temporal.Instant): void {
  const cutoff = cutoffFor(meeting, channel);
  if (!inTime(cutoff, at)) {
    throw new NotAcceptedError(
      `not accepted: ${CHANNEL_NAMES[channel]} closed at ${cutoff.label}; received ${formatLocal(at.toZonedDateTimeISO(meeting.issuer.timeZone))}`,
    );
  }
}

/** Warnings about the meeting file's voting times (e.g. a card that prints a different cut-off than the statement). */
export function votingWarnings(meeting: MeetingFile): string[] {
  const warnings: string[] = [];
  const printed = meeting.voting?.cardPrintedCutoff;
  if (printed) {
    const card = localDateTime(printed, meeting.issuer.timeZone);
    for (const channel of ['internet', 'phone'] as const) {
      const cutoff = cutoffFor(meeting, channel);
      if (!card.equals(cutoff.at))
        warnings.push(
          `the proxy card prints ${cutoffLabel(card)} for ${CHANNEL_NAMES[channel]}; the proxy statement's ` +
            `${cutoff.label} governs and is the cut-off applied`,
        );
    }
  }
  return warnings;
}
