import { Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Temporal, parseDate, type PlainDate } from '#shared/domain/calendar/dates.js';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { FileHouseholdReport, HouseholdReport } from '#shared/domain/households/use-cases.js';
import type { Addressing, DeliveryUnit } from '#shared/domain/households/group.js';
import { EXIT, UsageError, emit, guard, table } from '../output.js';
import { fileRefusal, readColumnMap } from './holders.js';
import { meetingOption, dataDirOption, jsonOption, requireMeeting } from '../options.js';
import type { HolderStore } from '#shared/domain/holders/model.js';
import type { Meeting } from '#shared/domain/meetings/schema.js';

type Opts = {
  json?: boolean;
  dataDir?: string;
  meeting?: string;
  file?: string;
  columns?: string;
  on?: string;
  addressing?: string;
  account?: string;
  event?: string;
  record?: boolean;
  limit?: string;
};

const fmt = (n: number) => n.toLocaleString('en-US');

function dateOption(opts: Opts): PlainDate | undefined {
  if (opts.on === undefined) return undefined;
  const d = parseDate(opts.on);
  if (!d) throw new UsageError('--on', `"${opts.on}" is not a date (YYYY-MM-DD)`);
  return d;
}

function addressing(opts: Opts): Addressing {
  if (opts.addressing !== undefined && opts.addressing !== 'each' && opts.addressing !== 'group')
    throw new UsageError('--addressing', 'must be each or group');
  return (opts.addressing as Addressing | undefined) ?? 'each';
}

async function withStore<T>(
  opts: Opts,
  body: (ctx: {
    store: HolderStore;
    meeting: (id: string) => Promise<Meeting>;
    /** Today in a time zone, by the platform's one clock. */
    today: (timeZone: string) => PlainDate;
  }) => Promise<T>,
): Promise<T> {
  const { withPlatform, todayIn } = await import('../platform.js');
  return withPlatform(opts, async (p) =>
    body({ store: (await p.root.holders()).holders, meeting: p.root.meeting, today: (tz) => todayIn(p.root, tz) }),
  );
}

/** What the text report shows: a meeting's report, or a file's (its units built as they are read). */
type Shown = Omit<HouseholdReport, 'households'> & { units: Iterable<DeliveryUnit> };

function reportText(r: Shown, limit: number): string {
  const f = r.figures;
  const lines = [
    `Households of ${r.meetingId ?? r.source}, consent as of ${r.on}`,
    '',
    table([
      ['Holders', fmt(f.holders)],
      ['Households (2+ holders, one copy)', `${fmt(f.households)} (${fmt(f.householdedHolders)} holders)`],
      ['Copies of the materials', fmt(f.copies)],
      ['Copies saved', fmt(f.copiesSaved)],
      ['At a shared address without consent', fmt(f.sharedAddressWithoutConsent)],
    ]),
    'Every holder still gets their own proxy card and control number.',
  ];
  const households: DeliveryUnit[] = [];
  for (const u of r.units) {
    if (households.length >= limit) break;
    if (u.householded) households.push(u);
  }
  if (households.length) {
    lines.push(
      '',
      `Households${f.households > limit ? ` (first ${limit} of ${fmt(f.households)}; --json for all)` : ''}:`,
    );
    for (const u of households) {
      const a = u.address;
      lines.push(`  ${u.id}  ${[...a.lines, [a.city, a.state, a.postalCode].filter(Boolean).join(' ')].join(', ')}`);
      lines.push(`    to: ${u.addressee.join(' / ')}`);
      for (const m of u.members)
        lines.push(
          `    ${m.accountId}  ${m.name}  (${m.consent.basis}${m.consent.since ? ` since ${m.consent.since}` : ''})`,
        );
    }
  }
  if (r.individualDeliveryDue.length) {
    lines.push(
      '',
      'Revoked: individual delivery must have resumed by',
      table(r.individualDeliveryDue.map((d) => [`  ${d.accountId}`, `revoked ${d.revokedOn}`, `by ${d.by}`])),
    );
  }
  if (r.rejections?.length) {
    lines.push(
      '',
      `Rows not grouped (${fmt(r.rejections.length)} issues):`,
      table(r.rejections.slice(0, limit).map((x) => [`  line ${x.line}`, x.field, x.message])),
    );
  }
  return lines.join('\n');
}

