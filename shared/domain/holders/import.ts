import type { Meeting } from '../meetings/schema.js';
import { fieldIssues } from '../errors.js';
import {
  NomineeRowSchema,
  RegisteredRowSchema,
  type HolderKind,
  type NomineeRow,
  type RegisteredRow,
} from './schema.js';
import type {
  ControlNumberIssuer,
  Holder,
  HolderStore,
  ImportCounts,
  ImportReport,
  ImportRun,
  Nominee,
  Reconciliation,
  Rejection,
  SourceRecord,
  Totals,
} from './model.js';

export interface ImportDeps {
  readonly holders: HolderStore;
  readonly controlNumbers: ControlNumberIssuer;
  readonly now: () => string;
}

export interface ImportRequest {
  readonly meeting: Meeting;
  readonly kind: HolderKind;
  /** Identity of the file's content (a hash, or bucket/key/ETag): the same file resumes. */
  readonly sourceId: string;
  readonly sourceName: string;
  readonly records: AsyncIterable<SourceRecord>;
  /** Rows per chunk (written as BatchWriteItem calls of 25, a few in flight). @default 1000 */
  readonly chunkSize?: number;
  /** Asked after each chunk: true stops here, leaving the run to resume (a Lambda near its time limit). */
  readonly shouldPause?: () => boolean;
  readonly onProgress?: (counts: ImportCounts) => void;
}

export interface ImportOutcome {
  /** 'done' with a report, or 'paused' when shouldPause said so (run again to continue). */
  readonly status: 'done' | 'paused';
  readonly counts: ImportCounts;
  readonly report?: ImportReport;
}

const ZERO: ImportCounts = { line: 0, rowsRead: 0, rowsImported: 0, rowsRejected: 0, shares: 0 };
const REPORTED_REJECTIONS = 1000;

/**
 * Imports a holder file for a meeting.
 *
 * Steps: find or start the run for this file (an interrupted run resumes after its last
 * checkpoint) → for each chunk of rows: validate each row, reject duplicates (within the chunk, or
 * against rows of the same file already stored), read the accounts already stored so their control
 * numbers are kept, reserve control numbers for new accounts, upsert, store rejections, then save
 * the checkpoint → reconcile the stored totals against shares outstanding.
 *
 * Idempotent: accounts are upserted by id; rejections are keyed by line; a checkpoint is written
 * after its chunk's data, so a crash repeats at most the two chunks after it, which converges to the
 * same state.
 */
export async function importHolders(deps: ImportDeps, req: ImportRequest): Promise<ImportOutcome> {
  const meetingId = req.meeting.id;
  const chunkSize = req.chunkSize ?? 1000;
  const previous = await deps.holders.getRun(meetingId, req.kind, req.sourceId);
  const unfinished = previous?.status === 'running';
  const resumed = unfinished && previous.counts.line > 0;
  let run: ImportRun = unfinished
    ? previous
    : {
        meetingId,
        kind: req.kind,
        sourceId: req.sourceId,
        sourceName: req.sourceName,
        status: 'running',
        startedAt: deps.now(),
        counts: ZERO,
      };
  if (!unfinished) await deps.holders.saveRun(run);
  let counts = run.counts;
  const resumeAfter = counts.line;
  // A first import into a meeting with no holders has nothing to read back: only accounts this
  // run has already seen (by hash, to keep memory flat) need a look-up to tell duplicates.
  const seen =
    !unfinished && req.kind === 'registered' && !(await deps.holders.hasHolders(meetingId))
      ? new AccountHashSet()
      : undefined;
  let chunk: SourceRecord[] = [];

  // Writes overlap the work on the next chunks: chunk N is written while chunk N+1 is read,
  // validated and numbered, and N+1's write starts as soon as it is ready, so the store never
  // waits at a chunk boundary. At most two chunks' writes are in flight; checkpoints are saved in
  // order, each only after its chunk's data and every earlier checkpoint.
  let inflight: Promise<void> = Promise.resolve();
  let before: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!chunk.length) return;
    const records = chunk;
    chunk = [];
    const prepared =
      req.kind === 'registered'
        ? await prepareRegistered(deps, meetingId, req.sourceId, records, seen, () => inflight)
        : await prepareNominees(deps, meetingId, req.sourceId, records, () => inflight);
    await before; // the write two chunks back has finished: at most two in flight
    const rejectedLines = new Set(prepared.rejections.map((r) => r.line)).size;
    counts = {
      line: records[records.length - 1]!.line,
      rowsRead: counts.rowsRead + records.length,
      rowsImported: counts.rowsImported + prepared.imported,
      rowsRejected: counts.rowsRejected + rejectedLines,
      shares: counts.shares + prepared.shares,
    };
    run = { ...run, counts };
    const checkpoint = run;
    const previous = inflight;
    before = previous;
    inflight = (async () => {
      await Promise.all([
        prepared.write(),
        prepared.rejections.length
          ? deps.holders.putRejections(meetingId, req.sourceId, prepared.rejections)
          : undefined,
      ]);
      await previous;
      await deps.holders.saveRun(checkpoint); // the checkpoint after the data: a crash repeats at most the chunks after it
      req.onProgress?.(checkpoint.counts);
    })();
    inflight.catch(() => undefined); // observed when awaited; never an unhandled rejection meanwhile
  };

  for await (const record of req.records) {
    if (record.line <= resumeAfter) continue;
    chunk.push(record);
    if (chunk.length >= chunkSize) {
      await flush();
      if (req.shouldPause?.()) {
        await inflight;
        return { status: 'paused', counts };
      }
    }
  }
  await flush();
  await inflight;

  // A first import into an empty meeting wrote every registered holder there is: its own counts
  // are the registered totals. Otherwise the stored lists are summed.
  const totals = await deps.holders.totals(
    meetingId,
    seen ? { registered: { holders: counts.rowsImported, shares: counts.shares } } : undefined,
  );
  const report: ImportReport = {
    meetingId,
    kind: req.kind,
    source: req.sourceName,
    sourceId: req.sourceId,
    resumed,
    counts,
    rejections: await deps.holders.listRejections(meetingId, req.sourceId, REPORTED_REJECTIONS),
    reconciliation: reconcile(req.meeting.meeting.sharesOutstanding, totals),
  };
  await deps.holders.saveRun({ ...run, status: 'done', finishedAt: deps.now(), report });
  return { status: 'done', counts, report };
}

