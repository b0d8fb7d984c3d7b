import { parseInstant, Temporal } from '../calendar/dates.js';
import { sha256Hex } from '../digest.js';
import { InvalidInputError } from '../errors.js';
import type { Rejection, SourceRecord } from '../holders/model.js';
import type { MeetingFile } from '../meetings/schema.js';
import type { Clock } from '../ports.js';
import { canonicalJson } from '../canonical.js';
import type { Position, ReportLine } from './model.js';
import type { InputSource, NomineeReportStore, PositionList, PositionStore, StoredNomineeReport } from './ports.js';
import {
  assembleNomineeReports,
  assemblePositions,
  parseNomineeReportRow,
  parsePositionRow,
  type NomineeReportRow,
} from './reports.js';

/**
 * Storing the count's street-name inputs (issue 13 "Inputs"): a file of nominee vote reports, and the DTC
 * security position report. Each bad row is rejected with its line, field and reason; the valid rows land.
 */

export interface NomineeReportImportDeps {
  readonly store: NomineeReportStore;
  readonly now: Clock;
}

export interface NomineeReportImportRequest {
  readonly meeting: MeetingFile;
  /** The file's records, from the shared CSV reader (NOMINEE_REPORT_COLUMNS). */
  readonly records: AsyncIterable<SourceRecord>;
  readonly source: InputSource;
  /** When the file was received (an ISO-8601 instant with an offset); rows without `reported_at` take it. Default: now. */
  readonly receivedAt?: string;
}

/**
 * What became of one report of the file: it `counts` (the participant's latest; `replaces` names the one it
 * replaced); it is `unchanged` (the report that counts already came from this file with these lines: a repeated
 * import); or it is `superseded` (kept in the history; a later report of the participant counts).
 */
export type ReportOutcome = 'counts' | 'unchanged' | 'superseded';

export interface ImportedReport {
  readonly participant: string;
  readonly nomineeName?: string;
  readonly receivedAt: string;
  readonly id: string;
  readonly lines: readonly ReportLine[];
  readonly outcome: ReportOutcome;
  /** The report this one replaced as the one that counts. */
  readonly replaces?: { readonly id: string; readonly receivedAt: string; readonly source: InputSource };
  /** For a superseded report: the one that counts. */
  readonly counting?: { readonly id: string; readonly receivedAt: string; readonly source: InputSource };
}

export interface ImportCountsOf {
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rowsRejected: number;
}

export interface NomineeReportImport extends ImportCountsOf {
  readonly meetingId: string;
  readonly source: InputSource;
  readonly receivedAt: string;
  readonly importedAt: string;
  /** In file order (one per participant and `reported_at`). A participant without a valid row has none. */
  readonly reports: readonly ImportedReport[];
  /** By line, then field. */
  readonly rejections: readonly Rejection[];
}

/** Attempts at making a report the one that counts when other imports keep changing it (then it fails loudly). */
const MAX_ATTEMPTS = 5;

const byLine = (a: Rejection, b: Rejection) => a.line - b.line || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0);

function instantOf(text: string, field: string): Temporal.Instant {
  const at = parseInstant(text);
  if (!at) throw new InvalidInputError([{ field, message: `must be an ISO-8601 instant with an offset, not ${text}` }]);
  return at;
}

/** The same report content: name and lines (what the count reads). */
const contentOf = (r: { nomineeName?: string; lines: readonly ReportLine[] }) =>
  canonicalJson({ nomineeName: r.nomineeName ?? null, lines: r.lines }, 0);

/**
 * Checks every row of a nominee report file against the meeting, groups the valid rows into reports (one per
 * participant and `reported_at`) and stores each: added to the participant's history, and made the report that
 * counts when it is the latest by `receivedAt` (at the same instant the later import wins, as `latestReports`).
 * A participant with no valid row stores nothing. Importing the same file again leaves the stored state as it was.
 */
export async function importNomineeReport(
  deps: NomineeReportImportDeps,
  req: NomineeReportImportRequest,
): Promise<NomineeReportImport> {
  const importedAt = deps.now();
  const receivedAt = req.receivedAt ?? importedAt;
  instantOf(receivedAt, 'receivedAt');
  const meetingId = req.meeting.id;

  const rows: { line: number; row: NomineeReportRow }[] = [];
  const rejections: Rejection[] = [];
  let rowsRead = 0;
  for await (const record of req.records) {
    rowsRead++;
    const r = parseNomineeReportRow(req.meeting, record);
    if (r.ok) rows.push({ line: r.line, row: r.row });
    else rejections.push(...r.rejections);
  }
  const assembled = assembleNomineeReports(rows, receivedAt);
  rejections.push(...assembled.rejections);

  const reports: ImportedReport[] = [];
  for (const report of assembled.reports) {
    const stored: StoredNomineeReport = {
      ...report,
      id: sha256Hex(`nominee-report\n${meetingId}\n${req.source.id}\n${report.participant}\n${report.receivedAt}`, 32),
      source: req.source,
      importedAt,
    };
    reports.push(await storeReport(deps.store, meetingId, stored));
  }
  const rejectedLines = new Set(rejections.map((r) => r.line)).size;
  return {
    meetingId,
    source: req.source,
    receivedAt,
    importedAt,
    rowsRead,
    rowsAccepted: rowsRead - rejectedLines,
    rowsRejected: rejectedLines,
    reports,
    rejections: rejections.sort(byLine),
  };
}

