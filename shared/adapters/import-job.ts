import type { Clients } from './clients.js';
import type { Config } from '../config.js';
import type { HolderAdapters } from './holders.js';
import { openHolderFile, putJson, readColumnMap } from './s3/holder-files.js';
import { sendContinuation, type ImportContinuation } from './sqs/continuations.js';
import { MissingColumnsError, readCsvRecords } from './csv/records.js';
import { DynamoMeetingRepository } from './dynamodb/meeting-repository.js';
import { getMeeting } from '../domain/meetings/use-cases.js';
import { importHolders } from '../domain/holders/import.js';
import { columnMapKey, parseImportKey, reportKey } from '../domain/holders/import-key.js';
import {
  NOMINEE_COLUMNS,
  NOMINEE_REQUIRED,
  REGISTERED_COLUMNS,
  REGISTERED_REQUIRED,
} from '../domain/holders/schema.js';
import type { ImportReport } from '../domain/holders/model.js';

export interface ImportJobDeps {
  readonly clients: Clients;
  readonly config: Config;
  readonly adapters: HolderAdapters;
  readonly now: () => string;
  /** Milliseconds left in this invocation (Lambda context). */
  readonly remainingMs: () => number;
  /** Stop and continue in a fresh invocation when less than this is left. @default 90 s */
  readonly reserveMs?: number;
}

export type ImportJobResult =
  | { readonly status: 'done'; readonly report: ImportReport; readonly reportKey: string }
  | { readonly status: 'paused'; readonly next: ImportContinuation }
  | { readonly status: 'ignored'; readonly reason: string }
  /** The file was refused as a whole (a required column missing, a bad column map); the reason is in the report. */
  | { readonly status: 'refused'; readonly reason: string; readonly reportKey: string };

/**
 * One step of an import from the imports bucket (S3 upload event, or a queued continuation).
 * Steps: meeting and list from the key → the folder's column map (columns.json), if any → stream
 * the object → import until done or until the
 * invocation runs short of time → done: the report lands at reports/<key>.json; paused: a
 * continuation is queued and the next invocation resumes from the checkpoint.
 */
export async function runImportJob(deps: ImportJobDeps, job: ImportContinuation): Promise<ImportJobResult> {
  const target = parseImportKey(job.key);
  if (!target)
    return { status: 'ignored', reason: `${job.key} is not imports/<meeting>/<registered|nominee>/<file>.csv` };
  const meetings = new DynamoMeetingRepository(deps.clients.documents, deps.config.tableName);
  const meeting = await getMeeting({ meetings }, target.meetingId);
  const key = reportKey(job.key);
  const refuse = async (reason: string, missing?: readonly string[]): Promise<ImportJobResult> => {
    await putJson(deps.clients.s3, job.bucket, key, {
      status: 'refused',
      source: job.key,
      reason,
      ...(missing ? { missing } : {}),
    });
    return { status: 'refused', reason, reportKey: key };
  };
  const columns = await readColumnMap(deps.clients.s3, job.bucket, columnMapKey(job.key));
  if (columns.error) return refuse(columns.error);
  const file = await openHolderFile(deps.clients.s3, job.bucket, job.key);
  const registered = target.kind === 'registered';
  const reserve = deps.reserveMs ?? 90_000;
  try {
    const outcome = await importHolders(
      { holders: deps.adapters.holders, controlNumbers: deps.adapters.controlNumbers, now: deps.now },
      {
        meeting,
        kind: target.kind,
        sourceId: file.sourceId,
        sourceName: job.key,
        records: readCsvRecords(file.body, {
          columnMap: columns.map,
          known: registered ? REGISTERED_COLUMNS : NOMINEE_COLUMNS,
          required: registered ? REGISTERED_REQUIRED : NOMINEE_REQUIRED,
        }),
        shouldPause: () => deps.remainingMs() < reserve,
      },
    );
    if (outcome.status === 'paused') {
      if (!deps.config.importQueueUrl)
        throw new Error('the import ran short of time and PROXYDESK_IMPORT_QUEUE_URL is not set');
      const next = { ...job, attempt: job.attempt + 1 };
      await sendContinuation(deps.clients.sqs, deps.config.importQueueUrl, next);
      return { status: 'paused', next };
    }
    await putJson(deps.clients.s3, job.bucket, key, outcome.report);
    return { status: 'done', report: outcome.report!, reportKey: key };
  } catch (err) {
    if (err instanceof MissingColumnsError)
      return refuse(`the file is refused: ${err.message}; map the columns with ${columnMapKey(job.key)}`, err.missing);
    throw err;
  } finally {
    file.body.destroy();
  }
}
