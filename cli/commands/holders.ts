import { Command } from 'commander';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Platform } from '../platform.js';
import type { ImportCounts, ImportReport, Reconciliation } from '#shared/domain/holders/model.js';
import type { HolderKind } from '#shared/domain/holders/schema.js';
import { EXIT, UsageError, emit, guard, table } from '../output.js';
import { meetingOption, dataDirOption, jsonOption } from '../options.js';
import { inputSource, positionsText } from './input-files.js';

type Opts = {
  json?: boolean;
  dataDir?: string;
  meeting?: string;
  file?: string;
  kind?: string;
  columns?: string;
  account?: string;
  out?: string;
  rows?: string;
};

const fmt = (n: number) => n.toLocaleString('en-US');

/** Loads the SDK, the platform and the holder adapters only for commands that need them. */
async function withHolders<T>(opts: Opts, body: (ctx: Awaited<ReturnType<typeof context>>) => Promise<T>): Promise<T> {
  const { withPlatform } = await import('../platform.js');
  return withPlatform(opts, async (p) => body(await context(p)));
}

async function context(p: Platform) {
  return { ...(await p.root.holders()), meeting: p.root.meeting, now: p.root.clock };
}

function requireMeeting(opts: Opts): string {
  if (!opts.meeting) throw new UsageError('--meeting', 'is required (a meeting id, e.g. sonim-2024)');
  return opts.meeting;
}

export async function readColumnMap(path: string | undefined): Promise<Record<string, string> | undefined> {
  if (!path) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError('--columns', `cannot read ${path} as JSON (${(err as Error).message})`);
  }
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === 'string')
  ) {
    throw new UsageError(
      '--columns',
      'must be a JSON object mapping the file\'s column names to ours, e.g. {"Acct No":"account_id"}',
    );
  }
  return parsed as Record<string, string>;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return `sha256:${hash.digest('hex')}`;
}

export function reconciliationText(r: Reconciliation): string {
  return [
    table([
      ['Shares outstanding (record date)', fmt(r.sharesOutstanding)],
      ['Registered holders', `${fmt(r.registeredHolders)} accounts, ${fmt(r.registeredShares)} shares`],
      [
        'Nominees (street name)',
        `${fmt(r.nominees)} nominees, ` +
          `${r.nomineeShares === null ? 'no shares given' : `${fmt(r.nomineeShares)} shares`}, ` +
          `${fmt(r.nomineeSetsRequested)} sets requested`,
      ],
      ['Difference', fmt(r.difference)],
    ]),
    r.message,
  ].join('\n');
}

function reportText(r: ImportReport): string {
  const c = r.counts;
  const lines = [
    `Imported ${r.kind} holders for ${r.meetingId} from ${r.source}${r.resumed ? ' (resumed an interrupted import)' : ''}`,
    `Rows read ${fmt(c.rowsRead)}, imported ${fmt(c.rowsImported)}, rejected ${fmt(c.rowsRejected)}; shares on imported rows ${fmt(c.shares)}`,
  ];
  if (r.rejections.length) {
    lines.push('', `Rejected rows${c.rowsRejected > r.rejections.length ? ` (first ${r.rejections.length})` : ''}:`);
    lines.push(table(r.rejections.map((x) => [`line ${x.line}`, x.field, x.message])));
  }
  lines.push('', reconciliationText(r.reconciliation));
  return lines.join('\n');
}

/** A progress bar on a terminal (stderr), nothing otherwise. */
async function progressBar(
  total: number,
  enabled: boolean,
): Promise<{ update(done: number, counts: ImportCounts): void; stop(): void }> {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    {
      format: 'importing [{bar}] {percentage}% | {rows} rows, {rejected} rejected | {eta_formatted} left',
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { rows: 0, rejected: 0 });
  return {
    update: (done, counts) => bar.update(done, { rows: fmt(counts.rowsRead), rejected: fmt(counts.rowsRejected) }),
    stop: () => bar.stop(),
  };
}

