import type { MarkedBallot } from '../voting/ballot.js';

/**
 * The count's types (docs/tabulation.md). Every share figure is a whole number of shares; nothing in
 * the count is a floating-point fraction.
 */

/** Shares in each column of one counting unit: a matter, a frequency vote, or one director nominee. */
export interface Tally {
  readonly for: number;
  readonly against: number;
  /** WITHHOLD on a director under plurality. */
  readonly withheld: number;
  readonly abstain: number;
  readonly oneYear: number;
  readonly twoYears: number;
  readonly threeYears: number;
  readonly brokerNonVotes: number;
  /** Registered shares present (a proxy or a ballot) that marked nothing on this unit. */
  readonly presentNotVoting: number;
}

export type TallyColumn = keyof Tally;

export const TALLY_COLUMNS: readonly TallyColumn[] = [
  'for',
  'against',
  'withheld',
  'abstain',
  'oneYear',
  'twoYears',
  'threeYears',
  'brokerNonVotes',
  'presentNotVoting',
];

export const ZERO_TALLY: Tally = {
  for: 0,
  against: 0,
  withheld: 0,
  abstain: 0,
  oneYear: 0,
  twoYears: 0,
  threeYears: 0,
  brokerNonVotes: 0,
  presentNotVoting: 0,
};

/**
 * A registered holder's vote that counts: the account, its record-date shares, and the counting proxy's
 * (or meeting ballot's) marks, or null for shares present that vote on nothing (a returned proxy with no
 * marks that counts as present, or a holder who attended and cast no ballot). One per account.
 */
export interface RegisteredVote {
  readonly account: string;
  readonly shares: number;
  readonly ballot: MarkedBallot | null;
}

/** The discretionary (uninstructed) votes a broker cast on a proposal (NYSE Rule 452). */
export interface Discretionary {
  readonly for: number;
  readonly against: number;
  readonly abstain: number;
}

export const ZERO_DISCRETIONARY: Discretionary = { for: 0, against: 0, abstain: 0 };

/** One line of a nominee's report: a proposal, or one director nominee of an election. */
export interface ReportLine {
  readonly proposal: number;
  /** The director nominee, for an election; absent otherwise. */
  readonly director?: string;
  /** Instructed votes and reported broker non-votes (presentNotVoting is always 0 here). */
  readonly votes: Tally;
  /** Uninstructed shares the broker voted: counted on routine proposals only (NYSE Rule 452). */
  readonly discretionary: Discretionary;
}

/** A street-name nominee's vote report (a broker, bank or their agent, for one DTC participant). */
export interface NomineeReport {
  /** DTC participant number, four digits with leading zeros. */
  readonly participant: string;
  readonly nomineeName?: string;
  /** When the report was made or received: an ISO-8601 instant with an offset. The latest replaces earlier ones. */
  readonly receivedAt: string;
  /** Sorted by proposal, then director name. */
  readonly lines: readonly ReportLine[];
}

/** A DTC security position on the record date (the omnibus proxy's position report). */
export interface Position {
  readonly participant: string;
  readonly participantName?: string;
  readonly shares: number;
}

/** A proxy or ballot that did not count, for the inspector's certificate (from the vote history). */
export interface NotCounted {
  readonly account: string;
  readonly shares?: number;
  readonly submissionId?: string;
  readonly kind: string;
  readonly receivedAt: string;
  readonly reason: string;
}

/** A pro rata reduction of a nominee's over-vote on one unit to its position (DGCL §231(d)). */
export interface Reconciliation {
  readonly participant: string;
  readonly nomineeName?: string;
  readonly proposal: number;
  readonly director?: string;
  /** The record-date position; 0 when the participant is not in the position report. */
  readonly position: number;
  readonly reportedTotal: number;
  readonly countedTotal: number;
  /** The columns as reported and as counted (discretionary columns prefixed `discretionary`). */
  readonly reported: Readonly<Record<string, number>>;
  readonly counted: Readonly<Record<string, number>>;
  readonly reason: string;
}

export interface Flag {
  readonly code: string;
  readonly message: string;
}

export type Status = 'PASSED' | 'FAILED' | 'ELECTED' | 'NOT ELECTED' | 'TIED' | 'CHOSEN' | 'NO VOTES' | 'NO QUORUM';
