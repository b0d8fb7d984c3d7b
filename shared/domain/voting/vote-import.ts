import type { SourceRecord } from '../holders/model.js';
import type { Meeting } from '../meetings/schema.js';
import type { Clock } from '../ports.js';
import { withLease, type HeldLease, type LeaseDeps } from '../leases.js';
import type { VoteRecord } from './cast.js';
import {
  VOTE_FILE_REQUIRED,
  readVoteRow,
  type VoteFileChannel,
  type VoteFileContext,
  voteFileLateFrom,
  type VoteFileRejection,
  type VotingHolder,
} from './vote-file.js';

/**
 * Importing a telephone-vote or mailed-card file (docs/voting.md, docs/file-formats.md): every row
 * read, judged and, when it is a submission, stored once. A row's submission has a stable identity
 * (what it says: account, instants, card date and marks), so importing the same file again, again after
 * a crash, re-exported or inside a vendor's cumulative file stores nothing twice; valid rows land
 * whatever the other rows hold.
 */

/** Port: imported submissions, each under its stable identity (DynamoDB). */
export interface ImportedVotes {
  /**
   * Stores the records under their stable keys; returns how many were new. `check`: read which keys are already
   * there first and write only the others; without it every record is written (rows no earlier run can have
   * stored, see latestImportedReceipt). Never overwrites a different submission: a key holds only its own row.
   */
  storeImported(records: readonly VoteRecord[], opts: { check: boolean }): Promise<number>;
  /** The last line of a file (by digest) whose rows, and every earlier row, are stored (0: started, none yet); undefined when never started. */
  importedThrough(meetingId: string, fileDigest: string): Promise<number | undefined>;
  /** Starts a file's run (its channel, line 0) before anything of it is written; a run already started is left as it is. */
  startImport(meetingId: string, fileDigest: string, channel: VoteFileChannel): Promise<void>;
  /** Records that every row of the file up to `line` is stored (after the store has said so). */
  saveImportedThrough(meetingId: string, fileDigest: string, line: number): Promise<void>;
  /**
   * The latest instant received (epoch ms) that any run of any file of the meeting and channel declared before
   * writing (declareImportedReceipt); undefined when none did. A stored imported row was received no later. A run
   * started before runs named their channel may hold any instant (+Infinity).
   */
  latestImportedReceipt(meetingId: string, channel: VoteFileChannel): Promise<number | undefined>;
  /** Declares, before writing them, that the run of a file (started) stores rows received up to `receivedAtMs`. */
  declareImportedReceipt(meetingId: string, fileDigest: string, receivedAtMs: number): Promise<void>;
}

export interface VoteImportDeps extends LeaseDeps {
  /** The record-date holders of a meeting, by account (a batch look-up of what a row is judged by). */
  readonly holders: (meetingId: string, accountIds: readonly string[]) => Promise<Map<string, VotingHolder>>;
  /**
   * The meeting's holder list read whole (see HolderLookup), when the store can: `size` at least the number of
   * holders, `all` every holder by account (`controlHash: false`: without the hash, which only phone rows need).
   */
  readonly holderList?: {
    size(meetingId: string): Promise<number>;
    all(meetingId: string, opts: { controlHash: boolean }): Promise<Map<string, VotingHolder>>;
  };
  /** Keyed hash of a control number (the holder list's look-up hash); the clear number goes no further. */
  readonly controlHash: (meetingId: string, controlNumber: string) => string;
  readonly votes: ImportedVotes;
}

/**
 * Holders are looked up by account a chunk at a time until the rows looked up would pass a quarter of the list
 * (or at once, when the file's size says its rows will); then the list is read whole, once, and the rest of the
 * file judged from it. A listed holder costs the store
 * about a third of a looked-up one (DynamoDB: a Query reads many small items per read unit; dynalite measured
 * 3.3×), so a file that covers much of the list pays for the read, and a small one never reads the list.
 */
const LIST_READ_SHARE = 0.25;
/** Lists larger than this are never read whole (the holders held in memory stay bounded). */
const LIST_READ_MAX = 500_000;

