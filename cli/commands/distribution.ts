import { Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDate } from '#shared/domain/calendar/dates.js';
import type { DistributionOutcome } from '#shared/domain/distribution/run.js';
import type { DistributionRun } from '#shared/domain/distribution/model.js';
import { CHECK_IDS, type CheckId, type Method } from '#shared/domain/distribution/schedule.js';
import type { Platform } from '../platform.js';
import { EXIT, UsageError, emit, guard, table } from '../output.js';
import { meetingOption, dataDirOption, jsonOption, requireMeeting } from '../options.js';

type Opts = {
  json?: boolean;
  dataDir?: string;
  meeting?: string;
  method?: string;
  asOf?: string;
  dryRun?: boolean;
  override?: string[];
  file?: string;
  name?: string;
};

const fmt = (n: number) => n.toLocaleString('en-US');

async function withDistribution<T>(
  opts: Opts,
  body: (ctx: Awaited<ReturnType<typeof context>>) => Promise<T>,
): Promise<T> {
  const { withPlatform } = await import('../platform.js');
  return withPlatform(opts, async (p) => body(await context(p)));
}

async function context(p: Platform) {
  const { todayIn } = await import('../platform.js');
  return { p, todayIn, ...(await p.root.distribution()) };
}

function outcomeText(o: DistributionOutcome, meetingId: string, method: string): string {
  const f = o.figures;
  const k = f.byChannelAndContent;
  const lines = [
    `${o.status === 'planned' ? 'Plan (dry run)' : o.status === 'refused' ? 'Refused' : 'Distributed'}: ` +
      `${meetingId}, ${method}, sending on ${o.schedule.sendDate}`,
    '',
    table([
      ['Registered holders', fmt(f.holders)],
      [
        'Pieces',
        `${fmt(f.pieces)} (email: ${fmt(k['email:full-set'])} full set, ${fmt(k['email:notice'])} notice; ` +
          `mail: ${fmt(k['mail:full-set'])} full set, ${fmt(k['mail:notice'])} notice)`,
      ],
      ['Households applied', `${fmt(f.households)} (${fmt(f.copiesSaved)} copies saved)`],
      ['Proxy cards (one per account)', fmt(f.proxyCards)],
      ['Nominees', `${fmt(f.nominees)} (${fmt(f.nomineeSets)} sets)`],
    ]),
    '',
    'Checks:',
    table(
      o.schedule.checks.map((c) => [
        `  ${c.ok ? 'ok' : c.overriddenBecause ? 'overridden' : 'FAILED'}`,
        c.id,
        `${c.message} (${c.citation})${c.overriddenBecause ? `; override: ${c.overriddenBecause}` : ''}`,
      ]),
    ),
  ];
  if (o.counts) {
    const c = o.counts;
    lines.push(
      '',
      `Sent ${fmt(c.sent)} now (${fmt(c.emails)} emails, ${fmt(c.mailPieces)} mail pieces in ${fmt(c.manifests)} manifest files); ` +
        `${fmt(c.alreadySent)} had been sent before` +
        `${c.inDoubt ? `; ${fmt(c.inDoubt)} IN DOUBT (claimed, not confirmed: check before sending again)` : ''}.`,
    );
  }
  return lines.join('\n');
}

/** A run's pieces for the status table: sent of planned, or a dry run's plan, or chunks so far. */
function runPieces(r: DistributionRun): string {
  if (r.counts)
    return `${fmt(r.counts.sent + r.counts.alreadySent)} of ${fmt(r.counts.planned)} sent${r.counts.inDoubt ? `, ${fmt(r.counts.inDoubt)} in doubt` : ''}`;
  if (r.status === 'planned' && r.figures) return `${fmt(r.figures.pieces)} planned`;
  if (r.chunks) return `${fmt(r.chunksDone ?? 0)} of ${fmt(r.chunks.length)} chunks sent`;
  return '';
}

