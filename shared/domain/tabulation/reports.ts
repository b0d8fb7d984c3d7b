import { parseInstant, Temporal } from '../calendar/dates.js';
import type { Rejection, SourceRecord } from '../holders/model.js';
import { nomineeName, proposalKind, type MeetingFile } from '../meetings/schema.js';
import { optionsFor, type Choice } from '../voting/ballot.js';
import {
  ZERO_TALLY,
  type Discretionary,
  type NomineeReport,
  type Position,
  type ReportLine,
  type Tally,
} from './model.js';

/**
 * The street-name inputs of the count, as rows of CSV files (docs/file-formats.md "Nominee vote reports"
 * and "DTC security position report"). The CSV is read by the shared reader (shared/adapters/csv/records.ts,
 * with the column lists below); each row is checked here, purely: a bad row is rejected with its line, field
 * and reason, and the other rows are kept.
 */

const VOTE_COLUMNS = [
  'for',
  'against',
  'abstain',
  'withhold',
  'one_year',
  'two_years',
  'three_years',
  'broker_non_votes',
  'discretionary_for',
  'discretionary_against',
  'discretionary_abstain',
] as const;

export const NOMINEE_REPORT_COLUMNS = [
  'dtc_participant',
  'nominee_name',
  'proposal',
  'director',
  ...VOTE_COLUMNS,
  'reported_at',
] as const;
export const NOMINEE_REPORT_REQUIRED = ['dtc_participant', 'proposal'] as const;

export const POSITION_COLUMNS = ['dtc_participant', 'participant_name', 'shares'] as const;
export const POSITION_REQUIRED = ['dtc_participant', 'shares'] as const;

/** The ballot choice each vote column records (broker non-votes are not a choice). */
const COLUMN_CHOICE: Readonly<Record<(typeof VOTE_COLUMNS)[number], Choice | undefined>> = {
  for: 'FOR',
  against: 'AGAINST',
  abstain: 'ABSTAIN',
  withhold: 'WITHHOLD',
  one_year: '1 YEAR',
  two_years: '2 YEARS',
  three_years: '3 YEARS',
  broker_non_votes: undefined,
  discretionary_for: 'FOR',
  discretionary_against: 'AGAINST',
  discretionary_abstain: 'ABSTAIN',
};

export type RowResult<T> =
  | { readonly ok: true; readonly line: number; readonly row: T }
  | { readonly ok: false; readonly rejections: readonly Rejection[] };

/** A nominee report row, checked against the meeting. */
export interface NomineeReportRow extends ReportLine {
  readonly participant: string;
  readonly nomineeName?: string;
  readonly reportedAt?: string;
}

const clean = (v: string | undefined) => (v ?? '').trim().replace(/\s+/g, ' ');

/** DTC participant numbers are 1–5 digits, padded to 4 (as on the nominee holder list). */
function participantOf(v: string | undefined): string | undefined {
  const t = clean(v);
  return /^\d{1,5}$/.test(t) ? t.padStart(4, '0') : undefined;
}

