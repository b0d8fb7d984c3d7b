import { Command } from 'commander';
import { checkFromFlat, deadlinesFromFlat } from '#shared/domain/deadlines/flat.js';
import type { DeadlineReport, TimelinessResult } from '#shared/domain/deadlines/engine.js';
import { EXIT, emit, fail, table, type Outcome } from '../output.js';
import { jsonOption } from '../options.js';

/** Options shared by `deadlines` and `deadlines check` (names match the HTTP API's fields). */
function withDeadlineOptions(cmd: Command): Command {
  return cmd
    .option('--prior-meeting <date>', 'previous annual meeting date (YYYY-MM-DD), or "none" if there was none')
    .option('--prior-release <date>', 'date the previous proxy statement was released to holders')
    .option('--next-meeting <date>', "next meeting's date, if set")
    .option('--announced <date>', "date the next meeting's date was first publicly announced")
    .option('--tz <zone>', "issuer's time zone (principal executive offices)", undefined)
    .option('--close-of-business <HH:MM>', 'local close of business (default 17:00)')
    .option('--anchor <what>', 'bylaw window counts from: prior-meeting | prior-release')
    .option('--bylaw-opens-days <n>', 'bylaw window opens N days before the anniversary (default 120)')
    .option('--bylaw-closes-days <n>', 'bylaw window closes N days before the anniversary (default 90)')
    .option(
      '--moved-before-days <n>',
      'meeting counts as moved if more than N days before the anniversary (default 30)',
    )
    .option('--moved-after-days <n>', 'meeting counts as moved if more than N days after the anniversary (default 30)')
    .option('--announce-days <n>', 'days after public announcement for a moved meeting (default 10)')
    .option(
      '--nomination-opens-days <n>',
      'nominations have their own window: it opens N days before (default: as above)',
    )
    .option(
      '--nomination-closes-days <n>',
      'nominations have their own window: it closes N days before (default: as above)',
    )
    .option(
      '--bylaw-weekend <policy>',
      'bylaw closing date on a weekend/holiday: none | next-business-day | previous-business-day',
    )
    .option(
      '--rule14a19-weekend <policy>',
      'Rule 14a-19 date on a weekend/holiday: none | next-business-day | previous-business-day',
    )
    .option(
      '--rule14a19-basis <basis>',
      'Rule 14a-19 deadline: rule (60 days, default) | bylaw (the bylaw nomination close)',
    )
    .addOption(jsonOption());
}

type Flat = Record<string, string | boolean | undefined>;

function flat(opts: Flat): Record<string, unknown> {
  const { json: _json, ...rest } = opts;
  return rest;
}

