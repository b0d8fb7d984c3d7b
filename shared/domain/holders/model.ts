import type { HolderKind, NomineeRow, RegisteredRow } from './schema.js';
import type { HouseholdingEvents } from '../households/consent.js';

/** Where a stored row came from: the source file's identity and its line in that file. */
export interface SourceRef {
  readonly id: string;
  readonly line: number;
}

/** A registered holder of record for one meeting. */
export interface Holder extends RegisteredRow {
  readonly meetingId: string;
  /**
   * The holder's place in the meeting's control-number sequence. The 12-digit control number is
   * a keyed permutation of it (shared/adapters/crypto/control-numbers.ts): without the secret,
   * neither the number nor the account reveals the control number.
   */
  readonly controlSeq: number;
  /** Keyed hash (HMAC) of the control number: look-ups go through it; the clear number is not stored. */
  readonly controlHash: string;
  readonly source: SourceRef;
  readonly updatedAt: string;
  /** Householding events recorded after import (consent, notice, objection, revocation, separate copies); kept across re-imports. */
  readonly householding?: HouseholdingEvents;
  /**
   * A permanent election the holder made by request (Rule 14a-16(j)(4)): it wins over the list's
   * `delivery_election` and is kept across re-imports until the holder revokes it.
   */
  readonly electedByRequest?: { readonly election: 'paper' | 'email'; readonly on: string; readonly email?: string };
  /** The address a permanent bounce or a complaint came from: no more email to it (mail instead). Kept across re-imports. */
  readonly emailUndeliverable?: {
    readonly email: string;
    readonly on: string;
    readonly reason: 'bounce' | 'complaint';
  };
}

export interface Nominee extends NomineeRow {
  readonly meetingId: string;
  readonly source: SourceRef;
  readonly updatedAt: string;
}

/** One record read from a holder file: a row of fields, or a line the CSV parser could not read. */
export type SourceRecord =
  | { readonly kind: 'row'; readonly line: number; readonly fields: Record<string, string | undefined> }
  | { readonly kind: 'malformed'; readonly line: number; readonly message: string };

export interface Rejection {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface ImportCounts {
  /** The last file line fully processed (the resume point). */
  readonly line: number;
  readonly rowsRead: number;
  readonly rowsImported: number;
  readonly rowsRejected: number;
  /** Shares on the rows this import accepted. */
  readonly shares: number;
}

export interface ImportRun {
  readonly meetingId: string;
  readonly kind: HolderKind;
  readonly sourceId: string;
  readonly sourceName: string;
  readonly status: 'running' | 'done';
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly counts: ImportCounts;
  readonly report?: ImportReport;
}

export interface Reconciliation {
  /** Shares outstanding and entitled to vote on the record date (the meeting file). */
  readonly sharesOutstanding: number;
  readonly registeredHolders: number;
  readonly registeredShares: number;
  /** Street-name shares from the nominee list, or null where the list gives none. */
  readonly nomineeShares: number | null;
  readonly nominees: number;
  readonly nomineeSetsRequested: number;
  /** sharesOutstanding − registered − nominee shares. */
  readonly difference: number;
  readonly status: 'balanced' | 'mismatch';
  readonly message: string;
}

export interface ImportReport {
  readonly meetingId: string;
  readonly kind: HolderKind;
  readonly source: string;
  readonly sourceId: string;
  readonly resumed: boolean;
  readonly counts: ImportCounts;
  /** Up to the first 1,000 rejections in line order; all are stored and counted. */
  readonly rejections: readonly Rejection[];
  readonly reconciliation: Reconciliation;
}

export interface Totals {
  readonly registeredHolders: number;
  readonly registeredShares: number;
  readonly nominees: number;
  readonly nomineeShares: number;
  readonly nomineesWithShares: number;
  readonly nomineeSetsRequested: number;
}

/** Port: the holder list of a meeting (DynamoDB; see shared/adapters/dynamodb/holder-store.ts). */
export interface HolderStore {
  getHolders(meetingId: string, accountIds: readonly string[]): Promise<Map<string, Holder>>;
  /** Whether any holder was ever numbered for the meeting (false: a first import, nothing to read back). */
  hasHolders(meetingId: string): Promise<boolean>;
  putHolders(holders: readonly Holder[]): Promise<void>;
  getHolder(meetingId: string, accountId: string): Promise<Holder | undefined>;
  getHolderByControlHash(meetingId: string, controlHash: string): Promise<Holder | undefined>;
  /** One page of a meeting's holders; pass the returned cursor for the next page. */
  listHolders(
    meetingId: string,
    opts: { cursor?: string; limit?: number },
  ): Promise<{ holders: Holder[]; cursor?: string }>;
  listHousehold(meetingId: string, addressKey: string): Promise<Holder[]>;
  /** Replaces a holder's householding events; false if the holder does not exist. */
  saveHouseholding(meetingId: string, accountId: string, events: HouseholdingEvents): Promise<boolean>;
  /** Records a permanent election made by request; false if the holder does not exist. */
  saveElection(
    meetingId: string,
    accountId: string,
    elected: NonNullable<Holder['electedByRequest']>,
  ): Promise<boolean>;
  /** Records that an email address bounced or complained; false if the holder does not exist. */
  saveEmailUndeliverable(
    meetingId: string,
    accountId: string,
    status: NonNullable<Holder['emailUndeliverable']>,
  ): Promise<boolean>;
  getNominees(meetingId: string, participants: readonly string[]): Promise<Map<string, Nominee>>;
  putNominees(nominees: readonly Nominee[]): Promise<void>;
  listNominees(meetingId: string): Promise<Nominee[]>;
  putRejections(meetingId: string, sourceId: string, rejections: readonly Rejection[]): Promise<void>;
  listRejections(meetingId: string, sourceId: string, limit: number): Promise<Rejection[]>;
  /**
   * Sums over the stored lists. `registered`, when the caller knows it exactly (a first import
   * into an empty meeting wrote every registered holder itself), spares re-reading them.
   */
  totals(meetingId: string, known?: { registered?: { holders: number; shares: number } }): Promise<Totals>;
  getRun(meetingId: string, kind: HolderKind, sourceId: string): Promise<ImportRun | undefined>;
  saveRun(run: ImportRun): Promise<void>;
}

/** Port: issues control numbers (secret-keyed; an adapter, since it holds key material). */
export interface ControlNumberIssuer {
  /** Reserves `count` consecutive sequence numbers for a meeting; returns the first. */
  reserve(meetingId: string, count: number): Promise<number>;
  /** The 12-digit control number for a sequence number (a keyed permutation: unique per meeting). */
  controlNumber(meetingId: string, seq: number): string;
  /** controlNumber() for many sequence numbers at once (an import chunk, an export page). */
  controlNumbers(meetingId: string, seqs: readonly number[]): string[];
  /** The keyed hash stored and used for look-ups. */
  hash(meetingId: string, controlNumber: string): string;
}
