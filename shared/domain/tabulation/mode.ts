import { Temporal } from '../calendar/dates.js';
import { ConflictError } from '../errors.js';
import type { MeetingFile } from '../meetings/schema.js';
import { cutoffLabel, pollsClose } from '../voting/cutoffs.js';

/**
 * Which tally a reader gets (docs/tabulation.md "Results over HTTP"): a running (preliminary) tally while
 * votes can still arrive, the final one once the polls have closed. The polls-close minute is counted like a
 * channel's cut-off (voting/cutoffs.ts `inTime`): a ballot during the named minute is in time, so the count
 * is final from the next minute.
 */

export type ResultsMode = 'preliminary' | 'final';

export interface PollsState {
  /** The polls-close minute in the issuer's time zone, as an ISO instant with its offset. */
  readonly at: string;
  /** "9:00 am Pacific on 2024-06-20". */
  readonly label: string;
  readonly closed: boolean;
}

/** Whether the polls have closed at `now` (DGCL §231(c): no ballot, proxy or revocation is accepted after the polls close). */
export function pollsState(meeting: MeetingFile, now: string): PollsState {
  const close = pollsClose(meeting);
  const closed = Temporal.Instant.compare(Temporal.Instant.from(now), close.add({ minutes: 1 }).toInstant()) >= 0;
  return { at: close.toString({ timeZoneName: 'never' }), label: cutoffLabel(close), closed };
}

/**
 * The mode asked for, or the default by the clock: preliminary before the polls close, final after. A final
 * tally asked for before the polls close is refused (CONFLICT, naming when they close): votes may still arrive.
 */
export function resultsMode(meeting: MeetingFile, now: string, requested?: ResultsMode): ResultsMode {
  const polls = pollsState(meeting, now);
  if (requested === 'final' && !polls.closed)
    throw new ConflictError(
      `no final tally before the polls close (${polls.label}): votes may still arrive; a preliminary tally is available`,
    );
  return requested ?? (polls.closed ? 'final' : 'preliminary');
}
