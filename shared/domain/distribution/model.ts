import type { Channel, Content, Piece, PlanFigures } from './plan.js';
import type { PostalAddress } from '../holders/schema.js';
import type { Method, ScheduleCheck } from './schedule.js';

/** A piece's entry in the ledger: claimed before it is sent, marked sent after (the audit record). */
export interface PieceRecord {
  readonly meetingId: string;
  readonly pieceId: string;
  readonly runId: string;
  readonly channel: Channel;
  readonly content: Content;
  readonly recipient: Piece['recipient'];
  readonly accounts: string[];
  readonly status: 'sending' | 'sent';
  readonly claimedAt: string;
  readonly sentAt?: string;
  /** Email: the provider's message id. Mail: the manifest file and row. */
  readonly reference?: string;
  /** Mail: the print chunk the piece was assigned to (its manifest file). */
  readonly chunk?: number;
  readonly index?: number;
  /** Mail: what the manifest row needs (no control number: those are recomputed from the accounts). */
  readonly addressee?: string[];
  readonly address?: PostalAddress;
  readonly sets?: number;
  /** Mail: the control-number sequence of each account (the numbers themselves are never stored). */
  readonly seqs?: number[];
}

export type ClaimResult =
  { readonly outcome: 'claimed' } | { readonly outcome: 'exists'; readonly record: PieceRecord };

/** Port: the piece ledger (DynamoDB). */
export interface PieceLedger {
  /** Writes the record if no record has this id (a conditional put); otherwise returns the existing one. */
  claim(record: PieceRecord): Promise<ClaimResult>;
  markSent(meetingId: string, pieceId: string, sentAt: string, reference: string): Promise<void>;
  getPiece(meetingId: string, pieceId: string): Promise<PieceRecord | undefined>;
  /**
   * Marks many claimed pieces sent at once (a mail chunk once its manifest file is written). The
   * records are written whole: only the process holding the chunk's lease may call it.
   */
  markManySent(records: readonly PieceRecord[], sentAt: string, reference: (r: PieceRecord) => string): Promise<void>;
  /** The records of one print chunk, in index order. */
  chunk(meetingId: string, runId: string, chunk: number): Promise<PieceRecord[]>;
  saveRun(run: DistributionRun): Promise<void>;
  /** Records that a chunk of a plan finished, with its counts (sending the chunk again overwrites them). */
  saveChunk(meetingId: string, runId: string, chunkId: string, result: ChunkResult): Promise<void>;
  /** The finished chunks of a run, with the plan each was sent under. */
  chunkResults(meetingId: string, runId: string): Promise<Map<string, ChunkResult>>;
  getRun(meetingId: string, runId: string): Promise<DistributionRun | undefined>;
}

export interface OutgoingEmail {
  /** Tagged on the message (with the piece), so a bounce or complaint event finds its way back. */
  readonly meetingId: string;
  readonly pieceId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Port: email (SES). */
export interface Mailer {
  send(email: OutgoingEmail): Promise<string>;
  /** Whether a piece's email was accepted before (after a crash between sending and marking); undefined if it cannot tell. */
  wasSent(pieceId: string): Promise<boolean | undefined>;
}

/** Port: the print vendor's files (S3). */
export interface PrintFiles {
  /** Writes (or rewrites, identically) one manifest file; returns its name. */
  putManifest(meetingId: string, runId: string, chunk: number, rows: readonly (readonly string[])[]): Promise<string>;
  putDocument(meetingId: string, runId: string, name: string, html: string): Promise<string>;
}

export interface ChunkCounts {
  readonly planned: number;
  readonly sent: number;
  readonly alreadySent: number;
  readonly inDoubt: number;
  readonly emails: number;
  readonly mailPieces: number;
  readonly manifests: number;
}

export interface ChunkResult {
  /** The plan (one `prepareDistribution`) the chunk was sent under: a run planned again waits for its own chunks. */
  readonly planId: string;
  readonly counts: ChunkCounts;
}

/** A run's counts: the sum of its chunks' (or, for an in-process run, what this invocation did). */
export type DistributionCounts = ChunkCounts;

export interface DistributionRun {
  readonly meetingId: string;
  readonly runId: string;
  readonly method: Method;
  readonly sendDate: string;
  /** `planned`: a dry run's figures (run id `dry-run-<method>`). */
  readonly status: 'running' | 'done' | 'refused' | 'planned';
  readonly checks: ScheduleCheck[];
  readonly figures?: PlanFigures;
  /** The run's chunks (ids), once planned; the run is done when each has reported. */
  readonly chunks?: string[];
  /** The current plan of the run (chunks report under it). */
  readonly planId?: string;
  /** Status only: how many of the chunks have reported. */
  readonly chunksDone?: number;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly counts?: DistributionCounts;
}
