import type { NomineeReport, Position } from './model.js';

/**
 * What the count's street-name inputs are stored in (the adapters: shared/adapters/dynamodb/tabulation-inputs.ts).
 * Use cases in inputs.ts write through these; the count reads `listLatestReports` and `positions`.
 */

/** The file an input came from: its name as given and the SHA-256 of its bytes (`sha256:<hex>`). */
export interface InputSource {
  readonly name: string;
  readonly id: string;
}

/** A nominee report as stored: the report, a stable id, where it came from and when it was imported. */
export interface StoredNomineeReport extends NomineeReport {
  /** A digest of the meeting, source file, participant and `receivedAt`: the same report of the same file, the same id. */
  readonly id: string;
  readonly source: InputSource;
  /** When it was imported (the clock), as an ISO-8601 instant. */
  readonly importedAt: string;
}

export interface NomineeReportStore {
  /** The participant's report that counts, if any. */
  latestReport(meetingId: string, participant: string): Promise<StoredNomineeReport | undefined>;
  /** Adds a report to the participant's history; false (and nothing written) when a report with its id is there. */
  addReport(meetingId: string, report: StoredNomineeReport): Promise<boolean>;
  /**
   * Makes the report the one that counts for its participant, provided the one that counts is still the report
   * with id `expectedId` (undefined: none yet). False, with nothing written, when another import got there first.
   */
  setLatest(meetingId: string, report: StoredNomineeReport, expectedId: string | undefined): Promise<boolean>;
  /** The report that counts of each participant, by participant: what the count reads. */
  listLatestReports(meetingId: string): Promise<StoredNomineeReport[]>;
  /** Every report stored for a participant (the one that counts and the ones it replaced), oldest first. */
  reportHistory(meetingId: string, participant: string): Promise<StoredNomineeReport[]>;
}

/** A meeting's DTC security position report as stored: the whole list, replaced whole by a re-import. */
export interface PositionList {
  /** By participant. */
  readonly positions: readonly Position[];
  readonly totalShares: number;
  readonly source: InputSource;
  readonly importedAt: string;
}

export interface PositionStore {
  /** The meeting's position list, if one was imported. */
  positions(meetingId: string): Promise<PositionList | undefined>;
  /** Replaces the meeting's position list whole. */
  putPositions(meetingId: string, list: PositionList): Promise<void>;
}

/** Both stores: the `tabulationInputs` capability of the composition root. */
export interface TabulationInputStore extends NomineeReportStore, PositionStore {}
