import { InvalidInputError, type FieldIssue } from '../errors.js';
import {
  BOARD_PARTY,
  nomineeName,
  nomineeParty,
  proposalKind,
  type MeetingFile,
  type NomineeEntry,
} from '../meetings/schema.js';

/**
 * The ballot: what a holder sees and may mark, and the check of a marked ballot (docs/voting.md).
 * Pure: no clock, no I/O.
 */

export type Choice = 'FOR' | 'WITHHOLD' | 'AGAINST' | 'ABSTAIN' | '1 YEAR' | '2 YEARS' | '3 YEARS';
export type Channel = 'internet' | 'phone' | 'mail';
type Proposal = MeetingFile['proposals'][number];

/** A checked ballot: proposal number → a choice, or for an election nominee name → a choice. */
export type MarkedBallot = Readonly<Record<string, Choice | Readonly<Record<string, Choice>>>>;

export interface BallotNominee {
  readonly name: string;
  readonly party: string;
}

export interface BallotProposal {
  readonly number: number;
  readonly title: string;
  readonly kind: 'election' | 'matter' | 'frequency';
  /** What may be marked (per nominee, for an election). */
  readonly options: readonly Choice[];
  readonly boardRecommendation: string;
  /** Elections only: the most FOR votes a holder may give. */
  readonly seats?: number;
  /** Elections only: nominees grouped by party, the board's first, alphabetical by last name within each group. */
  readonly groups?: readonly { readonly party: string; readonly nominees: readonly string[] }[];
}

export interface Ballot {
  readonly meetingId: string;
  readonly account: { readonly name: string; readonly shares: number };
  readonly proposals: readonly BallotProposal[];
}

/** What may be marked on a proposal (per nominee for an election). */
export function optionsFor(p: Proposal): readonly Choice[] {
  if (proposalKind(p) !== 'election') return p.choices;
  // Rule 14a-4(b)(1) (as amended 2021): WITHHOLD under plurality; AGAINST and ABSTAIN where a majority standard gives them effect.
  return p.voteStandard === 'plurality-of-votes-cast' ? ['FOR', 'WITHHOLD'] : ['FOR', 'AGAINST', 'ABSTAIN'];
}

/** Seats up for election: the file's number, or one per nominee. */
export const seatsOf = (p: Proposal): number => p.seats ?? p.nominees?.length ?? 0;

const lastName = (name: string): string => name.trim().split(/\s+/).at(-1) ?? name;

/** Rule 14a-19(e): every nominee on one card, grouped by party (the board's first), alphabetical by last name within each group. */
export function nomineeGroups(nominees: readonly NomineeEntry[]): { party: string; nominees: string[] }[] {
  const parties = [BOARD_PARTY, ...new Set(nominees.map(nomineeParty).filter((p) => p !== BOARD_PARTY))];
  const byLast = (a: string, b: string) => lastName(a).localeCompare(lastName(b), 'en') || a.localeCompare(b, 'en');
  return parties
    .map((party) => ({
      party,
      nominees: nominees
        .filter((n) => nomineeParty(n) === party)
        .map(nomineeName)
        .sort(byLast),
    }))
    .filter((g) => g.nominees.length > 0);
}

/** The ballot for one account: its name and record-date shares, and every proposal with its options. */
export function ballotFor(meeting: MeetingFile, account: { name: string; shares: number }): Ballot {
  return {
    meetingId: meeting.id,
    account: { name: account.name, shares: account.shares },
    proposals: meeting.proposals.map((p) => {
      const kind = proposalKind(p);
      const base = {
        number: p.number,
        title: p.title,
        kind,
        options: optionsFor(p),
        boardRecommendation: p.boardRecommendation,
      };
      return kind === 'election' ? { ...base, seats: seatsOf(p), groups: nomineeGroups(p.nominees ?? []) } : base;
    }),
  };
}

const label = (p: Proposal) => `proposal ${p.number} (${p.title})`;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one proposal's marks; returns the issues (empty when the marks are acceptable). */
function proposalIssues(p: Proposal, marks: unknown, channel: Channel): FieldIssue[] {
  const field = `ballot.${p.number}`;
  const options = optionsFor(p);
  const offers = `offers ${options.join(', ')}`;
  if (proposalKind(p) !== 'election') {
    if (typeof marks === 'string' && (options as readonly string[]).includes(marks)) return [];
    return [{ field, message: `${label(p)} ${offers}; not ${JSON.stringify(marks)}` }];
  }
  if (!isRecord(marks))
    return [{ field, message: `${label(p)} takes one choice per nominee, e.g. {"Nominee Name": "${options[0]}"}` }];
  const names = new Set((p.nominees ?? []).map(nomineeName));
  const issues: FieldIssue[] = [];
  for (const [name, choice] of Object.entries(marks)) {
    if (!names.has(name)) issues.push({ field, message: `${label(p)} has no nominee ${JSON.stringify(name)}` });
    else if (typeof choice !== 'string' || !(options as readonly string[]).includes(choice))
      issues.push({ field, message: `${label(p)} ${offers} for ${name}; not ${JSON.stringify(choice)}` });
  }
  const fors = Object.values(marks).filter((c) => c === 'FOR').length;
  const seats = seatsOf(p);
  // Rule 14a-19(e): the card states the number of seats; online and by phone an over-vote is refused before it is stored (the issue's rule).
  if (channel !== 'mail' && fors > seats)
    issues.push({ field, message: `${label(p)} elects ${seats}; ${fors} FOR votes is more than the seats` });
  return issues;
}

/**
 * Checks a ballot body (`{"1": {"<nominee>": "FOR"|"WITHHOLD", …}, "2": "FOR"|"AGAINST"|"ABSTAIN", …}`)
 * against the meeting's proposals. Refuses, with one field per proposal at fault: a choice the proposal does
 * not offer, an unknown proposal or nominee, and (online and by phone) more FOR votes than seats. A mailed
 * card's over-vote is not refused here: readCard counts it as no director vote.
 */
export function checkBallot(meeting: MeetingFile, body: unknown, channel: Channel): MarkedBallot {
  if (!isRecord(body))
    throw new InvalidInputError([{ field: 'ballot', message: 'must be an object of proposal numbers' }]);
  const entries = Object.entries(body);
  if (entries.length === 0) throw new InvalidInputError([{ field: 'ballot', message: 'marks no proposal' }]);
  const issues: FieldIssue[] = [];
  for (const [key, marks] of entries) {
    const p = /^[1-9]\d*$/.test(key) ? meeting.proposals.find((q) => q.number === Number(key)) : undefined;
    if (!p) issues.push({ field: `ballot.${key}`, message: `this meeting has no proposal ${JSON.stringify(key)}` });
    else issues.push(...proposalIssues(p, marks, channel));
  }
  if (issues.length) throw new InvalidInputError(issues);
  return body as MarkedBallot;
}
