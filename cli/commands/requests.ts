import { Command } from 'commander';
import { parseDate } from '#shared/domain/calendar/dates.js';
import { EXIT, UsageError, emit, guard, table } from '../output.js';
import { meetingOption, dataDirOption, jsonOption, requireMeeting } from '../options.js';

type Opts = { json?: boolean; dataDir?: string; meeting?: string; dueBefore?: string; overdue?: boolean };

/** `proxydesk requests`: a meeting's stockholder requests with their due days, and which are late. */
export function requestsCommand(): Command {
  return new Command('requests')
    .description(
      "a meeting's stockholder requests (copies, separate sets, elections) with the day each must be sent by",
    )
    .addOption(meetingOption())
    .option('--due-before <date>', 'only requests due before this day')
    .option('--overdue', 'only requests past their due day or due within one business day (exit 1 if any)')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(
      guard(async (opts: Opts) => {
        requireMeeting(opts);
        const dueBefore = opts.dueBefore === undefined ? undefined : parseDate(opts.dueBefore);
        if (opts.dueBefore !== undefined && !dueBefore)
          throw new UsageError('--due-before', `"${opts.dueBefore}" is not a date (YYYY-MM-DD)`);
        const meetingId = opts.meeting;
        const { withPlatform, todayIn } = await import('../platform.js');
        const { urgency, overdueFigures } = await import('#shared/domain/requests/overdue.js');
        const out = await withPlatform(opts, async (p) => {
          const meeting = await p.root.meeting(meetingId);
          const today = todayIn(p.root, meeting.issuer.timeZone);
          const all = await p.root.requestsCheck().requests.list(meetingId, {
            dueBefore: dueBefore?.toString(),
          });
          const rows = all
            .map((r) => ({ ...r, urgency: urgency(r, today) }))
            .filter((r) => !opts.overdue || r.urgency === 'overdue' || r.urgency === 'due-within-one-business-day');
          return { meetingId, today: today.toString(), figures: overdueFigures(all, today), requests: rows };
        });
        // The email address a copy was asked for is used for nothing but that copy (Rule 14a-16(k)): not listed here.
        const requests = out.requests.map(({ email: _email, ...r }) => r);
        const late = out.requests.filter((r) => r.urgency === 'overdue').length;
        const text = [
          `Requests for ${meetingId} as of ${out.today}: ${out.figures.open} open, ${out.figures.overdue} overdue, ` +
            `${out.figures.dueWithinOneBusinessDay} due within one business day.`,
          ...(requests.length
            ? [
                '',
                table(
                  requests.map((r) => [
                    r.requestId.slice(0, 10),
                    r.kind,
                    r.accountId,
                    r.receivedAt,
                    r.dueBy ?? '-',
                    r.status,
                    r.urgency,
                  ]),
                  ['request', 'kind', 'account', 'received', 'due by', 'status', ''],
                ),
              ]
            : []),
        ].join('\n');
        return emit(
          { json: { ...out, requests }, text, exitCode: opts.overdue && late > 0 ? EXIT.rejected : EXIT.ok },
          opts,
        );
      }),
    );
}
