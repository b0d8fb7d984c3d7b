import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DomainError } from '#shared/domain/errors.js';
import type { Meeting } from '#shared/domain/meetings/schema.js';
import type { AccountVotes, Recorded, VoteRecordsDeps, VotesStatus } from '#shared/domain/voting/records.js';
import { EXIT, UsageError, emit, fail, table } from '../output.js';
import { dataDirOption, jsonOption, meetingOption, requireMeeting } from '../options.js';
import { votesImportCommand } from './votes-import.js';
import { votesNomineeReportCommand } from './votes-nominee.js';

/**
 * `proxydesk votes`: the proxies proxydesk takes. `votes import` (phone and mailed-card files) lives in
 * votes-import.ts; the operator's views and records (status, show, revoke, ballots at the meeting) here.
 */
export function votesCommand(): Command {
  const votes = new Command('votes').description('proxies taken online, by phone and by mailed card');
  votes.addCommand(votesImportCommand());
  votes.addCommand(votesNomineeReportCommand());
  votes.addCommand(statusCommand());
  votes.addCommand(showCommand());
  votes.addCommand(revokeCommand());
  votes.addCommand(meetingBallotCommand());
  votes.addCommand(attendCommand());
  return votes;
}

type Opts = { meeting?: string; account?: string; dataDir?: string; json?: boolean };

/** Option names for the use cases' fields: a refused argument is one line naming the option (exit 2). */
const OPTION_FIELDS = {
  account: '--account',
  received: '--received',
  castAt: '--at',
  at: '--at',
  ballot: '--ballot-file',
};

/**
 * Runs a votes command against the platform: a bad argument exits 2 naming it; a refusal of the content
 * (a ballot the meeting does not offer, a record after the polls closed, no such account) exits 1.
 */
function run<O extends Opts>(
  body: (opts: O & { meeting: string }, deps: VoteRecordsDeps, meeting: Meeting) => Promise<number>,
): (opts: O) => Promise<void> {
  return async (opts) => {
    try {
      requireMeeting(opts);
      const { withPlatform } = await import('../platform.js');
      process.exitCode = await withPlatform(opts, async (p) =>
        body(opts, p.root.voteRecords(), await p.root.meeting(opts.meeting)),
      );
    } catch (err) {
      const content = err instanceof DomainError && err.issues.every((i) => i.field.startsWith('ballot.'));
      process.exitCode = fail(err, content ? opts : { ...opts, optionFields: OPTION_FIELDS });
    }
  };
}

const requireAccount = (opts: Opts): string => {
  if (!opts.account) throw new UsageError('--account', 'is required');
  return opts.account;
};

const n = (x: number) => x.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(2)}%` : '-');

function statusText(s: VotesStatus): string {
  const t = s.recordDateTotals;
  const row = (label: string, f: { accounts: number; shares: number }) => [
    label,
    n(f.accounts),
    pct(f.accounts, t.accounts),
    n(f.shares),
    pct(f.shares, t.shares),
  ];
  return [
    `Votes for ${s.meetingId} as of ${s.asOf} (record date ${s.recordDate}: ${n(t.accounts)} registered accounts, ${n(t.shares)} shares).`,
    '',
    table(
      [
        row('counting', s.counting),
        ...(['internet', 'phone', 'mail', 'meeting'] as const).map((c) => row(`  ${c}`, s.byChannel[c])),
      ],
      ['', 'accounts', '% accounts', 'shares', '% shares'],
    ),
    '',
    s.byDay.length
      ? table(
          s.byDay.map((d) => [d.day, n(d.accounts), n(d.shares)]),
          ['dated (issuer-local)', 'accounts', 'shares'],
        )
      : 'No proxy counts yet.',
    '',
    `Submissions: ${n(s.submissions.total)} (${n(s.submissions.refused)} refused). Not counting: ` +
      `${n(s.notCounting.revoked)} revoked in writing, ${n(s.notCounting.onlyRefused)} with only refused submissions.`,
  ].join('\n');
}

function statusCommand(): Command {
  return new Command('status')
    .description('how many accounts and shares have a proxy that counts, by channel and by day (counts only)')
    .addOption(meetingOption())
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      run<Opts>(async (opts, deps, meeting) => {
        const { votesStatus } = await import('#shared/domain/voting/records.js');
        const status = await votesStatus(deps, meeting);
        return emit({ json: status, text: statusText(status) }, opts);
      }),
    );
}

const choices = (ballot: AccountVotes['submissions'][number]['ballot']) =>
  Object.entries(ballot)
    .map(([k, v]) =>
      typeof v === 'string'
        ? `${k}:${v}`
        : `${k}:{${Object.entries(v)
            .map(([name, c]) => `${name} ${c}`)
            .join(', ')}}`,
    )
    .join(' ');

function showText(a: AccountVotes): string {
  const who = a.holder ? `${a.holder.name}, ${n(a.holder.shares)} shares` : 'not on the holder list';
  return [
    `Account ${a.accountId} of ${a.meetingId} (${who}).`,
    `Counts now: ${a.counting.id ? a.counting.id.slice(0, 10) : 'nothing'} (${a.counting.reason}).`,
    '',
    ...(a.submissions.length === 0
      ? ['No submission.']
      : a.submissions.flatMap((s) => [
          `#${s.place} ${s.kind}  ${s.receivedLocal}${s.date ? `  dated ${s.date}` : ''}  ${s.id.slice(0, 10)}  ` +
            `${s.counts ? 'COUNTS' : 'does not count'}`,
          `   from ${s.source}; ${s.why}`,
          ...(Object.keys(s.ballot).length ? [`   ${choices(s.ballot)}`] : []),
          ...(s.submitted ? [`   as sent: ${s.submitted}`] : []),
          ...(s.note ? [`   note: ${s.note}`] : []),
        ])),
  ].join('\n');
}