async function storeReport(
  store: NomineeReportStore,
  meetingId: string,
  report: StoredNomineeReport,
): Promise<ImportedReport> {
  const at = instantOf(report.receivedAt, 'reported_at');
  const { participant, nomineeName, receivedAt, id, lines } = report;
  const base = { participant, ...(nomineeName ? { nomineeName } : {}), receivedAt, id, lines };
  const ref = (r: StoredNomineeReport) => ({ id: r.id, receivedAt: r.receivedAt, source: r.source });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await store.latestReport(meetingId, participant);
    // A repeated import: this report already counts, or the one that counts came from the same file with the same
    // lines (a file without `reported_at`, imported again, takes a new receivedAt but is the same report).
    if (
      current &&
      (current.id === id || (current.source.id === report.source.id && contentOf(current) === contentOf(report)))
    )
      return { ...base, outcome: 'unchanged' };
    await store.addReport(meetingId, report);
    // The latest by receivedAt counts; at the same instant the later import (issue 13: the latest replaces).
    if (current && Temporal.Instant.compare(at, instantOf(current.receivedAt, 'receivedAt')) < 0)
      return { ...base, outcome: 'superseded', counting: ref(current) };
    if (await store.setLatest(meetingId, report, current?.id))
      return { ...base, outcome: 'counts', ...(current ? { replaces: ref(current) } : {}) };
  }
  throw new Error(`participant ${participant}: the report that counts kept changing under this import; try again`);
}

export interface PositionImportDeps {
  readonly store: PositionStore;
  readonly now: Clock;
}

export interface PositionImportRequest {
  readonly meeting: MeetingFile;
  /** The file's records, from the shared CSV reader (POSITION_COLUMNS). */
  readonly records: AsyncIterable<SourceRecord>;
  readonly source: InputSource;
}

/**
 * `stored`: the meeting's first list; `replaced`: it replaced the earlier list whole; `unchanged`: the same
 * file's same list was already stored (a repeated import); `nothing`: no valid row, nothing stored.
 */
export type PositionOutcome = 'stored' | 'replaced' | 'unchanged' | 'nothing';

export interface PositionImport extends ImportCountsOf {
  readonly meetingId: string;
  readonly source: InputSource;
  readonly outcome: PositionOutcome;
  /** The list that is now stored (undefined when none is). */
  readonly list?: PositionList;
  /** The list this import replaced. */
  readonly replaced?: {
    readonly source: InputSource;
    readonly importedAt: string;
    readonly participants: number;
    readonly totalShares: number;
  };
  readonly sharesOutstanding: number;
  /** The file's positions add up to more than the shares outstanding on the record date: a wrong file. */
  readonly exceedsOutstanding: boolean;
  readonly rejections: readonly Rejection[];
}

/**
 * Checks every row of a DTC security position report and stores the valid positions as the meeting's list,
 * replacing any earlier list whole. A file without a valid row stores nothing (the earlier list stays).
 */
export async function importPositions(deps: PositionImportDeps, req: PositionImportRequest): Promise<PositionImport> {
  const importedAt = deps.now();
  const meetingId = req.meeting.id;
  const rows: { line: number; row: Position }[] = [];
  const rejections: Rejection[] = [];
  let rowsRead = 0;
  for await (const record of req.records) {
    rowsRead++;
    const r = parsePositionRow(record);
    if (r.ok) rows.push({ line: r.line, row: r.row });
    else rejections.push(...r.rejections);
  }
  const assembled = assemblePositions(rows);
  rejections.push(...assembled.rejections);
  const rejectedLines = new Set(rejections.map((r) => r.line)).size;
  const totalShares = assembled.positions.reduce((sum, p) => sum + p.shares, 0);
  const sharesOutstanding = req.meeting.meeting.sharesOutstanding;
  const common = {
    meetingId,
    source: req.source,
    rowsRead,
    rowsAccepted: rowsRead - rejectedLines,
    rowsRejected: rejectedLines,
    sharesOutstanding,
    exceedsOutstanding: totalShares > sharesOutstanding,
    rejections: rejections.sort(byLine),
  };
  const current = await deps.store.positions(meetingId);
  if (!assembled.positions.length) return { ...common, outcome: 'nothing', ...(current ? { list: current } : {}) };
  const list: PositionList = { positions: assembled.positions, totalShares, source: req.source, importedAt };
  if (
    current &&
    current.source.id === req.source.id &&
    canonicalJson(current.positions, 0) === canonicalJson(list.positions, 0)
  )
    return { ...common, outcome: 'unchanged', list: current };
  await deps.store.putPositions(meetingId, list);
  return {
    ...common,
    outcome: current ? 'replaced' : 'stored',
    list,
    ...(current
      ? {
          replaced: {
            source: current.source,
            importedAt: current.importedAt,
            participants: current.positions.length,
            totalShares: current.totalShares,
          },
        }
      : {}),
  };
}
