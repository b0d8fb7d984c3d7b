import { Command, Option } from 'commander';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ProposalResult, Tabulation } from '#shared/domain/tabulation/count.js';
import type { Flag } from '#shared/domain/tabulation/model.js';
import { resultsMode, type ResultsMode } from '#shared/domain/tabulation/mode.js';
import { ConflictError } from '#shared/domain/errors.js';
import type { SolicitationReport } from '#shared/domain/tabulation/solicitation.js';
import { UsageError, guard, table } from '../output.js';
import { dataDirOption, jsonOption, meetingOption, requireMeeting } from '../options.js';
import { alignNumbers, fmt } from './input-files.js';

type Opts = {
  meeting?: string;
  preliminary?: boolean;
  final?: boolean;
  form8k?: boolean;
  certificate?: string;
  inspector?: string[];
  dataDir?: string;
  json?: boolean;
};

const COLUMN_HEADS: Readonly<Record<string, string>> = {
  for: 'FOR',
  against: 'AGAINST',
  withheld: 'WITHHELD',
  abstain: 'ABSTAIN',
  oneYear: '1 YEAR',
  twoYears: '2 YEARS',
  threeYears: '3 YEARS',
  brokerNonVotes: 'broker non-votes',
  presentNotVoting: 'present, not voting',
};

const flagLines = (flags: readonly Flag[], indent = '  ') => flags.map((f) => `${indent}! ${f.code}: ${f.message}`);