/** Blank is 0; "1,000" is 1000; decimals, negatives and text are refused. */
function wholeOrZero(v: string | undefined): number | undefined {
  const t = clean(v).replace(/[,_ ]/g, '');
  if (t === '') return 0;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Checks one row of a nominee vote report against the meeting: a known proposal; for an election a known
 * director nominee (and none otherwise); whole-number shares in every vote column, with shares only in the
 * columns the proposal offers (WITHHOLD under plurality, AGAINST/ABSTAIN under a majority standard, 1/2/3
 * YEARS on frequency; Rule 14a-4(b)(1)); and an instant with an offset in `reported_at` when given.
 */
export function parseNomineeReportRow(meeting: MeetingFile, record: SourceRecord): RowResult<NomineeReportRow> {
  const line = record.line;
  if (record.kind === 'malformed')
    return { ok: false, rejections: [{ line, field: '(row)', message: record.message }] };
  const f = record.fields;
  const rejections: Rejection[] = [];
  const reject = (field: string, message: string) => rejections.push({ line, field, message });

  const participant = participantOf(f.dtc_participant);
  if (!participant) reject('dtc_participant', 'must be a DTC participant number (1–5 digits)');
  const proposalText = clean(f.proposal);
  const proposal = /^[1-9]\d*$/.test(proposalText)
    ? meeting.proposals.find((p) => p.number === Number(proposalText))
    : undefined;
  if (!proposal) reject('proposal', `this meeting has no proposal ${JSON.stringify(proposalText)}`);
  const director = clean(f.director) || undefined;
  if (proposal) {
    const election = proposalKind(proposal) === 'election';
    const names = (proposal.nominees ?? []).map(nomineeName);
    if (election && !director)
      reject('director', `proposal ${proposal.number} is an election: name the director nominee`);
    else if (election && director && !names.includes(director))
      reject('director', `proposal ${proposal.number} has no nominee ${JSON.stringify(director)}`);
    else if (!election && director) reject('director', `must be blank: proposal ${proposal.number} is not an election`);
  }
  const values: Partial<Record<(typeof VOTE_COLUMNS)[number], number>> = {};
  for (const column of VOTE_COLUMNS) {
    const n = wholeOrZero(f[column]);
    if (n === undefined) {
      reject(column, 'must be a whole number of shares (blank is 0)');
      continue;
    }
    values[column] = n;
    const choice = COLUMN_CHOICE[column];
    if (proposal && n > 0 && choice && !optionsFor(proposal).includes(choice))
      reject(column, `proposal ${proposal.number} offers ${optionsFor(proposal).join(', ')}; not ${choice}`);
  }
  const reportedText = clean(f.reported_at);
  const reportedAt = reportedText ? parseInstant(reportedText) : undefined;
  if (reportedText && !reportedAt) reject('reported_at', 'must be an ISO-8601 instant with an offset');
  if (rejections.length || !participant || !proposal) return { ok: false, rejections };

  const v = (c: (typeof VOTE_COLUMNS)[number]) => values[c] ?? 0;
  const votes: Tally = {
    ...ZERO_TALLY,
    for: v('for'),
    against: v('against'),
    abstain: v('abstain'),
    withheld: v('withhold'),
    oneYear: v('one_year'),
    twoYears: v('two_years'),
    threeYears: v('three_years'),
    brokerNonVotes: v('broker_non_votes'),
  };
  const discretionary: Discretionary = {
    for: v('discretionary_for'),
    against: v('discretionary_against'),
    abstain: v('discretionary_abstain'),
  };
  const name = clean(f.nominee_name) || undefined;
  return {
    ok: true,
    line,
    row: {
      participant,
      ...(name ? { nomineeName: name } : {}),
      proposal: proposal.number,
      ...(director ? { director } : {}),
      votes,
      discretionary,
      ...(reportedText ? { reportedAt: reportedText } : {}),
    },
  };
}

const unitKey = (l: { proposal: number; director?: string }) => `${l.proposal}\u0000${l.director ?? ''}`;

/** Report lines in their one order: by proposal number, then director name (code-unit order). */
export const compareLines = (a: ReportLine, b: ReportLine): number =>
  a.proposal - b.proposal ||
  ((a.director ?? '') < (b.director ?? '') ? -1 : (a.director ?? '') > (b.director ?? '') ? 1 : 0);

/**
 * Groups a file's checked rows into reports: one per participant and `reported_at` (rows without it take
 * `receivedAt`, when the file was received). A second row for the same participant, instant, proposal and
 * director is rejected as a duplicate (the first is kept).
 */
export function assembleNomineeReports(
  rows: readonly { line: number; row: NomineeReportRow }[],
  receivedAt: string,
): { reports: NomineeReport[]; rejections: Rejection[] } {
  const groups = new Map<
    string,
    {
      participant: string;
      nomineeName?: string;
      receivedAt: string;
      lines: Map<string, { line: number; l: ReportLine }>;
    }
  >();
  const rejections: Rejection[] = [];
  for (const { line, row } of rows) {
    const at = row.reportedAt ?? receivedAt;
    const key = `${row.participant}\u0000${at}`;
    let g = groups.get(key);
    if (!g) {
      g = { participant: row.participant, receivedAt: at, lines: new Map() };
      groups.set(key, g);
    }
    if (row.nomineeName && !g.nomineeName) g.nomineeName = row.nomineeName;
    const uk = unitKey(row);
    const first = g.lines.get(uk);
    if (first) {
      const what = row.director ? `proposal ${row.proposal}, ${row.director}` : `proposal ${row.proposal}`;
      rejections.push({
        line,
        field: row.director ? 'director' : 'proposal',
        message: `duplicate: participant ${row.participant} already reported ${what} on line ${first.line}`,
      });
      continue;
    }
    g.lines.set(uk, {
      line,
      l: {
        proposal: row.proposal,
        ...(row.director ? { director: row.director } : {}),
        votes: row.votes,
        discretionary: row.discretionary,
      },
    });
  }
  const reports = [...groups.values()].map((g) => ({
    participant: g.participant,
    ...(g.nomineeName ? { nomineeName: g.nomineeName } : {}),
    receivedAt: g.receivedAt,
    lines: [...g.lines.values()].map((x) => x.l).sort(compareLines),
  }));
  return { reports, rejections };
}

/**
 * The report that counts for each participant: a resent report replaces the earlier one whole (issue 13). The
 * latest by `receivedAt` wins; at the same instant, the later in the input order. Sorted by participant.
 */
export function latestReports(reports: readonly NomineeReport[]): NomineeReport[] {
  const best = new Map<string, { r: NomineeReport; at: Temporal.Instant }>();
  for (const r of reports) {
    const at = parseInstant(r.receivedAt);
    if (!at) throw new Error(`report of participant ${r.participant}: receivedAt is not an instant: ${r.receivedAt}`);
    const held = best.get(r.participant);
    if (!held || Temporal.Instant.compare(at, held.at) >= 0) best.set(r.participant, { r, at });
  }
  return [...best.values()].map((x) => x.r).sort((a, b) => (a.participant < b.participant ? -1 : 1));
}

/** Checks one row of the DTC security position report: participant, optional name, record-date shares (0 allowed). */
export function parsePositionRow(record: SourceRecord): RowResult<Position> {
  const line = record.line;
  if (record.kind === 'malformed')
    return { ok: false, rejections: [{ line, field: '(row)', message: record.message }] };
  const rejections: Rejection[] = [];
  const participant = participantOf(record.fields.dtc_participant);
  if (!participant)
    rejections.push({ line, field: 'dtc_participant', message: 'must be a DTC participant number (1–5 digits)' });
  const sharesText = clean(record.fields.shares);
  const shares = sharesText ? wholeOrZero(sharesText) : undefined;
  if (shares === undefined)
    rejections.push({ line, field: 'shares', message: 'must be a whole number of shares (0 or more)' });
  if (!participant || shares === undefined) return { ok: false, rejections };
  const name = clean(record.fields.participant_name) || undefined;
  return { ok: true, line, row: { participant, ...(name ? { participantName: name } : {}), shares } };
}

/** The positions by participant; a participant listed twice is rejected on its second line. */
export function assemblePositions(rows: readonly { line: number; row: Position }[]): {
  positions: Position[];
  rejections: Rejection[];
} {
  const seen = new Map<string, { line: number; row: Position }>();
  const rejections: Rejection[] = [];
  for (const r of rows) {
    const first = seen.get(r.row.participant);
    if (first)
      rejections.push({
        line: r.line,
        field: 'dtc_participant',
        message: `duplicate participant ${r.row.participant}: already on line ${first.line}`,
      });
    else seen.set(r.row.participant, r);
  }
  const positions = [...seen.values()].map((r) => r.row).sort((a, b) => (a.participant < b.participant ? -1 : 1));
  return { positions, rejections };
}
