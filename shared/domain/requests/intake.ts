import { Temporal, type PlainDate } from '../calendar/dates.js';
import type { PieceLedger } from '../distribution/model.js';
import { firstSentDate } from '../distribution/use-cases.js';
import type { Meeting } from '../meetings/schema.js';
import { submitRequest, type SubmitDeps, type SubmitResult } from './use-cases.js';

/**
 * The day copy requests open. Rule 14a-16(j): the company sends copies on request once the Notice
 * (or the full set) has gone out — so the window opens on the first distribution's send day here;
 * before any distribution ran on this platform (the materials went out elsewhere), on the
 * materials release date the meeting file states.
 */
export function requestWindowOpens(firstSent: PlainDate | undefined, meeting: Pick<Meeting, 'meeting'>): PlainDate {
  return firstSent ?? Temporal.PlainDate.from(meeting.meeting.materialsReleaseDate);
}

export interface IntakeDeps extends SubmitDeps {
  /** The runs recorded so far (the first one sent opens the window). */
  readonly ledger: PieceLedger;
}

/** A request for a meeting from a client (its address): the one intake of the API and the materials form. */
export async function takeRequest(
  deps: IntakeDeps,
  input: { meeting: Meeting; body: unknown; client: string },
): Promise<SubmitResult> {
  const firstSent = requestWindowOpens(await firstSentDate(deps.ledger, input.meeting.id), input.meeting);
  return submitRequest(deps, { ...input, firstSent });
}