function proposalText(p: ProposalResult): string[] {
  const out = [`Proposal ${p.number}: ${p.title}`, `  standard: ${p.standard}${p.routine ? ' (routine)' : ''}`];
  if (p.nominees) {
    const columns = Object.keys(p.nominees[0]?.votes ?? {});
    const header = ['nominee', ...columns.map((c) => COLUMN_HEADS[c] ?? c), 'status'];
    const rows = p.nominees.map((n) => [n.name, ...columns.map((c) => fmt(n.votes[c] ?? 0)), n.status]);
    out.push(
      ...table(alignNumbers(rows, 1, header), header)
        .split('\n')
        .map((l) => `  ${l}`),
    );
    for (const n of p.nominees) out.push(...flagLines(n.flags, `  ${n.name}: `));
  } else {
    const votes = p.votes ?? {};
    const header = Object.keys(votes).map((c) => COLUMN_HEADS[c] ?? c);
    const rows = [Object.values(votes).map(fmt)];
    out.push(
      ...table(alignNumbers(rows, 0, header), header)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  const threshold = p.threshold.shares === null ? '' : `${fmt(p.threshold.shares)} FOR shares: `;
  out.push(`  threshold: ${threshold}${p.threshold.rule}`);
  const result =
    p.elected && p.elected.length
      ? `${p.status}: ${p.elected.join(', ')}`
      : p.choice
        ? `${p.status}: ${p.choice}`
        : p.status;
  out.push(`  result: ${result}`, ...flagLines(p.flags));
  return out;
}

/** The tally for people: quorum, then each proposal, the nominees' reports and reconciliations, the flags. */
export function tabulationText(t: Tabulation): string {
  const q = t.quorum;
  const lines = [
    `${t.mode === 'final' ? 'FINAL' : 'PRELIMINARY'} tally of ${t.meetingId} (${t.issuer}), meeting ${t.meetingDate}` +
      (t.asOf ? `, as of ${t.asOf}` : ''),
    `Record date ${t.recordDate}; ${fmt(t.sharesOutstanding)} shares outstanding.`,
    '',
    `Quorum (${q.fraction} of outstanding): required ${fmt(q.required)}, present ${fmt(q.present)} ` +
      `(registered ${fmt(q.registeredPresent)} in ${fmt(q.registeredAccounts)} accounts, street name ${fmt(q.streetPresent)}): ` +
      (q.met ? 'MET' : 'NOT MET'),
  ];
  for (const p of t.proposals) lines.push('', ...proposalText(p));
  if (t.nominees.length) {
    const header = ['participant', 'nominee', 'received', 'position', 'present'];
    const rows = t.nominees.map((n) => [
      n.participant,
      n.nomineeName ?? '',
      n.receivedAt,
      n.position === null ? '—' : fmt(n.position),
      fmt(n.present),
    ]);
    lines.push('', 'Nominee reports counted:', table(alignNumbers(rows, 3, header), header));
  }
  if (t.reconciliations.length) {
    lines.push('', 'Reconciliations (DGCL §231(d)):');
    for (const r of t.reconciliations)
      lines.push(
        `  ${r.participant}${r.nomineeName ? ` ${r.nomineeName}` : ''}, proposal ${r.proposal}` +
          `${r.director ? ` (${r.director})` : ''}: reported ${fmt(r.reportedTotal)}, counted ${fmt(r.countedTotal)} ` +
          `against a position of ${fmt(r.position)}: ${r.reason}`,
      );
  }
  if (t.flags.length) lines.push('', 'Flags:', ...flagLines(t.flags));
  return lines.join('\n');
}

/**
 * `proxydesk tabulate --meeting M [--preliminary|--final] [--json] [--form-8k] [--certificate <file.html>]`: the
 * count (docs/tabulation.md "The tabulate command"). Without a mode: preliminary before the polls close, final
 * after; --final before the polls close is refused (exit 2).
 */
export function tabulateCommand(): Command {
  return new Command('tabulate')
    .description('the count: quorum and each proposal by its standard (preliminary while voting, final after)')
    .addOption(meetingOption('meeting id, e.g. sonim-2024'))
    .addOption(new Option('--preliminary', 'a running tally (the default before the polls close)'))
    .addOption(new Option('--final', 'the final tally (the default after the polls close; refused before)'))
    .option('--form-8k', 'also print the Form 8-K Item 5.07 text and its due date')
    .option(
      '--certificate <file.html>',
      "write the inspector's certificate (HTML) there; a final one is also kept in the reports bucket",
    )
    .option('--inspector <name...>', 'the inspectors of election named on the certificate')
    .addOption(dataDirOption())
    .addOption(jsonOption().default(false))
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts, 'is required (a meeting id, e.g. sonim-2024)');
        if (opts.preliminary && opts.final) throw new UsageError('--final', 'cannot be given with --preliminary');
        const meetingId = opts.meeting;
        const requested: ResultsMode | undefined = opts.final ? 'final' : opts.preliminary ? 'preliminary' : undefined;
        const [{ withPlatform }, { runTabulation }, publish, { canonicalJson }, { renderCertificateHtml }] =
          await Promise.all([
            import('../platform.js'),
            import('#shared/domain/tabulation/run.js'),
            import('#shared/domain/tabulation/publish.js'),
            import('#shared/domain/canonical.js'),
            import('#shared/domain/tabulation/certificate.js'),
          ]);
        const outcome = await withPlatform(opts, async (p) => {
          const meeting = await p.root.meeting(meetingId);
          let mode: ResultsMode;
          try {
            mode = resultsMode(meeting, p.root.clock(), requested);
          } catch (err) {
            if (err instanceof ConflictError) throw new UsageError('--final', err.message);
            throw err;
          }
          const run = await runTabulation(p.root.tabulation(), meeting, {
            mode,
            inspectors: opts.inspector ?? [],
          });
          let certificate: { file: string; stored?: { certificate: string; tabulation: string } } | undefined;
          if (opts.certificate) {
            const file = resolve(opts.certificate);
            await writeFile(file, renderCertificateHtml(run.certificate));
            certificate = { file };
            if (run.tabulation.mode === 'final')
              certificate.stored = await publish.storeFinalCertificate(p.root.tabulationReports(), run);
          }
          return { run, certificate };
        });
        const { run, certificate } = outcome;
        const extras = Boolean(opts.form8k || certificate);
        if (opts.json) {
          const doc = extras
            ? {
                tabulation: run.tabulation,
                ...(opts.form8k ? { form8k: run.form8k } : {}),
                ...(certificate ? { certificate } : {}),
              }
            : run.tabulation;
          process.stdout.write(`${canonicalJson(doc)}\n`);
          return 0;
        }
        const lines = [tabulationText(run.tabulation)];
        if (opts.form8k)
          lines.push(
            '',
            `Form 8-K Item 5.07: due ${run.form8k.dueDate} (${run.form8k.dueRule})`,
            '-----',
            run.form8k.text.trimEnd(),
            '-----',
          );
        if (certificate) {
          lines.push('', `Certificate written to ${certificate.file}`);
          lines.push(
            certificate.stored
              ? `Kept in the reports bucket: ${certificate.stored.certificate} and ${certificate.stored.tabulation}`
              : 'Not kept in the reports bucket: only a final tally is certified.',
          );
        }
        process.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      }),
    );
}

