import { Temporal, type PlainDate } from '../calendar/dates.js';
import { ConflictError } from '../errors.js';
import type { MeetingFile } from '../meetings/schema.js';
import type { Nominee } from '../holders/model.js';
import type { DistributionCounts, DistributionRun, Mailer, PieceLedger, PieceRecord, PrintFiles } from './model.js';
import { buildNotice, longDate, renderNoticeHtml, renderNoticeText, type NoticeDocument } from './notice.js';
import { manifestRow } from './manifest.js';
import { planDistribution, type Piece, type Plan, type PlanHolder } from './plan.js';
import { checkSchedule, type CheckId, type Method, type Schedule } from './schedule.js';

export interface DistributionDeps {
  readonly ledger: PieceLedger;
  readonly mailer: Mailer;
  readonly print: PrintFiles;
  readonly controlNumbers: (meetingId: string, seqs: readonly number[]) => string[];
  readonly now: () => string;
}

export interface DistributionRequest {
  readonly meeting: MeetingFile;
  readonly holders: readonly (PlanHolder & { readonly controlSeq: number })[];
  readonly nominees: readonly Nominee[];
  readonly method: Method;
  readonly sendDate: PlainDate;
  /** The materials posted on the website (names), listed in the Notice. */
  readonly materials: readonly string[];
  readonly overrides?: Readonly<Partial<Record<CheckId, string>>>;
  readonly dryRun?: boolean;
  /** Mail pieces per manifest file. @default 5000 */
  readonly chunkSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface DistributionOutcome {
  readonly runId: string;
  readonly status: 'planned' | 'done' | 'refused';
  readonly schedule: Schedule;
  readonly figures: Plan['figures'];
  readonly counts?: DistributionCounts;
  readonly inDoubt?: string[];
}

const EMAIL_CONCURRENCY = 8;
const LEASE_MS = 60_000;

/** The schedule checks, with the Notice's completeness when a Notice goes out (Rule 14a-16(d)). */
export function scheduleFor(req: Pick<DistributionRequest, 'meeting' | 'method' | 'sendDate' | 'materials' | 'overrides'>, notice: NoticeDocument): Schedule {
  const s = checkSchedule({
    meetingDate: Temporal.PlainDate.from(req.meeting.meeting.date),
    recordDate: Temporal.PlainDate.from(req.meeting.meeting.recordDate),
    method: req.method,
    sendDate: req.sendDate,
    materialsPosted: req.materials.length > 0,
    overrides: req.overrides,
  });
  if (req.method === 'full-set') return s;
  // Rule 14a-16(d): the Notice carries every required element.
  const complete = notice.missing.length === 0;
  const check = { id: 'notice-complete' as const, citation: 'Rule 14a-16(d)', ok: complete, message: complete ? 'the Notice has every required element' : `the Notice lacks ${notice.missing.join('; ')}`, overridable: false };
  return { ...s, checks: [...s.checks, check], blocked: s.blocked || !complete };
}

/**
 * Distributes a meeting's proxy materials: checks the schedule, plans the pieces, then sends each
 * exactly once. Every piece is claimed in the ledger (a conditional write on its deterministic id)
 * before it is sent and marked sent after, so a run that is killed and started again sends nothing
 * twice and misses nothing. An email claimed but not marked (the run died in between) is checked
 * with the mail provider; mail pieces go out as manifest files that are rebuilt identically from
 * the ledger, so writing one again never duplicates a piece.
 */
export async function runDistribution(deps: DistributionDeps, req: DistributionRequest): Promise<DistributionOutcome> {
  const meetingId = (req.meeting as { id: string }).id;
  const runId = req.method;
  const notice = buildNotice(req.meeting, { materials: req.materials });
  const schedule = scheduleFor(req, notice);
  const plan = planDistribution({ meetingId, method: req.method, holders: req.holders, nominees: req.nominees, on: req.sendDate });
  if (schedule.blocked || req.dryRun) {
    if (schedule.blocked && !req.dryRun) {
      await deps.ledger.saveRun({ meetingId, runId, method: req.method, sendDate: schedule.sendDate, status: 'refused', checks: schedule.checks, startedAt: deps.now(), finishedAt: deps.now() });
    }
    return { runId, status: schedule.blocked ? 'refused' : 'planned', schedule, figures: plan.figures };
  }
  // One process sends a run at a time: a lease on the run, renewed as it goes, released when it
  // stops (a killed process's lease expires after LEASE_MS).
  const owner = globalThis.crypto.randomUUID();
  const leaseUntil = () => new Date(Date.parse(deps.now()) + LEASE_MS).toISOString();
  if (!(await deps.ledger.lease(meetingId, runId, owner, leaseUntil(), deps.now()))) {
    const running = await deps.ledger.getRun(meetingId, runId);
    throw new ConflictError(`another ${req.method} run for ${meetingId} is sending (started ${running?.startedAt ?? 'recently'}); if it was killed, run again in a minute`);
  }
  let renewedAt = Date.parse(deps.now());
  const renew = async () => {
    if (Date.parse(deps.now()) - renewedAt < LEASE_MS / 4) return;
    renewedAt = Date.parse(deps.now());
    if (!(await deps.ledger.lease(meetingId, runId, owner, leaseUntil(), deps.now()))) throw new ConflictError('the run lost its lease to another process; stopping');
  };
  try {
    return await send(deps, req, { meetingId, runId, notice, schedule, plan, renew });
  } finally {
    await deps.ledger.release(meetingId, runId, owner);
  }
}

async function send(
  deps: DistributionDeps,
  req: DistributionRequest,
  ctx: { meetingId: string; runId: string; notice: NoticeDocument; schedule: Schedule; plan: Plan; renew: () => Promise<void> },
): Promise<DistributionOutcome> {
  const { meetingId, runId, notice, schedule, plan } = ctx;
  const startedAt = (await deps.ledger.getRun(meetingId, runId))?.startedAt ?? deps.now();
  await deps.ledger.saveRun({ meetingId, runId, method: req.method, sendDate: schedule.sendDate, status: 'running', checks: schedule.checks, startedAt });

  const seqOf = new Map(req.holders.map((h) => [h.accountId, h.controlSeq]));
  const numbersOf = (accounts: readonly string[]) => deps.controlNumbers(meetingId, accounts.map((a) => seqOf.get(a)!));
  const total = plan.pieces.length;
  let done = 0;
  const c = { planned: total, sent: 0, alreadySent: 0, inDoubt: 0, emails: 0, mailPieces: 0, manifests: 0 };
  const inDoubt: string[] = [];
  const progress = async () => {
    req.onProgress?.(++done, total);
    await ctx.renew();
  };
  const record = (p: Piece, extra: Partial<PieceRecord> = {}): PieceRecord => ({
    meetingId, pieceId: p.id, runId, channel: p.channel, content: p.content, recipient: p.recipient, accounts: p.accounts, status: 'sending', claimedAt: deps.now(), ...extra,
  });

  // Email, one holder per piece.
  const emails = plan.pieces.filter((p) => p.channel === 'email');
  let next = 0;
  let failed = false; // one error stops every worker: the run is then resumed as a whole
  const worker = async () => {
    while (next < emails.length && !failed) {
      const p = emails[next++]!;
      const claim = await deps.ledger.claim(record(p));
      let send = claim.outcome === 'claimed';
      if (claim.outcome === 'exists' && claim.record.status === 'sent') c.alreadySent++;
      else if (claim.outcome === 'exists') {
        // Claimed by a run that stopped before marking it: ask the provider whether it went.
        const known = await deps.mailer.wasSent(p.id);
        if (known === true) {
          await deps.ledger.markSent(meetingId, p.id, deps.now(), 'recovered: accepted before the run stopped');
          c.alreadySent++;
        } else if (known === false) send = true;
        else {
          c.inDoubt++;
          inDoubt.push(p.id);
        }
      }
      if (send) {
        const messageId = await deps.mailer.send(emailFor(req.meeting, notice, p, numbersOf(p.accounts)[0]!));
        await deps.ledger.markSent(meetingId, p.id, deps.now(), messageId);
        c.sent++;
        c.emails++;
      }
      await progress();
    }
  };
  // On an error every worker stops after its current piece; the run throws once all have stopped.
  const settled = await Promise.allSettled(
    Array.from({ length: EMAIL_CONCURRENCY }, () =>
      worker().catch((err: unknown) => {
        failed = true;
        throw err;
      }),
    ),
  );
  const error = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (error) throw error.reason;

  // Mail, in manifest files of chunkSize pieces: a piece belongs to the chunk it was first claimed in.
  const document = req.method === 'full-set' ? 'full-set' : (await deps.print.putDocument(meetingId, runId, 'notice.html', renderNoticeHtml(notice, '{{control_numbers}}'))).split('/').pop()!;
  const mail = plan.pieces.filter((p) => p.channel === 'mail');
  const size = req.chunkSize ?? 5000;
  for (let chunk = 1, start = 0; start < mail.length; chunk++, start += size) {
    const slice = mail.slice(start, start + size);
    const expected = new Set<string>();
    for (const [i, p] of slice.entries()) {
      const claim = await deps.ledger.claim(record(p, { chunk, index: i, addressee: p.addressee, address: p.address, sets: p.sets }));
      if (claim.outcome === 'claimed' || claim.record.chunk === chunk) expected.add(p.id);
      if (claim.outcome === 'exists' && claim.record.status === 'sent') c.alreadySent++;
    }
    const records = await chunkRecords(deps.ledger, meetingId, runId, chunk, expected);
    const rows = records.map((r) =>
      manifestRow({ id: r.pieceId, channel: 'mail', content: r.content, recipient: r.recipient, accounts: r.accounts, addressee: r.addressee ?? [], address: r.address, sets: r.sets }, r.accounts.length ? numbersOf(r.accounts) : [], r.content === 'notice' ? document : 'full-set'),
    );
    const file = await deps.print.putManifest(meetingId, runId, chunk, rows);
    c.manifests++;
    for (const r of records) {
      if (r.status === 'sent') continue;
      await deps.ledger.markSent(meetingId, r.pieceId, deps.now(), `${file}#${(r.index ?? 0) + 2}`);
      c.sent++;
      c.mailPieces++;
    }
    for (const _ of slice) await progress();
  }

  const counts: DistributionCounts = c;
  await deps.ledger.saveRun({ meetingId, runId, method: req.method, sendDate: schedule.sendDate, status: 'done', checks: schedule.checks, startedAt, finishedAt: deps.now(), counts });
  return { runId, status: 'done', schedule, figures: plan.figures, counts, inDoubt };
}

/** A chunk's records, read again (with backoff) until every piece expected in it is visible (the index is eventually consistent on AWS). */
async function chunkRecords(ledger: PieceLedger, meetingId: string, runId: string, chunk: number, expected: ReadonlySet<string>): Promise<PieceRecord[]> {
  for (let attempt = 0; ; attempt++) {
    const records = await ledger.chunk(meetingId, runId, chunk);
    const seen = new Set(records.map((r) => r.pieceId));
    if ([...expected].every((id) => seen.has(id))) return records;
    if (attempt >= 8) throw new Error(`print chunk ${chunk}: ${expected.size - seen.size} claimed pieces are not visible yet; run again to resume`);
    await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
  }
}

/** The email for a piece: the Notice, or the full set's links, with the holder's control number. */
function emailFor(m: MeetingFile, notice: NoticeDocument, p: Piece, controlNumber: string) {
  if (p.content === 'notice') return { pieceId: p.id, to: p.email!, subject: notice.legend, text: renderNoticeText(notice, controlNumber), html: renderNoticeHtml(notice, controlNumber) };
  const date = Temporal.PlainDate.from(m.meeting.date);
  const lines = [
    `${m.issuer.name}: proxy materials for the ${m.meeting.kind} meeting of stockholders on ${longDate(date)}.`,
    `The proxy statement and annual report: ${m.contacts.website}`,
    ...(m.contacts.votingWebsite ? [`Vote online at ${m.contacts.votingWebsite}`] : []),
    `Your control number: ${controlNumber}`,
  ];
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return {
    pieceId: p.id,
    to: p.email!,
    subject: `${m.issuer.name}: your proxy materials for the meeting on ${longDate(date)}`,
    text: `${lines.join('\n\n')}\n`,
    html: `<!doctype html><html lang="en"><body>${lines.map((l) => `<p>${esc(l)}</p>`).join('')}</body></html>`,
  };
}