export function distributeCommand(): Command {
  return new Command('distribute')
    .description(
      "distribute a meeting's proxy materials: full set, notice only, or mixed; by email (SES) and by mail (print files in S3)",
    )
    .addOption(meetingOption())
    .option('--method <method>', 'full-set | notice-only | mixed')
    .option(
      '--as-of <date>',
      "the sending day (default: today in the issuer's time zone); rehearse a past or future schedule",
    )
    .option('--dry-run', 'print the plan and the checks; send nothing')
    .option(
      '--override <check=reason...>',
      `let a failed check through, with the reason recorded (${CHECK_IDS.join(', ')})`,
    )
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts);
        const { METHODS } = await import('#shared/domain/distribution/schedule.js');
        if (!opts.method || !(METHODS as readonly string[]).includes(opts.method))
          throw new UsageError('--method', `must be one of ${METHODS.join(', ')}`);
        const asOf = opts.asOf === undefined ? undefined : parseDate(opts.asOf);
        if (opts.asOf !== undefined && !asOf)
          throw new UsageError('--as-of', `"${opts.asOf}" is not a date (YYYY-MM-DD)`);
        const overrides: Partial<Record<CheckId, string>> = {};
        for (const o of opts.override ?? []) {
          const [id, ...reason] = o.split('=');
          if (!(CHECK_IDS as readonly string[]).includes(id!) || !reason.join('=').trim())
            throw new UsageError('--override', `"${o}" must be <check>=<reason>, check one of ${CHECK_IDS.join(', ')}`);
          overrides[id as CheckId] = reason.join('=').trim();
        }
        const meetingId = opts.meeting;
        const method = opts.method as Method;
        const { distributeMeeting } = await import('#shared/domain/distribution/use-cases.js');
        const outcome = await withDistribution(opts, async (ctx) => {
          const meeting = await ctx.meeting(meetingId);
          const sendDate = asOf ?? ctx.todayIn(ctx.p.root, meeting.issuer.timeZone);
          let bar: { update(n: number): void; stop(): void; start(total: number): void } | undefined;
          if (!opts.json && !opts.dryRun && process.stderr.isTTY) {
            const { SingleBar, Presets } = (await import('cli-progress')).default;
            const b = new SingleBar(
              {
                format: 'sending [{bar}] {percentage}% | {value}/{total} pieces | {eta_formatted} left',
                stream: process.stderr,
                hideCursor: true,
              },
              Presets.shades_classic,
            );
            bar = { start: (t) => b.start(t, 0), update: (n) => b.update(n), stop: () => b.stop() };
          }
          let started = false;
          try {
            return await distributeMeeting(ctx, {
              meeting,
              method,
              sendDate,
              overrides,
              dryRun: opts.dryRun,
              onProgress: (done, total) => {
                if (!started) bar?.start(total);
                started = true;
                bar?.update(done);
              },
            });
          } finally {
            if (started) bar?.stop();
          }
        });
        return emit(
          {
            json: outcome,
            text: outcomeText(outcome, meetingId, method),
            exitCode: outcome.status === 'refused' || (outcome.counts?.inDoubt ?? 0) > 0 ? EXIT.rejected : EXIT.ok,
          },
          opts,
        );
      }),
    );
}

export function distributionCommand(): Command {
  const cmd = new Command('distribution').description('what a distribution did');
  cmd
    .command('status')
    .description("a meeting's distribution runs: checks, counts, when")
    .addOption(meetingOption())
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts);
        const meetingId = opts.meeting;
        const { distributionStatus } = await import('#shared/domain/distribution/use-cases.js');
        const runs = await withDistribution(opts, async (ctx) => {
          await ctx.meeting(meetingId);
          return distributionStatus(ctx.ledger, meetingId);
        });
        const overrides = runs.flatMap((r) =>
          r.checks
            .filter((c) => c.overriddenBecause)
            .map((c) => `  ${r.runId}: ${c.id} overridden: ${c.overriddenBecause}`),
        );
        const text = runs.length
          ? [
              table(
                runs.map((r) => [
                  r.runId,
                  r.status,
                  `sending ${r.sendDate}`,
                  runPieces(r),
                  r.finishedAt ?? `started ${r.startedAt}`,
                ]),
                ['run', 'status', 'date', 'pieces', 'when'],
              ),
              ...overrides,
            ].join('\n')
          : `No distribution has run for ${meetingId}.`;
        return emit({ json: { meetingId, runs }, text }, opts);
      }),
    );
  return cmd;
}

export function materialsCommand(): Command {
  const cmd = new Command('materials').description(
    "the meeting's proxy materials, posted for the website and the print vendor",
  );
  cmd
    .command('upload')
    .description('upload a document (proxy statement, annual report, proxy card form)')
    .addOption(meetingOption())
    .option('--file <path>', 'the document')
    .option('--name <name>', 'the name it is posted under (default: the file name)')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts);
        if (!opts.file) throw new UsageError('--file', 'is required');
        let size: number;
        try {
          size = statSync(opts.file).size;
        } catch {
          throw new UsageError('--file', `cannot read ${opts.file}`);
        }
        const name = opts.name ?? basename(opts.file);
        if (!/^[\w .,()&'-]{1,200}$/.test(name))
          throw new UsageError('--name', "must be a plain file name (letters, digits, spaces, . , ( ) & ' -)");
        const { meeting: meetingId, file } = opts as Required<Pick<Opts, 'meeting' | 'file'>>;
        const key = await withDistribution(opts, async (ctx) => {
          await ctx.meeting(meetingId);
          return ctx.p.root.postMaterial(meetingId, name, createReadStream(file), size);
        });
        return emit(
          {
            json: { meetingId, name, key, bytes: size },
            text: `Posted ${name} (${fmt(size)} bytes) for ${meetingId}.`,
          },
          opts,
        );
      }),
    );
  cmd
    .command('list')
    .description('the documents posted for a meeting')
    .addOption(meetingOption())
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts);
        const meetingId = opts.meeting;
        const names = await withDistribution(opts, async (ctx) => {
          await ctx.meeting(meetingId);
          return ctx.materials(meetingId);
        });
        return emit(
          {
            json: { meetingId, materials: names },
            text: names.length ? names.map((n) => `  ${n}`).join('\n') : `Nothing is posted for ${meetingId} yet.`,
          },
          opts,
        );
      }),
    );
  return cmd;
}