interface PreparedChunk {
  readonly imported: number;
  readonly shares: number;
  readonly rejections: Rejection[];
  write(): Promise<void>;
}

function rejectionsOf(line: number, issues: readonly { path: readonly PropertyKey[]; message: string }[]): Rejection[] {
  return fieldIssues(issues).map((i) => ({ line, field: i.field, message: i.message }));
}

/**
 * Lets pending I/O callbacks run between slices of CPU work, so the previous chunk's writes keep
 * the store busy while this chunk is validated and numbered.
 */
const YIELD_EVERY = 100;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Validates a chunk's rows and splits out rejections (malformed lines, invalid fields, duplicates within the chunk). */
async function validateChunk<T>(
  records: readonly SourceRecord[],
  parse: (
    fields: Record<string, string | undefined>,
  ) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
  keyOf: (row: T) => string,
  keyField: string,
): Promise<{ rows: { line: number; row: T }[]; rejections: Rejection[] }> {
  const rows: { line: number; row: T }[] = [];
  const rejections: Rejection[] = [];
  const seen = new Map<string, number>();
  for (const [i, record] of records.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo();
    if (record.kind === 'malformed') {
      rejections.push({ line: record.line, field: '(row)', message: record.message });
      continue;
    }
    const parsed = parse(record.fields);
    if (!parsed.success) {
      rejections.push(...rejectionsOf(record.line, parsed.error.issues));
      continue;
    }
    const key = keyOf(parsed.data);
    const first = seen.get(key);
    if (first !== undefined) {
      rejections.push({
        line: record.line,
        field: keyField,
        message: `duplicate ${keyField} ${key}: already on line ${first}`,
      });
      continue;
    }
    seen.set(key, record.line);
    rows.push({ line: record.line, row: parsed.data });
  }
  return { rows, rejections };
}

/**
 * Validates a chunk, reads back the accounts that may exist, and numbers new ones; the returned
 * write() stores it. `pending` is the previous chunk's write: awaited before any read-back, so a
 * duplicate of a row still being written is seen.
 */
async function prepareRegistered(
  deps: ImportDeps,
  meetingId: string,
  sourceId: string,
  records: readonly SourceRecord[],
  seen: AccountHashSet | undefined,
  pending: () => Promise<void>,
): Promise<PreparedChunk> {
  const { rows, rejections } = await validateChunk<RegisteredRow>(
    records,
    (f) => RegisteredRowSchema.safeParse(f),
    (r) => r.accountId,
    'account_id',
  );
  const ids = rows.map((r) => r.row.accountId);
  const lookup = seen ? ids.filter((id) => seen.has(id)) : ids;
  if (lookup.length) await pending();
  const existing = await deps.holders.getHolders(meetingId, lookup);
  for (const id of ids) seen?.add(id);
  const accepted: { line: number; row: RegisteredRow; before?: Holder }[] = [];
  for (const { line, row } of rows) {
    const before = existing.get(row.accountId);
    if (before && before.source.id === sourceId && before.source.line !== line) {
      rejections.push({
        line,
        field: 'account_id',
        message: `duplicate account_id ${row.accountId}: already on line ${before.source.line}`,
      });
      continue;
    }
    accepted.push({ line, row, before });
  }
  const fresh = accepted.filter((a) => !a.before).length;
  let seq = fresh ? await deps.controlNumbers.reserve(meetingId, fresh) : 0;
  const seqs = accepted.map((a) => a.before?.controlSeq ?? seq++);
  const numbers = deps.controlNumbers.controlNumbers(
    meetingId,
    seqs.filter((_, i) => !accepted[i]!.before),
  );
  await yieldToIo();
  const now = deps.now();
  const holders: Holder[] = [];
  let next = 0;
  for (const [i, { line, row, before }] of accepted.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo();
    const controlHash = before?.controlHash ?? deps.controlNumbers.hash(meetingId, numbers[next++]!);
    // Recorded after import (householding events, an election the holder made by request): a re-import keeps them.
    const householding = before?.householding;
    const elected = before?.electedByRequest;
    const undeliverable = before?.emailUndeliverable;
    holders.push({
      ...row,
      meetingId,
      controlSeq: seqs[i]!,
      controlHash,
      source: { id: sourceId, line },
      updatedAt: now,
      ...(householding ? { householding } : {}),
      ...(elected ? { electedByRequest: elected } : {}),
      ...(undeliverable ? { emailUndeliverable: undeliverable } : {}),
    });
  }
  return {
    imported: holders.length,
    shares: holders.reduce((s, h) => s + h.shares, 0),
    rejections,
    write: async () => {
      if (holders.length) await deps.holders.putHolders(holders);
    },
  };
}

