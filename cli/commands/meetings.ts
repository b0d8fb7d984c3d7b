import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import type { Platform } from '../platform.js';
import {
  createMeeting,
  getMeeting,
  listMeetings,
  meetingDeadlines,
  type MeetingDeps,
} from '#shared/domain/meetings/use-cases.js';
import { nomineeName, type Meeting } from '#shared/domain/meetings/schema.js';
import { UsageError, emit, fail, table } from '../output.js';
import { deadlinesText } from './deadlines.js';
import { dataDirOption, DATA_DIR_WITH_DEFAULT, jsonOption } from '../options.js';

type Opts = { json?: boolean; dataDir?: string; file?: string; replace?: boolean };

/**
 * Runs a body against the platform with the meeting repository. The AWS SDK and the local servers
 * load only here, so commands that need neither (deadlines, --help) start fast.
 */
async function withMeetings<T>(opts: { dataDir?: string }, body: (deps: MeetingDeps) => Promise<T>): Promise<T> {
  const { withPlatform } = await import('../platform.js');
  return withPlatform(opts, (p: Platform) => body({ meetings: p.root.meetings(), now: p.root.clock }));
}

async function readJsonFile(path: string | undefined): Promise<unknown> {
  if (!path) throw new UsageError('--file', 'is required (a meeting file, JSON)');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError('--file', `cannot read ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError('--file', `${path} is not valid JSON (${(err as Error).message})`);
  }
}

function meetingText(m: Meeting): string {
  const i = m.issuer;
  const mt = m.meeting;
  const lines = [
    `${i.name} — ${mt.kind} meeting ${mt.date} ${mt.time} (${i.timeZone}) [${m.id}]`,
    `Principal office: ${[...i.principalOffice.lines, `${i.principalOffice.city}, ${i.principalOffice.state} ${i.principalOffice.postalCode}`].join(', ')}`,
    `Where: ${mt.virtualOnly ? `virtual only, ${mt.virtualUrl}` : mt.location}`,
    `Record date: ${mt.recordDate} (close of business); ` +
      `shares outstanding ${mt.sharesOutstanding.toLocaleString('en-US')}; ` +
      `quorum ${mt.quorum.fraction} = ${mt.quorum.shares.toLocaleString('en-US')} shares`,
    `Materials released: ${mt.materialsReleaseDate}; delivery: ${mt.delivery}`,
    `Requests: ${m.contacts.tollFreePhone}${m.contacts.email ? `, ${m.contacts.email}` : ''}, ${m.contacts.website}`,
    '',
    table(
      m.proposals.map((p) => [
        String(p.number),
        p.title + (p.nominees ? `: ${p.nominees.map(nomineeName).join(', ')}` : ''),
        p.boardRecommendation,
        p.voteStandard,
      ]),
      ['#', 'proposal', 'board', 'vote standard'],
    ),
  ];
  return lines.join('\n');
}

export function meetingsCommand(): Command {
  const cmd = new Command('meetings').description('meetings: create from a meeting file, list, show');
  const run =
    (body: (opts: Opts) => Promise<number>) =>
    async (...args: unknown[]) => {
      const opts = args.find((a): a is Opts => typeof a === 'object' && a !== null && !(a instanceof Command)) ?? {};
      try {
        process.exitCode = await body(opts);
      } catch (err) {
        process.exitCode = fail(err, opts);
      }
    };
  cmd
    .command('create')
    .description('create a meeting from a meeting file (see docs/meeting-file.md)')
    .option('--file <path>', 'the meeting file (JSON)')
    .option('--replace', 'replace a meeting with the same id')
    .addOption(dataDirOption(DATA_DIR_WITH_DEFAULT))
    .addOption(jsonOption())
    .action(
      run(async (opts) => {
        const raw = await readJsonFile(opts.file);
        const result = await withMeetings(opts, (d) => createMeeting(d, raw, { replace: opts.replace }));
        return emit(
          {
            json: { outcome: result.outcome, meeting: result.meeting },
            text: `Meeting ${result.meeting.id} ${result.outcome}.\n\n${meetingText(result.meeting)}`,
          },
          opts,
        );
      }),
    );
  cmd
    .command('list')
    .description('list meetings, newest first')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      run(async (opts) => {
        const meetings = await withMeetings(opts, (d) => listMeetings(d));
        const text = meetings.length
          ? table(
              meetings.map((m) => [m.id, m.issuer, m.kind, m.date, m.recordDate, m.delivery]),
              ['id', 'issuer', 'kind', 'date', 'record date', 'delivery'],
            )
          : 'No meetings.';
        return emit({ json: { meetings }, text }, opts);
      }),
    );
  cmd
    .command('show')
    .description('show one meeting, with the proposal deadlines it sets for the next one')
    .argument('<id>', 'meeting id, e.g. sonim-2024')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(async (id: string, opts: Opts) => {
      try {
        const { meeting, deadlines } = await withMeetings(opts, async (d) => {
          const meeting = await getMeeting(d, id);
          return { meeting, deadlines: meeting.meeting.kind === 'annual' ? await meetingDeadlines(d, id) : undefined };
        });
        const text = [
          meetingText(meeting),
          ...(deadlines
            ? [
                '',
                deadlinesText(deadlines.nextMeeting),
                '',
                "This meeting's clocks:",
                table(deadlines.timeline.map((t) => [t.date, t.label, t.citation])),
              ]
            : []),
        ].join('\n');
        process.exitCode = emit({ json: { meeting, deadlines }, text }, opts);
      } catch (err) {
        process.exitCode = fail(err, opts);
      }
    });
  return cmd;
}
