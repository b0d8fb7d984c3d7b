import { Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { VoteImportCounts, VoteImportReport } from '#shared/domain/voting/vote-import.js';
import { InvalidInputError } from '#shared/domain/errors.js';
import { EXIT, UsageError, emit, guard, table } from '../output.js';
import { dataDirOption, jsonOption, meetingOption } from '../options.js';

type Opts = { meeting?: string; channel?: string; file?: string; dataDir?: string; json?: boolean };

const fmt = (n: number) => n.toLocaleString('en-US');

function reportText(r: VoteImportReport): string {
  const c = r.counts;
  const lines = [
    `Imported ${r.channel === 'phone' ? 'telephone votes' : 'mailed proxy cards'} for ${r.meetingId} from ${r.source}`,
    `Rows read ${fmt(c.rowsRead)}: ${fmt(c.valid)} valid (${fmt(c.sharesValid)} shares), ` +
      `${fmt(c.notCounting)} stored as not counting, ${fmt(c.rejected)} rejected (not stored)`,
    `Stored now ${fmt(c.newlyStored)}; already stored by an earlier import of this file ${fmt(c.alreadyStored)}`,
  ];
  if (r.rejections.length) {
    const total = c.notCounting + c.rejected;
    lines.push(
      '',
      `Rows that record no valid vote${total > r.rejections.length ? ` (first ${r.rejections.length})` : ''}:`,
    );
    lines.push(
      table(
        r.rejections.map((x) => [
          `line ${x.line}`,
          x.field,
          x.recorded ? 'stored, not counting' : 'rejected',
          x.reason,
        ]),
      ),
    );
  }
  return lines.join('\n');
}

/** A progress bar on a terminal (stderr), nothing otherwise. */
async function progressBar(
  total: number,
  enabled: boolean,
): Promise<{ update(done: number, counts: VoteImportCounts): void; stop(): void }> {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    {
      format: 'importing [{bar}] {percentage}% | {rows} rows, {rejected} not valid | {eta_formatted} left',
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rows: 0, rejected: 0 });
  return {
    update: (done, c) => bar.update(done, { rows: fmt(c.rowsRead), rejected: fmt(c.rejected + c.notCounting) }),
    stop: () => bar.stop(),
  };
}

/**
 * `proxydesk votes import --meeting M --channel phone|mail --file F`: a telephone-vote or mailed-card file
 * (docs/file-formats.md). Every valid row is stored once, however often the file is imported; every row that
 * records no valid vote is listed with its line, column and reason; exit 1 when there is any.
 */
export function votesImportCommand(): Command {
  return new Command('import')
    .description('store a telephone-vote or mailed-card file (CSV; docs/file-formats.md)')
    .addOption(meetingOption('meeting id, e.g. sonim-2024'))
    .option('--channel <channel>', 'phone | mail')
    .option('--file <path>', 'the CSV file')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        if (!opts.meeting) throw new UsageError('--meeting', 'is required (a meeting id, e.g. sonim-2024)');
        const meetingId = opts.meeting;
        if (opts.channel !== 'phone' && opts.channel !== 'mail')
          throw new UsageError('--channel', 'must be phone or mail');
        const channel = opts.channel;
        if (!opts.file) throw new UsageError('--file', 'is required (the vote file, CSV)');
        const file = opts.file;
        let size: number;
        try {
          size = statSync(file).size;
        } catch {
          throw new UsageError('--file', `cannot read ${file}`);
        }
        const [
          { importVotes },
          { readCsvRecords, MissingColumnsError },
          { contentDigest },
          voteFile,
          { withPlatform },
        ] = await Promise.all([
          import('#shared/domain/voting/vote-import.js'),
          import('#shared/adapters/csv/records.js'),
          import('#shared/adapters/s3/vote-files.js'),
          import('#shared/domain/voting/vote-file.js'),
          import('../platform.js'),
        ]);
        const { digest: fileDigest, lines } = await contentDigest(createReadStream(file));
        const report = await withPlatform(opts, async (p) => {
          const deps = await p.root.voteImport();
          const meeting = await p.root.meeting(meetingId);
          const stream = createReadStream(file);
          const bar = await progressBar(size, !opts.json);
          try {
            return await importVotes(deps, {
              meeting,
              channel,
              fileDigest,
              expectedRows: lines - 1,
              sourceName: basename(file),
              records: readCsvRecords(stream, {
                known: (column) => voteFile.isVoteFileColumn(channel, column),
                required: voteFile.VOTE_FILE_REQUIRED[channel],
              }),
              onProgress: (counts) => bar.update(stream.bytesRead, counts),
            });
          } catch (err) {
            if (err instanceof MissingColumnsError)
              throw new InvalidInputError([{ field: 'file', message: `is refused: ${err.message}` }]);
            throw err;
          } finally {
            bar.stop();
            stream.destroy();
          }
        });
        const failed = report.counts.rejected + report.counts.notCounting > 0;
        return emit({ json: report, text: reportText(report), exitCode: failed ? EXIT.rejected : EXIT.ok }, opts);
      }),
    );
}