function solicitationText(r: SolicitationReport): string {
  const q = r.quorum;
  const pct = (n: number) => `${((100 * n) / r.sharesOutstanding).toFixed(2)}%`;
  const lines = [
    `Solicitation status of ${r.meetingId} as of ${r.asOf} (a running tally; ${fmt(r.sharesOutstanding)} shares outstanding)`,
    '',
    `Quorum: ${fmt(q.present)} shares present (${pct(q.present)}; registered ${fmt(q.registeredPresent)}, ` +
      `street name ${fmt(q.streetPresent)}) of ${fmt(q.required)} required: ` +
      (q.met ? 'MET' : `${fmt(q.short)} more needed`),
    `Registered holders: ${fmt(r.registered.holders)} accounts, ${fmt(r.registered.shares)} shares; ` +
      `voted ${fmt(r.registered.voted.accounts)} (${fmt(r.registered.voted.shares)} shares), ` +
      `not voted ${fmt(r.registered.notVoted.accounts)} (${fmt(r.registered.notVoted.shares)} shares)`,
    '',
  ];
  const header = ['proposal', 'standard', 'FOR so far', 'threshold', 'more FOR needed', 'standing'];
  const rows = r.proposals.map((p) => [
    `${p.number}`,
    p.standard,
    p.for === undefined ? '—' : fmt(p.for),
    p.threshold === null ? '—' : fmt(p.threshold),
    p.moreForNeeded === null ? '—' : fmt(p.moreForNeeded),
    p.nominees ? p.nominees.map((n) => `${n.name} ${fmt(n.for)}`).join('; ') : p.status,
  ]);
  const aligned = alignNumbers(
    rows.map((row) => row.slice(0, 5)),
    2,
    header.slice(0, 5),
  ).map((row, i) => [...row, rows[i]![5]!]);
  lines.push(table(aligned, header));
  lines.push('', `The ${fmt(r.top)} largest registered holders who have not voted:`);
  if (!r.largestNotVoted.length) lines.push('  none');
  else {
    const h = ['account', 'shares', 'name', 'mailing address', 'email'];
    const rows2 = r.largestNotVoted.map((c) => [
      c.account,
      fmt(c.shares),
      c.coOwner ? `${c.name} & ${c.coOwner}` : c.name,
      [
        ...c.address.lines,
        c.address.city,
        [c.address.state, c.address.postalCode].filter(Boolean).join(' '),
        c.address.country,
      ]
        .filter(Boolean)
        .join(', '),
      c.email ?? '',
    ]);
    lines.push(table(rows2, h));
  }
  return lines.join('\n');
}

/**
 * `proxydesk solicitation --meeting M [--top N] [--json]`: the proxy solicitor's status report (docs/tabulation.md
 * "The solicitation report"); never shows a control number.
 */
export function solicitationCommand(): Command {
  return new Command('solicitation')
    .description('shares voted so far against quorum and each threshold, and the largest holders not voted')
    .addOption(meetingOption('meeting id, e.g. sonim-2024'))
    .option('--top <n>', 'how many of the largest holders not voted to list (default 25)')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: { meeting?: string; top?: string; dataDir?: string; json?: boolean }) => {
        requireMeeting(opts, 'is required (a meeting id, e.g. sonim-2024)');
        const meetingId = opts.meeting;
        const top = opts.top === undefined ? 25 : Number(opts.top);
        if (!/^\d+$/.test(opts.top ?? '25') || !Number.isSafeInteger(top) || top > 100_000)
          throw new UsageError('--top', 'must be a whole number from 0 to 100,000');
        const [{ withPlatform }, { solicitationStatus }] = await Promise.all([
          import('../platform.js'),
          import('#shared/domain/tabulation/solicitation.js'),
        ]);
        const report = await withPlatform(opts, async (p) =>
          solicitationStatus(p.root.solicitation(), await p.root.meeting(meetingId), { top }),
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else process.stdout.write(`${solicitationText(report)}\n`);
        return 0;
      }),
    );
}
