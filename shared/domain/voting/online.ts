import { Temporal } from '../calendar/dates.js';
import { InvalidInputError, NotAcceptedError, type FieldIssue } from '../errors.js';
import { ControlNumberSchema } from '../holders/access.js';
import type { Meeting } from '../meetings/schema.js';
import { ballotFor, type Ballot } from './ballot.js';
import { castVote, confirmVote, type VoteConfirmation, type VoteReceipt, type VotingDeps } from './cast.js';
import { cutoffFor, inTime } from './cutoffs.js';

/**
 * The stockholder's voting page (docs/voting.md), as use cases over castVote, confirmVote and ballotFor:
 * the ballot a control number opens, with the vote that counts now, and a vote from the marked ballot.
 * The control number is checked, throttled and refused exactly as by the API (holders/access.ts).
 */

export interface BallotView {
  readonly ballot: Ballot;
  /** The vote that counts now (whatever its channel), when there is one: the page marks it. */
  readonly current?: NonNullable<VoteConfirmation['vote']>;
  /** The internet cut-off ("11:59 pm Pacific on 2024-06-19"), and whether a vote is still in time now. */
  readonly cutoff: { readonly label: string; readonly open: boolean };
}

export type PageVote =
  | { readonly outcome: 'recorded'; readonly receipt: VoteReceipt; readonly created: boolean; readonly emailed: string }
  /** The ballot was refused (e.g. an over-vote): the issues name the proposals; the ballot is shown again. */
  | { readonly outcome: 'refused'; readonly issues: readonly FieldIssue[]; readonly view: BallotView }
  /** After the internet cut-off: the refusal names it. */
  | { readonly outcome: 'late'; readonly message: string; readonly cutoff: string };

interface PageInput {
  readonly meeting: Meeting;
  /** As typed, or as carried in the ballot's hidden field. */
  readonly controlNumber: unknown;
  readonly client: string;
}

/** The internet cut-off at `now`: its label and whether it is still open. */
function internetCutoff(meeting: Meeting, now: string): BallotView['cutoff'] {
  const cutoff = cutoffFor(meeting, 'internet');
  return { label: cutoff.label, open: inTime(cutoff, Temporal.Instant.from(now)) };
}

/**
 * The ballot for the account of a control number: its name and record-date shares, every proposal, the
 * vote that counts now (confirmVote: the uniform refusal and throttling) and the internet cut-off.
 */
export async function openBallot(deps: VotingDeps, input: PageInput): Promise<BallotView> {
  const { meeting } = input;
  const confirmation = await confirmVote(deps, {
    meeting,
    body: { controlNumber: input.controlNumber },
    client: input.client,
  });
  // confirmVote has accepted the number: it is well-formed and finds the holder.
  const holder = await deps.findHolder(meeting.id, ControlNumberSchema.parse(input.controlNumber));
  if (!holder) throw new NotAcceptedError();
  return {
    ballot: ballotFor(meeting, holder),
    ...(confirmation.vote && { current: confirmation.vote }),
    cutoff: internetCutoff(meeting, deps.now()),
  };
}

/**
 * A vote from the marked ballot (castVote, channel internet). A refused ballot answers its issues with the
 * ballot to show again; a vote after the internet cut-off answers the cut-off's refusal; any other refusal
 * (the control number's uniform one, throttling) is thrown as castVote throws it.
 */
export async function voteFromPage(
  deps: VotingDeps,
  input: PageInput & { readonly ballot: Record<string, unknown> },
): Promise<PageVote> {
  const { meeting, client } = input;
  try {
    const body = { controlNumber: input.controlNumber, ballot: input.ballot };
    return { outcome: 'recorded', ...(await castVote(deps, { meeting, body, client })) };
  } catch (err) {
    if (err instanceof InvalidInputError && err.issues.every((i) => i.field.startsWith('ballot')))
      return { outcome: 'refused', issues: err.issues, view: await openBallot(deps, input) };
    if (err instanceof NotAcceptedError) {
      const cutoff = internetCutoff(meeting, deps.now());
      if (!cutoff.open) return { outcome: 'late', message: err.message, cutoff: cutoff.label };
    }
    throw err;
  }
}