/**
 * A file's report as one JSON document, written as it is built: the figures first, then every
 * delivery unit on a line of its own (a million-row file's report is never one string).
 */
async function writeFileReport(r: FileHouseholdReport, out: Writable): Promise<void> {
  let buffer = '';
  // Written out in chunks of 64 KiB or so (no await per item), waiting only when the stream asks to.
  const FULL = 1 << 16;
  const flush = async () => {
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await once(out, 'drain');
  };
  // `json`: the items are JSON text already.
  const list = async (name: string, items: Iterable<unknown>, last = false, json = false) => {
    buffer += `  ${JSON.stringify(name)}: [`;
    let first = true;
    for (const item of items) {
      buffer += `${first ? '' : ','}\n    ${json ? (item as string) : JSON.stringify(item)}`;
      first = false;
      if (buffer.length >= FULL) await flush();
    }
    buffer += `${first ? '' : '\n  '}]${last ? '' : ','}\n`;
  };
  buffer += `{\n  "source": ${JSON.stringify(r.source)},\n  "on": ${JSON.stringify(r.on)},\n`;
  buffer += `  "figures": ${JSON.stringify(r.figures)},\n`;
  await list('individualDeliveryDue', r.individualDeliveryDue);
  await list('rejections', r.rejections);
  await list('households', r.unitsJson(), true, true);
  buffer += '}\n';
  if (buffer && !out.write(buffer)) await once(out, 'drain');
}

export function householdsCommand(): Command {
  return new Command('households')
    .description(
      "households for one copy at a shared address (Rule 14a-3(e)(1)): a meeting's stored list, or a holder file without storing it",
    )
    .addOption(meetingOption('a meeting id: group its stored holder list'))
    .option('--file <path>', 'a registered holder CSV: group it without storing it')
    .option('--columns <map.json>', "with --file: rename the file's columns")
    .option(
      '--on <date>',
      "judge consent on this day (default: the meeting's materials release date; with --file, today)",
    )
    .option('--addressing <how>', 'each (every member named, up to four) | group ("The X Household")', 'each')
    .option('--limit <n>', 'households listed in the text output', '20')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        if (!opts.meeting === !opts.file)
          throw new UsageError(opts.meeting ? '--file' : '--meeting', 'give either --meeting or --file');
        const on = dateOption(opts);
        const how = addressing(opts);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 0) throw new UsageError('--limit', 'must be a whole number');
        const { meetingHouseholds, fileHouseholds } = await import('#shared/domain/households/use-cases.js');
        if (opts.file) {
          const file = opts.file;
          try {
            statSync(file);
          } catch {
            throw new UsageError('--file', `cannot read ${file}`);
          }
          const columnMap = await readColumnMap(opts.columns);
          const { readCsvRecordBatches } = await import('#shared/adapters/csv/records.js');
          const { REGISTERED_COLUMNS, REGISTERED_REQUIRED } = await import('#shared/domain/holders/columns.js');
          let r: FileHouseholdReport;
          try {
            r = await fileHouseholds(
              readCsvRecordBatches(createReadStream(file), {
                columnMap,
                known: REGISTERED_COLUMNS,
                required: REGISTERED_REQUIRED,
              }),
              basename(file),
              on ?? (await fileModeToday()),
              { addressing: how },
            );
          } catch (err) {
            throw await fileRefusal(err);
          }
          const exitCode = r.rejections.length ? EXIT.rejected : EXIT.ok;
          if (!opts.json)
            return emit({ json: null, text: reportText({ ...r, units: r.units() }, limit), exitCode }, opts);
          await writeFileReport(r, process.stdout);
          return exitCode;
        }
        const meetingId = opts.meeting!;
        const r = await withStore(opts, async (ctx) => {
          const meeting = await ctx.meeting(meetingId);
          return meetingHouseholds(
            ctx.store,
            meetingId,
            on ?? Temporal.PlainDate.from(meeting.meeting.materialsReleaseDate),
            { addressing: how },
          );
        });
        return emit({ json: r, text: reportText({ ...r, units: r.households }, limit) }, opts);
      }),
    );
}