/** The holders of a file's rows, chunk by chunk (called in chunk order). */
export function holderLookup(
  deps: Pick<VoteImportDeps, 'holders' | 'holderList'>,
  meetingId: string,
  channel: VoteFileChannel,
  expectedRows = 0,
): (accountIds: readonly string[]) => Promise<ReadonlyMap<string, VotingHolder>> {
  const list = deps.holderList;
  let size: Promise<number> | undefined;
  let whole: Promise<Map<string, VotingHolder>> | undefined;
  let looked = 0;
  return async (accountIds) => {
    if (list && !whole) {
      const n = await (size ??= list.size(meetingId));
      // (Another chunk may have started the read while this one waited for the size.)
      // The rows to look up: those so far and this chunk's, or the whole file's when its size is known.
      const rows = Math.max(looked + accountIds.length, expectedRows);
      if (!whole && n <= LIST_READ_MAX && rows > n * LIST_READ_SHARE)
        whole = list.all(meetingId, { controlHash: channel === 'phone' });
    }
    if (whole) return whole;
    looked += accountIds.length;
    return deps.holders(meetingId, accountIds);
  };
}

export interface VoteImportCounts {
  readonly rowsRead: number;
  /** Rows stored as a submission that counts (valid): now, by an earlier import, or as another row of the file that says the same. */
  readonly valid: number;
  /** Rows stored as a submission that does not count (late, refused ballot, unsigned card). */
  readonly notCounting: number;
  /** Rows not stored: the file's fault (form, unknown account, wrong control number). */
  readonly rejected: number;
  /** Submissions written by this run (the rest were already stored). */
  readonly newlyStored: number;
  readonly alreadyStored: number;
  /** Record-date shares on the valid submissions (a row repeating another of the file adds none). */
  readonly sharesValid: number;
}

export interface VoteImportReport {
  readonly meetingId: string;
  readonly channel: VoteFileChannel;
  readonly source: string;
  readonly fileDigest: string;
  readonly importedAt: string;
  readonly counts: VoteImportCounts;
  /** Every row that did not record a valid vote, in line order (the first REJECTIONS_KEPT). */
  readonly rejections: readonly VoteFileRejection[];
}

/** How many rejections a report lists (the counts cover them all). */
export const REJECTIONS_KEPT = 10_000;
/** Rows judged and stored together: their holders (looked up, or from the list read whole), one declaration of their latest receipt, one store. */
const CHUNK = 1000;
/** Chunks looked up and stored at once (a chunk's holder reads overlap the others' writes). */
const IN_FLIGHT = 8;

export interface VoteImportInput {
  readonly meeting: Meeting;
  readonly channel: VoteFileChannel;
  readonly fileDigest: string;
  /** About how many rows the file has (its lines less the header), when known: see holderLookup. */
  readonly expectedRows?: number;
  readonly sourceName: string;
  readonly records: AsyncIterable<SourceRecord>;
  readonly onProgress?: (counts: VoteImportCounts) => void;
}

/** Imports a vote file's records; the report says what became of every row. */
export async function importVotes(
  deps: VoteImportDeps & { readonly now: Clock },
  input: VoteImportInput,
): Promise<VoteImportReport> {
  // One file of a meeting and channel at a time: a run reads what earlier runs declared before it writes, so two
  // at once could each write a card both files hold (the same item, counted new twice).
  const lease = {
    scope: `vote-import#${input.meeting.id}#${input.channel}`,
    busy:
      `another ${input.channel} file of meeting ${input.meeting.id} is being imported; ` +
      "a meeting's files of one channel are imported one at a time: import this one when it is done",
    lost: `the import of ${input.sourceName} lost its lease to another run; stopped (the same file again resumes it)`,
  };
  return withLease(deps, lease, (held) => importUnderLease(deps, input, held));
}

