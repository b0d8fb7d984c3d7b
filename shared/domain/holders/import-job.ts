import type { Meeting } from '../meetings/schema.js';
import type { Clock } from '../ports.js';
import { importHolders } from './import.js';
import { columnMapKey, parseImportKey, reportKey } from './import-key.js';
import type { ControlNumberIssuer, HolderStore, ImportReport, SourceRecord } from './model.js';
import { NOMINEE_COLUMNS, NOMINEE_REQUIRED, REGISTERED_COLUMNS, REGISTERED_REQUIRED } from './schema.js';

/** One step of an upload's import: the file, and how many steps ran before. */
export interface ImportStep {
  readonly bucket: string;
  readonly key: string;
  readonly attempt: number;
}

/** Port: the uploaded holder files (the imports bucket), read as records. */
export interface ImportFiles {
  /** The folder's column map (columns.json): none, a map, or why it is not one. */
  columnMap(bucket: string, key: string): Promise<{ map?: Record<string, string>; error?: string }>;
  /** The file's records, mapped and checked against the known and required columns as they are read. */
  open(
    bucket: string,
    key: string,
    columns: { map?: Record<string, string>; known: readonly string[]; required: readonly string[] },
  ): Promise<{ sourceId: string; records: AsyncIterable<SourceRecord>; close(): void }>;
  /** The required columns a file lacks, when `err` is the reader's refusal of its header; else undefined. */
  missingColumns(err: unknown): readonly string[] | undefined;
}

/** Port: where an import's report is written (beside the file, under reports/). */
export interface ImportReports {
  put(bucket: string, key: string, report: unknown): Promise<void>;
}

/** Port: where a paused import queues its next step (SQS); absent when none is configured. */
export interface ContinuationQueue {
  send(next: ImportStep): Promise<void>;
}

export interface ImportJobDeps {
  readonly holders: HolderStore;
  readonly controlNumbers: ControlNumberIssuer;
  readonly meeting: (meetingId: string) => Promise<Meeting>;
  readonly files: ImportFiles;
  readonly reports: ImportReports;
  readonly continuations?: ContinuationQueue;
  readonly now: Clock;
  /** Milliseconds left in this invocation (Lambda context). */
  readonly remainingMs: () => number;
  /** Stop and continue in a fresh invocation when less than this is left. @default 90 s */
  readonly reserveMs?: number;
}

export type ImportJobResult =
  | { readonly status: 'done'; readonly report: ImportReport; readonly reportKey: string }
  | { readonly status: 'paused'; readonly next: ImportStep }
  | { readonly status: 'ignored'; readonly reason: string }
  /** The file was refused as a whole (a required column missing, a bad column map); the reason is in the report. */
  | { readonly status: 'refused'; readonly reason: string; readonly reportKey: string };

/**
 * One step of an upload's import (an S3 upload event, or a queued continuation).
 * Steps: meeting and list from the key → the folder's column map, if any (a bad one refuses the
 * file, with a report) → read the file → import until done or until the invocation runs short of
 * time → done: the report lands at reports/<key>.json; paused: the next step is queued and resumes
 * from the checkpoint; a required column missing: the file is refused, with a report naming them.
 */
export async function runImportJob(deps: ImportJobDeps, job: ImportStep): Promise<ImportJobResult> {
  const target = parseImportKey(job.key);
  if (!target)
    return { status: 'ignored', reason: `${job.key} is not imports/<meeting>/<registered|nominee>/<file>.csv` };
  const meeting = await deps.meeting(target.meetingId);
  const key = reportKey(job.key);
  const refuse = async (reason: string, missing?: readonly string[]): Promise<ImportJobResult> => {
    await deps.reports.put(job.bucket, key, {
      status: 'refused',
      source: job.key,
      reason,
      refusedAt: deps.now(),
      ...(missing ? { missing } : {}),
    });
    return { status: 'refused', reason, reportKey: key };
  };
  const columns = await deps.files.columnMap(job.bucket, columnMapKey(job.key));
  if (columns.error) return refuse(columns.error);
  const registered = target.kind === 'registered';
  const file = await deps.files.open(job.bucket, job.key, {
    map: columns.map,
    known: registered ? REGISTERED_COLUMNS : NOMINEE_COLUMNS,
    required: registered ? REGISTERED_REQUIRED : NOMINEE_REQUIRED,
  });
  const reserve = deps.reserveMs ?? 90_000;
  try {
    const outcome = await importHolders(
      { holders: deps.holders, controlNumbers: deps.controlNumbers, now: deps.now },
      {
        meeting,
        kind: target.kind,
        sourceId: file.sourceId,
        sourceName: job.key,
        records: file.records,
        shouldPause: () => deps.remainingMs() < reserve,
      },
    );
    if (outcome.status === 'paused' || !outcome.report) {
      if (!deps.continuations)
        throw new Error(
          'the import ran short of time and no continuation queue is configured (PROXYDESK_IMPORT_QUEUE_URL)',
        );
      const next = { ...job, attempt: job.attempt + 1 };
      await deps.continuations.send(next);
      return { status: 'paused', next };
    }
    await deps.reports.put(job.bucket, key, outcome.report);
    return { status: 'done', report: outcome.report, reportKey: key };
  } catch (err) {
    const missing = deps.files.missingColumns(err);
    if (missing)
      return refuse(
        `the file is refused: ${(err as Error).message}; map the columns with ${columnMapKey(job.key)}`,
        missing,
      );
    throw err;
  } finally {
    file.close();
  }
}