async function prepareNominees(
  deps: ImportDeps,
  meetingId: string,
  sourceId: string,
  records: readonly SourceRecord[],
  pending: () => Promise<void>,
): Promise<PreparedChunk> {
  const { rows, rejections } = await validateChunk<NomineeRow>(
    records,
    (f) => NomineeRowSchema.safeParse(f),
    (r) => r.dtcParticipant,
    'dtc_participant',
  );
  await pending();
  const existing = await deps.holders.getNominees(
    meetingId,
    rows.map((r) => r.row.dtcParticipant),
  );
  const now = deps.now();
  const nominees: Nominee[] = [];
  for (const { line, row } of rows) {
    const before = existing.get(row.dtcParticipant);
    if (before && before.source.id === sourceId && before.source.line !== line) {
      rejections.push({
        line,
        field: 'dtc_participant',
        message: `duplicate dtc_participant ${row.dtcParticipant}: already on line ${before.source.line}`,
      });
      continue;
    }
    nominees.push({ ...row, meetingId, source: { id: sourceId, line }, updatedAt: now });
  }
  return {
    imported: nominees.length,
    shares: nominees.reduce((s, n) => s + (n.shares ?? 0), 0),
    rejections,
    write: async () => {
      if (nominees.length) await deps.holders.putNominees(nominees);
    },
  };
}

/** Shares imported against shares outstanding on the record date; a mismatch is reported, never accepted silently. */
export function reconcile(sharesOutstanding: number, t: Totals): Reconciliation {
  const nomineeShares = t.nomineesWithShares > 0 ? t.nomineeShares : null;
  const difference = sharesOutstanding - t.registeredShares - (nomineeShares ?? 0);
  const fmt = (n: number) => n.toLocaleString('en-US');
  const status = difference === 0 ? 'balanced' : 'mismatch';
  const message =
    status === 'balanced'
      ? `Balanced: ${fmt(t.registeredShares)} registered` +
        `${nomineeShares !== null ? ` + ${fmt(nomineeShares)} street-name` : ''} = ${fmt(sharesOutstanding)} shares outstanding.`
      : difference > 0
        ? `Mismatch: ${fmt(difference)} of ${fmt(sharesOutstanding)} shares outstanding are not accounted ` +
          `for${nomineeShares === null ? ' (no nominee positions with shares are loaded)' : ''}.`
        : `Mismatch: the lists hold ${fmt(-difference)} shares more than the ${fmt(sharesOutstanding)} outstanding.`;
  return {
    sharesOutstanding,
    registeredHolders: t.registeredHolders,
    registeredShares: t.registeredShares,
    nomineeShares,
    nominees: t.nominees,
    nomineeSetsRequested: t.nomineeSetsRequested,
    difference,
    status,
    message,
  };
}

/**
 * A set of 32-bit account-id hashes in one typed array (about 8 bytes per account): a hit means
 * "maybe seen" and is confirmed by a look-up; a miss means "certainly new".
 */
class AccountHashSet {
  private table = new Uint32Array(1 << 16);
  private size = 0;

  private static hash(id: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    return h >>> 0 || 1; // 0 marks an empty slot
  }

  private slot(h: number): number {
    const mask = this.table.length - 1;
    let i = h & mask;
    while (this.table[i] !== 0 && this.table[i] !== h) i = (i + 1) & mask;
    return i;
  }

  has(id: string): boolean {
    const h = AccountHashSet.hash(id);
    return this.table[this.slot(h)] === h;
  }

  add(id: string): void {
    const h = AccountHashSet.hash(id);
    const i = this.slot(h);
    if (this.table[i] === h) return;
    this.table[i] = h;
    if (++this.size * 2 > this.table.length) {
      const old = this.table;
      this.table = new Uint32Array(old.length * 2);
      for (const v of old) if (v !== 0) this.table[this.slot(v)] = v;
    }
  }
}