async function importUnderLease(
  deps: VoteImportDeps & { readonly now: Clock },
  input: VoteImportInput,
  held: HeldLease,
): Promise<VoteImportReport> {
  const { meeting, channel } = input;
  const ctx: VoteFileContext = {
    meeting,
    channel,
    fileDigest: input.fileDigest,
    sourceName: input.sourceName,
    controlHash: deps.controlHash,
    lateFromMs: voteFileLateFrom(meeting, channel),
  };
  const c = { rowsRead: 0, valid: 0, notCounting: 0, rejected: 0, newlyStored: 0, alreadyStored: 0, sharesValid: 0 };
  const rejections: VoteFileRejection[] = [];
  const reject = (r: VoteFileRejection) => {
    if (rejections.length < REJECTIONS_KEPT) rejections.push(r);
  };

  // Where an earlier run of this file got to: rows up to there are stored; after it, rows may be (a crash).
  const through = await deps.votes.importedThrough(meeting.id, input.fileDigest);
  // The latest receipt any run of a file of this channel declared, read before this run declares any: a row
  // received later cannot be stored yet (its id is what it says, its instant included), so it is written without
  // a look-up; a row received no later is looked for first (a vendor's cumulative file, a re-export, a resumed run).
  const storedUpTo = await deps.votes.latestImportedReceipt(meeting.id, channel);
  // A first run records that it started before it writes anything, so the file's progress is always on record.
  if (through === undefined) await deps.votes.startImport(meeting.id, input.fileDigest, channel);
  const lookUp = holderLookup(deps, meeting.id, channel, input.expectedRows);
  // Every submission of this run by id: the same call or card twice in the file is stored once.
  const claimed = new Set<string>();
  type Rows = { line: number; fields: Record<string, string | undefined> }[];
  /** A chunk's rows judged: counted, and the submissions to store, those an earlier run may hold apart. */
  const judge = (rows: Rows, holders: ReadonlyMap<string, VotingHolder>) => {
    const fresh: VoteRecord[] = [];
    const check: VoteRecord[] = [];
    let latest = Number.NEGATIVE_INFINITY;
    for (const row of rows) {
      const out = readVoteRow(ctx, row, (a) => holders.get(a));
      if (out.status === 'rejected') {
        c.rejected++;
        reject(out.rejection);
        continue;
      }
      const r = out.record;
      if (r.valid) c.valid++;
      else c.notCounting++;
      if (out.rejection) reject(out.rejection);
      if (claimed.has(r.id)) {
        c.alreadyStored++;
        continue;
      }
      claimed.add(r.id);
      if (r.valid) c.sharesValid += r.shares;
      if (through !== undefined && row.line <= through) {
        c.alreadyStored++;
        continue;
      }
      const receivedMs = Date.parse(r.receivedAt);
      if (receivedMs > latest) latest = receivedMs;
      (storedUpTo !== undefined && receivedMs <= storedUpTo ? check : fresh).push(r);
    }
    return { fresh, check, latest };
  };
  // Chunks look their holders up at once but are judged one after another in file order (of two rows that say the
  // same, the first is the one kept).
  let judged: Promise<unknown> = Promise.resolve();
  const flush = async (rows: Rows) => {
    if (!rows.length) return;
    const accounts = [...new Set(rows.map((r) => (r.fields.account ?? '').trim()).filter(Boolean))];
    const looked = lookUp(accounts);
    // Its failure is met where the chunk's turn comes (`await looked`); until then it is not an unhandled rejection.
    looked.catch(() => undefined);
    const judging = judged.then(async () => judge(rows, await looked));
    judged = judging.catch(() => undefined);
    const { fresh, check, latest } = await judging;
    if (!fresh.length && !check.length) return;
    await deps.votes.declareImportedReceipt(meeting.id, input.fileDigest, latest);
    const store = (records: VoteRecord[], check: boolean) =>
      records.length ? deps.votes.storeImported(records, { check }) : 0;
    // Both settle before the chunk does (a failure of one never leaves the other running unobserved).
    const [a, b] = await Promise.allSettled([store(fresh, false), store(check, true)]).then((r) =>
      r.map((x) => {
        if (x.status === 'rejected') throw x.reason;
        return x.value;
      }),
    );
    c.newlyStored += a! + b!;
    c.alreadyStored += fresh.length + check.length - a! - b!;
  };
  // Up to IN_FLIGHT chunks at once, each looking its holders up and storing while the others do (the server
  // always has writes to do); progress is saved in file order, a chunk's only once it and every earlier chunk
  // are stored (each task answers whether it and every earlier one were). On a failure no further chunk starts
  // and no later chunk saves progress; the chunks in flight settle before the error is thrown (nothing is left
  // running or unobserved).
  const inFlight: Promise<boolean>[] = [];
  let failure: { error: unknown } | undefined;
  let saved: Promise<boolean> = Promise.resolve(true);
  const schedule = (rows: Rows) => {
    const last = rows.at(-1)?.line;
    const stored = flush(rows);
    const prior = saved;
    const task = (async () => {
      await stored;
      if (!(await prior)) return false;
      if (last !== undefined && (through === undefined || last > through))
        await deps.votes.saveImportedThrough(meeting.id, input.fileDigest, last);
      input.onProgress?.({ ...c });
      return true;
    })().catch((error: unknown) => {
      failure ??= { error };
      return false;
    });
    saved = task;
    inFlight.push(task);
  };

  let chunk: Rows = [];
  for await (const record of input.records) {
    c.rowsRead++;
    if (record.kind === 'malformed') {
      c.rejected++;
      reject({ line: record.line, field: 'row', reason: record.message, recorded: false });
    } else chunk.push({ line: record.line, fields: record.fields });
    if (chunk.length >= CHUNK) {
      schedule(chunk);
      chunk = [];
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      // The lease kept as the file goes (renewed a quarter of its time after it was taken); lost: stop here.
      await held.renew().catch((error: unknown) => (failure ??= { error }));
      if (failure) break;
    }
  }
  if (!failure) schedule(chunk);
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  rejections.sort((a, b) => a.line - b.line);
  return {
    meetingId: meeting.id,
    channel,
    source: input.sourceName,
    fileDigest: input.fileDigest,
    importedAt: deps.now(),
    counts: { ...c },
    rejections,
  };
}