export function householdingCommand(): Command {
  const cmd = new Command('householding').description(
    'the householding consent lifecycle: implied-consent notices, consent, objections, revocations, separate copies',
  );

  cmd
    .command('notices')
    .description(
      'the holders to send the implied-consent notice to (shared address, shared family name, no consent yet); --record marks it sent',
    )
    .addOption(meetingOption())
    .option('--on <date>', "the day (default: today in the issuer's time zone)")
    .option('--record', 'record the notice as sent on that day to everyone listed')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts);
        const meetingId = opts.meeting;
        const given = dateOption(opts);
        const { noticeList, recordNoticesSent } = await import('#shared/domain/households/use-cases.js');
        return withStore(opts, async (ctx) => {
          const meeting = await ctx.meeting(meetingId);
          const on = given ?? ctx.today(meeting.issuer.timeZone);
          if (opts.record) {
            const r = await recordNoticesSent(ctx.store, meetingId, on);
            return emit(
              {
                json: r,
                text:
                  `Recorded the implied-consent notice as sent on ${r.sentOn} to ${fmt(r.accounts.length)} holders. ` +
                  `Unless they object, consent is implied from ${r.impliedFrom}.`,
              },
              opts,
            );
          }
          const list = await noticeList(ctx.store, meetingId, on);
          const rows = list.map((h) => [
            h.accountId,
            h.name,
            [...h.address.lines, h.address.city, h.address.state ?? ''].join(', '),
          ]);
          return emit(
            {
              json: {
                meetingId,
                on: on.toString(),
                holders: list.map((h) => ({ accountId: h.accountId, name: h.name, address: h.address })),
              },
              text: `${fmt(list.length)} holders to notify (implied consent, Rule 14a-3(e)(1)(ii)):\n${table(rows)}`,
            },
            opts,
          );
        });
      }),
    );

  cmd
    .command('record')
    .description('record a dated householding event for one holder')
    .addOption(meetingOption())
    .option('--account <id>', 'account id')
    .option('--event <event>', 'consent | notice-sent | objection | revocation | separate-copy')
    .option('--on <date>', "the day it happened (default: today in the issuer's time zone)")
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts);
        if (!opts.account) throw new UsageError('--account', 'is required');
        const { recordHouseholdingEvent, HOUSEHOLDING_EVENTS } = await import('#shared/domain/households/use-cases.js');
        if (!opts.event || !(HOUSEHOLDING_EVENTS as readonly string[]).includes(opts.event))
          throw new UsageError('--event', `must be one of ${HOUSEHOLDING_EVENTS.join(', ')}`);
        const given = dateOption(opts);
        const { meeting: meetingId, account, event } = opts as Required<Pick<Opts, 'meeting' | 'account' | 'event'>>;
        return withStore(opts, async (ctx) => {
          const meeting = await ctx.meeting(meetingId);
          const r = await recordHouseholdingEvent(
            ctx.store,
            meetingId,
            account,
            event as never,
            given ?? ctx.today(meeting.issuer.timeZone),
          );
          const c = r.consent;
          const detail = c.individualDeliveryBy
            ? `; individual delivery must resume by ${c.individualDeliveryBy}`
            : c.impliedFrom
              ? `; consent is implied from ${c.impliedFrom} unless they object`
              : '';
          return emit(
            {
              json: r,
              text: `Recorded ${event} for ${account} on ${r.on}. Householding consent: ${c.basis}${detail}.`,
            },
            opts,
          );
        });
      }),
    );
  return cmd;
}

/**
 * Today for `households --file` (no platform is opened): by the one clock, so a rehearsal
 * (PROXYDESK_NOW) judges consent on the rehearsed day too; in this machine's time zone.
 */
async function fileModeToday(): Promise<PlainDate> {
  const [{ loadLocalSettings }, { clockFrom }] = await Promise.all([
    import('#shared/config.js'),
    import('#shared/composition/root.js'),
  ]);
  const now = clockFrom({ fixedNow: loadLocalSettings().fixedNow })();
  return Temporal.Instant.from(now).toZonedDateTimeISO(Temporal.Now.timeZoneId()).toPlainDate();
}