export function holdersCommand(): Command {
  const cmd = new Command('holders').description('record-date holder lists: import, show, summary, control numbers');
  const common = (c: Command) =>
    c.addOption(meetingOption('meeting id, e.g. sonim-2024')).addOption(dataDirOption()).addOption(jsonOption());

  common(cmd.command('import'))
    .description('import a registered holder list or a nominee position list (CSV)')
    .option('--file <path>', 'the CSV file')
    .option('--kind <kind>', 'registered | nominee', 'registered')
    .option('--columns <map.json>', 'rename the file\'s columns: {"their name": "our name"}')
    .action(
      guard(async (opts: Opts) => {
        const meetingId = requireMeeting(opts);
        if (opts.kind !== 'registered' && opts.kind !== 'nominee')
          throw new UsageError('--kind', 'must be registered or nominee');
        const kind = opts.kind as HolderKind;
        if (!opts.file) throw new UsageError('--file', 'is required (the holder list, CSV)');
        let size: number;
        try {
          size = statSync(opts.file).size;
        } catch {
          throw new UsageError('--file', `cannot read ${opts.file}`);
        }
        const columnMap = await readColumnMap(opts.columns);
        const file = opts.file;
        const [{ importHolders }, { readCsvRecords }, schema] = await Promise.all([
          import('#shared/domain/holders/import.js'),
          import('#shared/adapters/csv/records.js'),
          import('#shared/domain/holders/schema.js'),
        ]);
        const sourceId = await sha256(file);
        const outcome = await withHolders(opts, async (ctx) => {
          const meeting = await ctx.meeting(meetingId);
          const stream = createReadStream(file);
          const bar = await progressBar(size, !opts.json);
          try {
            return await importHolders(
              { holders: ctx.holders, controlNumbers: ctx.controlNumbers, now: ctx.now },
              {
                meeting,
                kind,
                sourceId,
                sourceName: basename(file),
                records: readCsvRecords(stream, {
                  columnMap,
                  known: kind === 'registered' ? schema.REGISTERED_COLUMNS : schema.NOMINEE_COLUMNS,
                  required: kind === 'registered' ? schema.REGISTERED_REQUIRED : schema.NOMINEE_REQUIRED,
                }),
                onProgress: (counts) => bar.update(stream.bytesRead, counts),
              },
            );
          } catch (err) {
            throw await fileRefusal(err);
          } finally {
            bar.stop();
          }
        });
        const report = outcome.report!;
        const failed = report.counts.rowsRejected > 0 || report.reconciliation.status !== 'balanced';
        return emit({ json: report, text: reportText(report), exitCode: failed ? EXIT.rejected : EXIT.ok }, opts);
      }),
    );

  common(cmd.command('import-positions'))
    .description("store the DTC security position report (CSV): each participant's shares on the record date")
    .option('--file <path>', 'the position report (CSV, docs/file-formats.md); replaces the earlier list whole')
    .option('--columns <map.json>', 'rename the file\'s columns: {"their name": "our name"}')
    .action(
      guard(async (opts: Opts) => {
        const meetingId = requireMeeting(opts);
        const { path, source } = await inputSource(opts.file, 'the position report, CSV');
        const columnMap = await readColumnMap(opts.columns);
        const [{ withPlatform }, { readCsvRecords }, { importPositions }, reports] = await Promise.all([
          import('../platform.js'),
          import('#shared/adapters/csv/records.js'),
          import('#shared/domain/tabulation/inputs.js'),
          import('#shared/domain/tabulation/reports.js'),
        ]);
        const result = await withPlatform(opts, async (p) => {
          const deps = p.root.tabulationInputs();
          const meeting = await deps.meeting(meetingId);
          const records = readCsvRecords(createReadStream(path), {
            columnMap,
            known: reports.POSITION_COLUMNS,
            required: reports.POSITION_REQUIRED,
          });
          return importPositions(deps, { meeting, records, source }).catch(async (err: unknown) => {
            throw await fileRefusal(err);
          });
        });
        if (result.exceedsOutstanding && opts.json)
          process.stderr.write('proxydesk: warning: the positions add up to more than the shares outstanding\n');
        const exitCode = result.rowsRejected ? EXIT.rejected : EXIT.ok;
        return emit({ json: result, text: positionsText(result), exitCode }, opts);
      }),
    );

  common(cmd.command('show'))
    .description("one holder's record (the control number is never shown)")
    .option('--account <id>', 'account id, e.g. TA-000123')
    .action(
      guard(async (opts: Opts) => {
        const meetingId = requireMeeting(opts);
        if (!opts.account) throw new UsageError('--account', 'is required');
        const account = opts.account;
        const { showHolder } = await import('#shared/domain/holders/use-cases.js');
        const h = await withHolders(opts, (ctx) => showHolder(ctx.holders, meetingId, account));
        const a = h.address;
        const text = table([
          ['Account', h.accountId],
          ['Name', h.name + (h.coOwner ? ` and ${h.coOwner}` : '')],
          [
            'Address',
            [...a.lines, [a.city, a.state, a.postalCode].filter(Boolean).join(' '), a.country].join(', ') +
              (a.military ? ' (military)' : ''),
          ],
          ['Shares', fmt(h.shares)],
          ['Email', h.email ?? '-'],
          ['E-delivery consent', h.edeliveryConsent ? 'yes' : 'no'],
          ['Householding consent', h.householdingConsent],
          ['Permanent election', h.deliveryElection ?? 'none'],
          ['Control number', 'issued (export with holders export-control-numbers)'],
          ['Source', `line ${h.source.line} of ${h.source.id.slice(0, 19)}…`],
        ]);
        return emit({ json: h, text }, opts);
      }),
    );

  common(cmd.command('summary'))
    .description('totals and the reconciliation against shares outstanding')
    .action(
      guard(async (opts: Opts) => {
        const meetingId = requireMeeting(opts);
        const { holderSummary } = await import('#shared/domain/holders/use-cases.js');
        const r = await withHolders(opts, async (ctx) =>
          holderSummary(ctx.holders, meetingId, (await ctx.meeting(meetingId)).meeting.sharesOutstanding),
        );
        return emit(
          {
            json: r,
            text: `Holder list of ${meetingId}\n\n${reconciliationText(r)}`,
            exitCode: r.status === 'balanced' ? EXIT.ok : EXIT.rejected,
          },
          opts,
        );
      }),
    );

  common(cmd.command('export-control-numbers'))
    .description('write account, name and clear control number to a CSV file for the mailing vendor')
    .option('--out <path>', 'the CSV file to write (created with owner-only permissions)')
    .action(
      guard(async (opts: Opts) => {
        const meetingId = requireMeeting(opts);
        if (!opts.out)
          throw new UsageError('--out', 'is required: control numbers are written to a file, never to the terminal');
        const out = opts.out;
        const { controlNumberRows } = await import('#shared/domain/holders/use-cases.js');
        const count = await withHolders(opts, async (ctx) => {
          await ctx.meeting(meetingId);
          let n = 0;
          const rows = async function* () {
            yield 'account_id,name,control_number\n';
            for await (const r of controlNumberRows(ctx, meetingId)) {
              n++;
              yield `${[r.accountId, r.name, r.controlNumber].map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')}\n`;
            }
          };
          await pipeline(Readable.from(rows()), createWriteStream(out, { mode: 0o600 }));
          return n;
        });
        return emit(
          {
            json: { meetingId, file: out, holders: count },
            text: `Wrote ${fmt(count)} control numbers to ${out} (readable by you only).`,
          },
          opts,
        );
      }),
    );

  cmd
    .command('generate')
    .description('write a generated registered-holder file whose shares add up to the meeting total (demo, benchmarks)')
    .addOption(meetingOption('meeting id (its shares outstanding are the total)'))
    .option('--rows <n>', 'number of holders', '2000')
    .option('--out <path>', 'the CSV file to write')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        const meetingId = requireMeeting(opts);
        const rows = Number(opts.rows);
        if (!Number.isInteger(rows) || rows < 1) throw new UsageError('--rows', 'must be a whole number ≥ 1');
        if (!opts.out) throw new UsageError('--out', 'is required');
        const out = opts.out;
        const { generateRegisteredCsv } = await import('#shared/domain/holders/generate.js');
        const { withPlatform } = await import('../platform.js');
        const total = await withPlatform(
          opts,
          async (p) => (await p.root.meeting(meetingId)).meeting.sharesOutstanding,
        );
        const lines = async function* () {
          for (const line of generateRegisteredCsv({ rows, totalShares: total })) yield `${line}\n`;
        };
        await pipeline(Readable.from(lines()), createWriteStream(out));
        return emit(
          {
            json: { meetingId, file: out, rows, totalShares: total },
            text: `Wrote ${fmt(rows)} holders with ${fmt(total)} shares to ${out}.`,
          },
          opts,
        );
      }),
    );
  return cmd;
}

/**
 * A holder file that lacks a required column is refused whole, naming each missing column and how
 * to map it (exit 1); any other error passes through. `holders import` and `households --file`.
 */
export async function fileRefusal(err: unknown): Promise<unknown> {
  const [{ MissingColumnsError }, { InvalidInputError }] = await Promise.all([
    import('#shared/adapters/csv/records.js'),
    import('#shared/domain/errors.js'),
  ]);
  if (!(err instanceof MissingColumnsError)) return err;
  return new InvalidInputError(
    err.missing.map((m) => ({ field: m, message: 'column is missing from the file (map it with --columns)' })),
    `the file is refused: ${err.message}`,
  );
}