// ---- The upload path (S3): votes/<meeting>/<phone|mail>/<name>.csv → reports/votes/…/<name>.csv.json ----

/** Where vote files are uploaded: `votes/<meeting id>/<phone|mail>/<name>.csv` in the imports bucket. */
const VOTE_KEY = /^votes\/([a-z0-9][a-z0-9-]{2,62})\/(phone|mail)\/[^/]+\.csv$/i;

export function parseVoteFileKey(key: string): { meetingId: string; channel: VoteFileChannel } | undefined {
  const m = VOTE_KEY.exec(key);
  return m ? { meetingId: m[1]!, channel: m[2]!.toLowerCase() as VoteFileChannel } : undefined;
}

export const voteFileKey = (meetingId: string, channel: VoteFileChannel, fileName: string): string =>
  `votes/${meetingId}/${channel}/${fileName}`;

/** The report of a vote file lands under reports/: `reports/<the file's key>.json`. */
export const voteReportKey = (fileKey: string): string => `reports/${fileKey}.json`;

/** A file's content digest (`sha256:<hex>`) and how many lines it has (its header and rows, about). */
export interface FileDigest {
  readonly digest: string;
  readonly lines: number;
}

/** Port: the uploaded vote files (the imports bucket). */
export interface VoteFiles {
  /** The content digest of the object and its lines, read through once. */
  digest(bucket: string, key: string): Promise<FileDigest>;
  /** The file's records, checked against the channel's required columns as they are read. */
  open(
    bucket: string,
    key: string,
    channel: VoteFileChannel,
  ): Promise<{ records: AsyncIterable<SourceRecord>; close(): void }>;
  /** The required columns a file lacks, when `err` is the reader's refusal of its header; else undefined. */
  missingColumns(err: unknown): readonly string[] | undefined;
}

export interface VoteImportJobDeps extends VoteImportDeps {
  readonly meeting: (meetingId: string) => Promise<Meeting>;
  readonly files: VoteFiles;
  readonly reports: { put(bucket: string, key: string, report: unknown): Promise<void> };
  readonly now: Clock;
}

export type VoteImportJobResult =
  | { readonly status: 'done'; readonly report: VoteImportReport; readonly reportKey: string }
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'refused'; readonly reason: string; readonly reportKey: string };

/**
 * One uploaded vote file: the meeting and channel from its key, the content digest, every row, the report
 * beside it under reports/. A delivery again (a retry after a crash, a duplicate event) reads the file again
 * and stores only what is missing.
 */
export async function runVoteImportJob(
  deps: VoteImportJobDeps,
  job: { bucket: string; key: string },
): Promise<VoteImportJobResult> {
  const target = parseVoteFileKey(job.key);
  if (!target) return { status: 'ignored', reason: `${job.key} is not votes/<meeting>/<phone|mail>/<file>.csv` };
  const meeting = await deps.meeting(target.meetingId);
  const reportKey = voteReportKey(job.key);
  const { digest: fileDigest, lines } = await deps.files.digest(job.bucket, job.key);
  const file = await deps.files.open(job.bucket, job.key, target.channel);
  try {
    const report = await importVotes(deps, {
      meeting,
      channel: target.channel,
      fileDigest,
      expectedRows: lines - 1,
      sourceName: job.key,
      records: file.records,
    });
    await deps.reports.put(job.bucket, reportKey, report);
    return { status: 'done', report, reportKey };
  } catch (err) {
    const missing = deps.files.missingColumns(err);
    if (!missing) throw err;
    const reason = `the file is refused: ${(err as Error).message} (required: ${VOTE_FILE_REQUIRED[target.channel].join(', ')})`;
    await deps.reports.put(job.bucket, reportKey, {
      status: 'refused',
      source: job.key,
      reason,
      missing,
      refusedAt: deps.now(),
    });
    return { status: 'refused', reason, reportKey };
  } finally {
    file.close();
  }
}