function showCommand(): Command {
  return new Command('show')
    .description("an account's whole vote history: each submission, whether it counts and why (never a control number)")
    .addOption(meetingOption())
    .option('--account <id>', 'account id of the holder list')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      run<Opts>(async (opts, deps, meeting) => {
        const account = requireAccount(opts);
        const { showAccount } = await import('#shared/domain/voting/records.js');
        const shown = await showAccount(deps, meeting, account);
        return emit({ json: shown, text: showText(shown) }, opts);
      }),
    );
}

const recordedText = (what: string, r: Recorded) =>
  `${r.created ? 'Recorded' : 'Already recorded'}: ${what} for account ${r.record.accountId}, ` +
  `${r.record.receivedAt} (${r.record.id.slice(0, 10)}, place ${r.record.seq} of its history).`;

function revokeCommand(): Command {
  return new Command('revoke')
    .description('record a written revocation received for an account: it ends every earlier-dated proxy')
    .addOption(meetingOption())
    .option('--account <id>', 'account id of the holder list')
    .option('--received <when>', 'when it was received: YYYY-MM-DD or YYYY-MM-DDTHH:MM, issuer-local')
    .option('--note <text>', 'how it came, who signed it')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      run<Opts & { received?: string; note?: string }>(async (opts, deps, meeting) => {
        const accountId = requireAccount(opts);
        if (!opts.received) throw new UsageError('--received', 'is required (YYYY-MM-DD or YYYY-MM-DDTHH:MM)');
        const { recordRevocation } = await import('#shared/domain/voting/records.js');
        const r = await recordRevocation(deps, { meeting, accountId, received: opts.received, note: opts.note });
        return emit({ json: r, text: recordedText('a written revocation', r) }, opts);
      }),
    );
}

function meetingBallotCommand(): Command {
  return new Command('meeting-ballot')
    .description('record a ballot cast at the meeting (checked as an online ballot): it ends every earlier proxy')
    .addOption(meetingOption())
    .option('--account <id>', 'account id of the holder list')
    .option(
      '--ballot-file <file>',
      'the ballot as JSON, as the vote API takes it: {"1": {"<nominee>": "FOR"}, "2": "FOR"}',
    )
    .option('--at <when>', 'when it was cast (ISO instant or issuer-local YYYY-MM-DDTHH:MM; default now)')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      run<Opts & { ballotFile?: string; at?: string }>(async (opts, deps, meeting) => {
        const accountId = requireAccount(opts);
        if (!opts.ballotFile) throw new UsageError('--ballot-file', 'is required');
        const text = await readFile(opts.ballotFile, 'utf8').catch(() => {
          throw new UsageError('--ballot-file', `cannot read ${opts.ballotFile}`);
        });
        let ballot: unknown;
        try {
          ballot = JSON.parse(text);
        } catch {
          throw new UsageError('--ballot-file', 'is not JSON');
        }
        const { recordMeetingBallot } = await import('#shared/domain/voting/records.js');
        const source = basename(opts.ballotFile);
        const r = await recordMeetingBallot(deps, { meeting, accountId, ballot, castAt: opts.at, source });
        return emit({ json: r, text: recordedText('a ballot cast at the meeting', r) }, opts);
      }),
    );
}

function attendCommand(): Command {
  return new Command('attend')
    .description('record that the holder attended the meeting (attending alone does not revoke a proxy)')
    .addOption(meetingOption())
    .option('--account <id>', 'account id of the holder list')
    .option('--at <when>', 'when (ISO instant or issuer-local YYYY-MM-DDTHH:MM; default now)')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      run<Opts & { at?: string }>(async (opts, deps, meeting) => {
        const accountId = requireAccount(opts);
        const { recordAttendance } = await import('#shared/domain/voting/records.js');
        const r = await recordAttendance(deps, { meeting, accountId, at: opts.at });
        return emit({ json: r, text: recordedText('attendance', r), exitCode: EXIT.ok }, opts);
      }),
    );
}