export function deadlinesText(r: DeadlineReport): string {
  const rows: string[][] = [
    [
      'Rule 14a-8 proposals (in the company proxy)',
      r.rule14a8.deadline ? `received by ${r.rule14a8.deadline}` : 'no fixed date: a reasonable time before printing',
      r.rule14a8.citation,
    ],
    [
      'Advance notice window opens',
      r.advanceNotice.opens ? `${r.advanceNotice.opens}, close of business` : 'not computable (see notes)',
      'Bylaws',
    ],
    [
      'Advance notice window closes',
      r.advanceNotice.closes ? `${r.advanceNotice.closes}, close of business` : 'not computable (see notes)',
      'Bylaws',
    ],
    ...(r.nominations.separate
      ? [
          [
            'Nomination window opens',
            r.nominations.opens ? `${r.nominations.opens}, close of business` : 'not computable (see notes)',
            'Bylaws (nominations)',
          ],
          [
            'Nomination window closes',
            r.nominations.closes ? `${r.nominations.closes}, close of business` : 'not computable (see notes)',
            'Bylaws (nominations)',
          ],
        ]
      : []),
    [
      'Rule 14a-19 universal-proxy notice',
      r.rule14a19.deadline ? `received by ${r.rule14a19.deadline}${rule14a19Time(r)}` : 'not computable (see notes)',
      r.rule14a19.setBy === 'bylaw' ? 'Rule 14a-19(b)(1), bylaw date' : r.rule14a19.citation,
    ],
  ];
  const priorAnniversary = r.anniversaries.priorMeeting ? ` (anniversary ${r.anniversaries.priorMeeting})` : '';
  const nextMeeting = r.inputs.nextMeeting ? `; next meeting ${r.inputs.nextMeeting}` : '';
  const lines = [
    `Proposal deadlines for the next annual meeting (${r.inputs.timeZone}, close of business ${r.inputs.closeOfBusiness})`,
    `Prior meeting ${r.inputs.priorMeeting ?? 'none'}${priorAnniversary}; prior release ${r.inputs.priorRelease ?? '-'}${nextMeeting}`,
    '',
    table(rows, ['route', 'deadline', 'source']),
    '',
    `Rule 14a-8: ${r.rule14a8.basis}.`,
    `Advance notice (${r.advanceNotice.governing}): ${r.advanceNotice.basis}.`,
    `  If the meeting moves: ${r.advanceNotice.movedMeeting.rule}.`,
    ...(r.nominations.separate
      ? [
          `Nominations (${r.nominations.governing}): ${r.nominations.basis}.`,
          `  If the meeting moves: ${r.nominations.movedMeeting.rule}.`,
        ]
      : []),
    `Rule 14a-19: ${r.rule14a19.basis}. ${r.rule14a19.solicitationCondition.text} (${r.rule14a19.solicitationCondition.citation})`,
  ];
  const rolls = [
    r.advanceNotice.closesRolled,
    r.nominations.separate ? r.nominations.closesRolled : null,
    r.rule14a19.rolled,
  ];
  // With rule14a19Basis bylaw, the Rule 14a-19 roll is the bylaw closing date's: print it once.
  const notes = [...new Set(rolls.filter((x) => x !== null).map((x) => `  > ${x.note} [${x.citation}]`))];
  if (notes.length) lines.push('', 'Rolled dates:', ...notes);
  if (r.warnings.length) {
    lines.push('', 'Warnings:');
    for (const w of r.warnings) lines.push(`  ! ${w.message}${w.citation ? ` [${w.citation}]` : ''}`);
  }
  return lines.join('\n');
}

const rule14a19Time = (r: DeadlineReport) =>
  r.rule14a19.receivedBy === 'close of business' ? ', close of business' : '';

function checkText(c: TimelinessResult): string {
  const verdict = c.timely === null ? 'CANNOT TELL' : c.timely ? 'TIMELY' : 'NOT TIMELY';
  return `${verdict} (${c.route}, ${c.citation})\n${c.reason}`;
}

export function deadlinesCommand(): Command {
  const cmd = withDeadlineOptions(new Command('deadlines'))
    .enablePositionalOptions()
    .description('stockholder-proposal and nomination deadlines for the next annual meeting')
    .action((opts: Flat) => {
      try {
        const report = deadlinesFromFlat(flat(opts));
        process.exitCode = emit({ json: report, text: deadlinesText(report) }, opts);
      } catch (err) {
        process.exitCode = fail(err, { ...opts, optionFields: true });
      }
    });
  withDeadlineOptions(cmd.command('check'))
    .description('was a submission received at an instant timely for a route?')
    .option('--route <route>', '14a-8 | advance-notice | nomination | 14a-19')
    .option('--received <timestamp>', 'ISO timestamp with offset, e.g. 2025-02-05T16:30:00-08:00')
    .action((opts: Flat) => {
      try {
        const { deadlines: _report, ...result } = checkFromFlat(flat(opts));
        const outcome: Outcome = {
          json: result,
          text: checkText(result),
          exitCode: result.timely === true ? EXIT.ok : EXIT.rejected,
        };
        process.exitCode = emit(outcome, opts);
      } catch (err) {
        process.exitCode = fail(err, { ...opts, optionFields: true });
      }
    });
  return cmd;
}
