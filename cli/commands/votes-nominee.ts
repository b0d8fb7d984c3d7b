import { Command, Option } from 'commander';
import { createReadStream } from 'node:fs';
import { parseInstant } from '#shared/domain/calendar/dates.js';
import type { ImportedReport, NomineeReportImport } from '#shared/domain/tabulation/inputs.js';
import type { ReportLine } from '#shared/domain/tabulation/model.js';
import { EXIT, UsageError, emit, guard, table } from '../output.js';
import { dataDirOption, jsonOption, meetingOption, requireMeeting } from '../options.js';
import { fileRefusal, readColumnMap } from './holders.js';
import { alignNumbers, fmt, inputSource, rowsText } from './input-files.js';

type Opts = { meeting?: string; file?: string; received?: string; columns?: string; dataDir?: string; json?: boolean };

/** The columns of a report line, in the order printed; the frequency columns only when a line has them. */
const COLUMNS: readonly { head: string; value: (l: ReportLine) => number; frequency?: true }[] = [
  { head: 'for', value: (l) => l.votes.for },
  { head: 'against', value: (l) => l.votes.against },
  { head: 'withhold', value: (l) => l.votes.withheld },
  { head: 'abstain', value: (l) => l.votes.abstain },
  { head: '1 year', value: (l) => l.votes.oneYear, frequency: true },
  { head: '2 years', value: (l) => l.votes.twoYears, frequency: true },
  { head: '3 years', value: (l) => l.votes.threeYears, frequency: true },
  { head: 'broker non-votes', value: (l) => l.votes.brokerNonVotes },
  { head: 'discr. for', value: (l) => l.discretionary.for },
  { head: 'discr. against', value: (l) => l.discretionary.against },
  { head: 'discr. abstain', value: (l) => l.discretionary.abstain },
];

const lineTotal = (l: ReportLine) => COLUMNS.reduce((sum, c) => sum + c.value(l), 0);

function outcomeText(r: ImportedReport): string {
  if (r.outcome === 'unchanged') return 'already imported from this file: unchanged';
  if (r.outcome === 'superseded')
    return `kept as history: the report received ${r.counting!.receivedAt} (${r.counting!.source.name}) counts`;
  return r.replaces
    ? `counts; replaces the report received ${r.replaces.receivedAt} (${r.replaces.source.name})`
    : 'counts';
}

function reportText(r: ImportedReport): string {
  const frequency = r.lines.some((l) => COLUMNS.some((c) => c.frequency && c.value(l) > 0));
  const columns = COLUMNS.filter((c) => frequency || !c.frequency);
  const rows = r.lines.map((l) => [
    l.director ? `${l.proposal} ${l.director}` : String(l.proposal),
    ...columns.map((c) => fmt(c.value(l))),
    fmt(lineTotal(l)),
  ]);
  const header = ['proposal', ...columns.map((c) => c.head), 'total'];
  const head = `Participant ${r.participant}${r.nomineeName ? ` ${r.nomineeName}` : ''}, received ${r.receivedAt}: ${outcomeText(r)}`;
  return [head, table(alignNumbers(rows, 1, header), header)].join('\n');
}

export function importText(r: NomineeReportImport): string {
  const rows = rowsText(r);
  const lines = [
    `Nominee vote reports for ${r.meetingId} from ${r.source.name} (received ${r.receivedAt})`,
    `${rows.counts}; ${r.reports.length} report${r.reports.length === 1 ? '' : 's'}`,
  ];
  for (const report of r.reports) lines.push('', reportText(report));
  if (!r.reports.length) lines.push('', 'No valid row: nothing stored.');
  if (rows.rejected.length) lines.push('', ...rows.rejected);
  return lines.join('\n');
}

/**
 * `proxydesk votes import-nominee-report --meeting M --file F [--received <instant>]`: a street-name nominee's
 * vote report (docs/file-formats.md "Nominee vote reports"), stored as the participant's report that counts
 * when it is its latest.
 */
export function votesNomineeReportCommand(): Command {
  return new Command('import-nominee-report')
    .description("store a bank's or broker's vote report (CSV); the latest report of each DTC participant counts")
    .addOption(meetingOption('meeting id, e.g. sonim-2024'))
    .option('--file <path>', 'the report (CSV, docs/file-formats.md)')
    .addOption(
      new Option(
        '--received <instant>',
        'when the file was received, ISO-8601 with an offset (rows without reported_at); default now',
      ),
    )
    .option('--columns <map.json>', 'rename the file\'s columns: {"their name": "our name"}')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts, 'is required (a meeting id, e.g. sonim-2024)');
        const meetingId = opts.meeting;
        if (opts.received !== undefined && !parseInstant(opts.received))
          throw new UsageError(
            '--received',
            'must be an ISO-8601 instant with an offset, e.g. 2024-06-18T09:00:00-07:00',
          );
        const { path, source } = await inputSource(opts.file, 'the nominee report, CSV');
        const columnMap = await readColumnMap(opts.columns);
        const [{ withPlatform }, { readCsvRecords }, { importNomineeReport }, reports] = await Promise.all([
          import('../platform.js'),
          import('#shared/adapters/csv/records.js'),
          import('#shared/domain/tabulation/inputs.js'),
          import('#shared/domain/tabulation/reports.js'),
        ]);
        const result = await withPlatform(opts, async (p) => {
          const deps = p.root.tabulationInputs();
          const meeting = await deps.meeting(meetingId);
          try {
            return await importNomineeReport(deps, {
              meeting,
              records: readCsvRecords(createReadStream(path), {
                columnMap,
                known: reports.NOMINEE_REPORT_COLUMNS,
                required: reports.NOMINEE_REPORT_REQUIRED,
              }),
              source,
              ...(opts.received !== undefined ? { receivedAt: opts.received } : {}),
            });
          } catch (err) {
            throw await fileRefusal(err);
          }
        });
        return emit(
          { json: result, text: importText(result), exitCode: result.rowsRejected ? EXIT.rejected : EXIT.ok },
          opts,
        );
      }),
    );
}
