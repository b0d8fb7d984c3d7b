import { Temporal, type PlainDate } from '../calendar/dates.js';
import { withLease, type Leases } from '../leases.js';
import type { Clock, Ids, Sleep } from '../ports.js';
import type { MeetingFile } from '../meetings/schema.js';
import type { Nominee } from '../holders/model.js';
import type {
  ChunkCounts,
  DistributionCounts,
  DistributionRun,
  Mailer,
  PieceLedger,
  PieceRecord,
  PrintFiles,
} from './model.js';
import { buildNotice, longDate, renderNoticeHtml, renderNoticeText, type NoticeDocument } from './notice.js';
import { manifestRow } from './manifest.js';
import { planDistribution, type Channel, type Piece, type Plan, type PlanHolder } from './plan.js';
import { checkSchedule, type CheckId, type Method, type Schedule } from './schedule.js';

export interface DistributionDeps {
  readonly ledger: PieceLedger;
  readonly mailer: Mailer;
  readonly print: PrintFiles;
  readonly controlNumbers: (meetingId: string, seqs: readonly number[]) => string[];
  /** One sender per chunk. */
  readonly leases: Leases;
  /** Plan ids and lease owners. */
  readonly ids: Ids;
  /** The real time chunk leases are kept by (LeaseDeps). */
  readonly leaseClock: Clock;
  /** The backoff while a chunk's records become visible. */
  readonly sleep: Sleep;
  readonly now: Clock;
  /** proxydesk's voting page for a meeting (an absolute URL), when the platform's public address is known. */
  readonly votingPage?: (meetingId: string) => string | undefined;
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
  /** Pieces per chunk (a mail chunk is one manifest file). @default CHUNK_SIZE */
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

/** A piece as a chunk carries it: with the control-number sequence of each account (not a secret without the key). */
export interface PlannedPiece extends Piece {
  readonly seqs: number[];
}

/** A unit of sending: emails, or the mail pieces of one manifest file. Chunks are sent independently (on AWS, one queue message each). */
export interface Chunk {
  /** `email-00001`, `mail-00001`: stable for a plan. */
  readonly id: string;
  readonly channel: Channel;
  /** Mail: the manifest file's number. */
  readonly number: number;
  readonly pieces: PlannedPiece[];
}

/** What every chunk of a run needs to know besides its pieces. */
export interface RunSetup {
  readonly meetingId: string;
  readonly runId: string;
  /** This plan of the run: its chunks report under it. */
  readonly planId: string;
  readonly method: Method;
  readonly sendDate: string;
  readonly notice: NoticeDocument;
  /** proxydesk's voting page, named in the full-set email when the meeting file names no other voting website. */
  readonly votingPage?: string;
  /** The print document the notice pieces reference (`full-set` when the vendor prints the full set). */
  readonly document: string;
  /** Meeting facts the full-set email needs. */
  readonly meeting: Pick<MeetingFile, 'issuer' | 'contacts'> & {
    readonly meeting: Pick<MeetingFile['meeting'], 'date' | 'kind'>;
  };
}

/** Prepared: either stopped (refused, or a dry run) or ready to send, chunk by chunk. */
export type Prepared =
  | { readonly ready: false; readonly outcome: DistributionOutcome }
  | {
      readonly ready: true;
      readonly setup: RunSetup;
      readonly schedule: Schedule;
      readonly plan: Plan;
      readonly chunks: Chunk[];
    };

export const CHUNK_SIZE = 5000;
const EMAIL_CONCURRENCY = 8;
/** Ledger writes of a mail chunk in flight at once. */
const LEDGER_CONCURRENCY = 16;

/** The schedule checks, with the Notice's completeness when a Notice goes out (Rule 14a-16(d)). */
export function scheduleFor(
  req: Pick<DistributionRequest, 'meeting' | 'method' | 'sendDate' | 'materials' | 'overrides'>,
  notice: NoticeDocument,
): Schedule {
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
  const check = {
    id: 'notice-complete' as const,
    citation: 'Rule 14a-16(d)',
    ok: complete,
    message: complete ? 'the Notice has every required element' : `the Notice lacks ${notice.missing.join('; ')}`,
    overridable: false,
  };
  return { ...s, checks: [...s.checks, check], blocked: s.blocked || !complete };
}

/** Splits a plan into chunks (pure): emails first, then mail, `size` pieces each, in plan order. */
export function chunkPlan(plan: Plan, seqOf: (accountId: string) => number, size = CHUNK_SIZE): Chunk[] {
  const chunks: Chunk[] = [];
  for (const channel of ['email', 'mail'] as const) {
    const pieces = plan.pieces.filter((p) => p.channel === channel);
    for (let start = 0, number = 1; start < pieces.length; start += size, number++) {
      chunks.push({
        id: `${channel}-${String(number).padStart(5, '0')}`,
        channel,
        number,
        pieces: pieces.slice(start, start + size).map((p) => ({ ...p, seqs: p.accounts.map(seqOf) })),
      });
    }
  }
  return chunks;
}

/**
 * Checks the schedule and plans. A refused run is recorded (with its checks); a ready one is saved
 * as running, with its chunk list, and the notice document the print vendor receives is written.
 */
export async function prepareDistribution(
  deps: Pick<DistributionDeps, 'ledger' | 'print' | 'ids' | 'now' | 'votingPage'>,
  req: Omit<DistributionRequest, 'onProgress'>,
): Promise<Prepared> {
  const meetingId = (req.meeting as { id: string }).id;
  const runId = req.method;
  const votingPage = deps.votingPage?.(meetingId);
  const notice = buildNotice(req.meeting, { materials: req.materials, votingPage });
  const schedule = scheduleFor(req, notice);
  const plan = planDistribution({
    meetingId,
    method: req.method,
    holders: req.holders,
    nominees: req.nominees,
    on: req.sendDate,
  });
  if (schedule.blocked || req.dryRun) {
    if (schedule.blocked && !req.dryRun)
      await saveStoppedRun(deps, { meetingId, runId, method: req.method, schedule, figures: plan.figures });
    return {
      ready: false,
      outcome: { runId, status: schedule.blocked ? 'refused' : 'planned', schedule, figures: plan.figures },
    };
  }
  const seqOf = new Map(req.holders.map((h) => [h.accountId, h.controlSeq]));
  const chunks = chunkPlan(plan, (a) => seqOf.get(a)!, req.chunkSize);
  const document =
    req.method === 'full-set'
      ? 'full-set'
      : (await deps.print.putDocument(meetingId, runId, 'notice.html', renderNoticeHtml(notice, '{{control_numbers}}')))
          .split('/')
          .pop()!;
  const earlier = await deps.ledger.getRun(meetingId, runId);
  const planId = deps.ids.next();
  await deps.ledger.saveRun({
    meetingId,
    runId,
    method: req.method,
    sendDate: schedule.sendDate,
    status: 'running',
    checks: schedule.checks,
    figures: plan.figures,
    chunks: chunks.map((c) => c.id),
    planId,
    startedAt: earlier?.status === 'running' || earlier?.status === 'done' ? earlier.startedAt : deps.now(),
  });
  const { meeting } = req;
  const setup: RunSetup = {
    meetingId,
    runId,
    planId,
    method: req.method,
    sendDate: schedule.sendDate,
    notice,
    ...(votingPage ? { votingPage } : {}),
    document,
    meeting: {
      issuer: meeting.issuer,
      contacts: meeting.contacts,
      meeting: { date: meeting.meeting.date, kind: meeting.meeting.kind },
    },
  };
  return { ready: true, setup, schedule, plan, chunks };
}

/**
 * Records a run that stops before sending: refused (the schedule's checks say why), or a dry
 * run's plan (`planned`, under the dry run's id). The one way such a run is saved.
 */
export async function saveStoppedRun(
  deps: Pick<DistributionDeps, 'ledger' | 'now'>,
  run: {
    readonly meetingId: string;
    readonly runId: string;
    readonly method: Method;
    readonly schedule: Schedule;
    readonly figures?: Plan['figures'];
    /** @default the schedule's verdict: `refused` if blocked, else `planned` */
    readonly status?: 'refused' | 'planned';
  },
): Promise<void> {
  const at = deps.now();
  await deps.ledger.saveRun({
    meetingId: run.meetingId,
    runId: run.runId,
    method: run.method,
    sendDate: run.schedule.sendDate,
    status: run.status ?? (run.schedule.blocked ? 'refused' : 'planned'),
    checks: run.schedule.checks,
    ...(run.figures ? { figures: run.figures } : {}),
    startedAt: at,
    finishedAt: at,
  });
}

/**
 * Sends one chunk, exactly once per piece. Every piece is claimed in the ledger (a conditional
 * write on its deterministic id) before it is sent and marked sent after, so a chunk that is killed
 * and sent again sends nothing twice and misses nothing. An email claimed but not marked (the
 * process died in between) is checked with the mail provider. Mail pieces go out as a manifest file
 * rebuilt identically from the ledger, so writing it again never duplicates a piece. One process
 * sends a chunk at a time (a lease, renewed as it goes; a killed process's lease expires).
 */
export async function sendChunk(
  deps: DistributionDeps,
  setup: RunSetup,
  chunk: Chunk,
  onPiece?: () => void,
): Promise<{ counts: ChunkCounts; inDoubt: string[] }> {
  const { meetingId, runId } = setup;
  const lease = {
    // The DynamoDB lease item of a chunk: LEASE#distribution#<meeting>#<run>#<chunk>.
    scope: `distribution#${meetingId}#${runId}#${chunk.id}`,
    busy: `another process is sending ${chunk.id} of the ${runId} run for ${meetingId}; if it was killed, run again in a minute`,
    lost: `${chunk.id} lost its lease to another process; stopping`,
  };
  return withLease(deps, lease, async (held) => {
    const progress = async () => {
      onPiece?.();
      await held.renew();
    };
    const result =
      chunk.channel === 'email'
        ? await sendEmails(deps, setup, chunk, progress)
        : await sendMail(deps, setup, chunk, progress);
    await deps.ledger.saveChunk(meetingId, runId, chunk.id, { planId: setup.planId, counts: result.counts });
    return result;
  });
}

const zero = (): { -readonly [K in keyof ChunkCounts]: ChunkCounts[K] } => ({
  planned: 0,
  sent: 0,
  alreadySent: 0,
  inDoubt: 0,
  emails: 0,
  mailPieces: 0,
  manifests: 0,
});

const record = (setup: RunSetup, p: Piece, now: string, extra: Partial<PieceRecord> = {}): PieceRecord => ({
  meetingId: setup.meetingId,
  pieceId: p.id,
  runId: setup.runId,
  channel: p.channel,
  content: p.content,
  recipient: p.recipient,
  accounts: p.accounts,
  status: 'sending',
  claimedAt: now,
  ...extra,
});

/** Runs `fn` over the items, `limit` at a time; on an error the others stop after their current item, then it throws. */
async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const error = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (error) throw error.reason;
}

async function sendEmails(deps: DistributionDeps, setup: RunSetup, chunk: Chunk, progress: () => Promise<void>) {
  const c = { ...zero(), planned: chunk.pieces.length };
  const inDoubt: string[] = [];
  // On an error every worker stops after its current piece; the chunk is then sent again as a whole.
  await eachLimit(chunk.pieces, EMAIL_CONCURRENCY, async (p) => {
    const claim = await deps.ledger.claim(record(setup, p, deps.now()));
    let send = claim.outcome === 'claimed';
    if (claim.outcome === 'exists' && claim.record.status === 'sent') c.alreadySent++;
    else if (claim.outcome === 'exists') {
      // Claimed by a process that stopped before marking it: ask the provider whether it went.
      const known = await deps.mailer.wasSent(p.id);
      if (known === true) {
        await deps.ledger.markSent(setup.meetingId, p.id, deps.now(), 'recovered: accepted before the run stopped');
        c.alreadySent++;
      } else if (known === false) send = true;
      else {
        c.inDoubt++;
        inDoubt.push(p.id);
      }
    }
    if (send) {
      const messageId = await deps.mailer.send(emailFor(setup, p, deps.controlNumbers(setup.meetingId, p.seqs)[0]!));
      await deps.ledger.markSent(setup.meetingId, p.id, deps.now(), messageId);
      c.sent++;
      c.emails++;
    }
    await progress();
  });
  return { counts: c, inDoubt };
}

/** Mail: one manifest file. A piece belongs to the chunk it was first claimed in (a changed plan never moves it). */
async function sendMail(deps: DistributionDeps, setup: RunSetup, chunk: Chunk, progress: () => Promise<void>) {
  const { meetingId, runId } = setup;
  const c = { ...zero(), planned: chunk.pieces.length };
  const expected = new Set<string>();
  await eachLimit(chunk.pieces, LEDGER_CONCURRENCY, async (p, i) => {
    const claim = await deps.ledger.claim(
      record(setup, p, deps.now(), {
        chunk: chunk.number,
        index: i,
        addressee: p.addressee,
        address: p.address,
        sets: p.sets,
        seqs: p.seqs,
      }),
    );
    if (claim.outcome === 'claimed' || claim.record.chunk === chunk.number) expected.add(p.id);
    if (claim.outcome === 'exists' && claim.record.status === 'sent') c.alreadySent++;
  });
  // The rows come from the ledger, not the plan: a piece stays in the file it was first claimed in.
  const records = await chunkRecords(deps, meetingId, runId, chunk.number, expected);
  const rows = records.map((r) =>
    manifestRow(
      {
        id: r.pieceId,
        channel: 'mail',
        content: r.content,
        recipient: r.recipient,
        accounts: r.accounts,
        addressee: r.addressee ?? [],
        address: r.address,
        sets: r.sets,
      },
      r.accounts.length ? deps.controlNumbers(meetingId, r.seqs ?? []) : [],
      r.content === 'notice' ? setup.document : 'full-set',
    ),
  );
  const file = await deps.print.putManifest(meetingId, runId, chunk.number, rows);
  c.manifests++;
  // Marked only once the file is written: a crash before this leaves them claimed, and the next run rewrites the same file.
  const rowOf = new Map(records.map((r, k) => [r.pieceId, k + 2])); // the header is row 1
  const unsent = records.filter((r) => r.status !== 'sent');
  await deps.ledger.markManySent(unsent, deps.now(), (r) => `${file}#${rowOf.get(r.pieceId)}`);
  c.sent += unsent.length;
  c.mailPieces += unsent.length;
  for (const _ of chunk.pieces) await progress();
  return { counts: c, inDoubt: [] as string[] };
}

/** A chunk's records, read again (with backoff) until every piece expected in it is visible (the index is eventually consistent on AWS). */
async function chunkRecords(
  { ledger, sleep }: Pick<DistributionDeps, 'ledger' | 'sleep'>,
  meetingId: string,
  runId: string,
  chunk: number,
  expected: ReadonlySet<string>,
): Promise<PieceRecord[]> {
  for (let attempt = 0; ; attempt++) {
    const records = await ledger.chunk(meetingId, runId, chunk);
    const seen = new Set(records.map((r) => r.pieceId));
    if ([...expected].every((id) => seen.has(id))) return records;
    if (attempt >= 8)
      throw new Error(
        `print chunk ${chunk}: ${expected.size - seen.size} claimed pieces are not visible yet; run again to resume`,
      );
    await sleep(50 * 2 ** attempt);
  }
}

/**
 * Closes a run once every chunk has reported: sums the chunks' counts into the run record. Returns
 * the run when it is done, undefined while chunks are outstanding. Safe to call repeatedly and
 * from every chunk's worker (the last one to finish closes it).
 */
export async function finishDistribution(
  deps: Pick<DistributionDeps, 'ledger' | 'now'>,
  meetingId: string,
  runId: string,
): Promise<DistributionRun | undefined> {
  const run = await deps.ledger.getRun(meetingId, runId);
  if (!run || run.status === 'refused' || !run.chunks) return undefined;
  if (run.status === 'done') return run;
  const results = await deps.ledger.chunkResults(meetingId, runId);
  const ours = (id: string) => results.get(id)?.planId === run.planId;
  if (!run.chunks.every(ours)) return undefined;
  const counts = zero();
  for (const id of run.chunks)
    for (const [k, v] of Object.entries(results.get(id)!.counts)) counts[k as keyof ChunkCounts] += v;
  const done: DistributionRun = { ...run, status: 'done', finishedAt: deps.now(), counts };
  await deps.ledger.saveRun(done);
  return done;
}

/**
 * Distributes in this process (the CLI and the local runtime): prepares, sends every chunk in
 * turn, closes the run. The counts returned are this invocation's (sent now vs sent before).
 */
export async function runDistribution(deps: DistributionDeps, req: DistributionRequest): Promise<DistributionOutcome> {
  const prepared = await prepareDistribution(deps, req);
  if (!prepared.ready) return prepared.outcome;
  const { setup, schedule, plan, chunks } = prepared;
  const total = plan.pieces.length;
  let done = 0;
  const c = { ...zero(), planned: total };
  const inDoubt: string[] = [];
  for (const chunk of chunks) {
    const r = await sendChunk(deps, setup, chunk, () => req.onProgress?.(++done, total));
    for (const k of ['sent', 'alreadySent', 'inDoubt', 'emails', 'mailPieces', 'manifests'] as const)
      c[k] += r.counts[k];
    inDoubt.push(...r.inDoubt);
  }
  await finishDistribution(deps, setup.meetingId, setup.runId);
  return { runId: setup.runId, status: 'done', schedule, figures: plan.figures, counts: c, inDoubt };
}

/**
 * A materials email's body: an opening line, where to read the proxy statement and annual report,
 * where to vote (the meeting file's voting website, else proxydesk's voting page when known), the
 * holder's control number, and any closing lines; as text and as HTML.
 */
export function materialsEmailBody(
  m: Pick<MeetingFile, 'contacts'>,
  opening: string,
  controlNumber: string,
  closing: readonly string[] = [],
  votingPage?: string,
): { text: string; html: string } {
  const voteAt = m.contacts.votingWebsite ?? votingPage;
  const lines = [
    opening,
    `The proxy statement and annual report: ${m.contacts.website}`,
    ...(voteAt ? [`Vote online at ${voteAt}`] : []),
    `Your control number: ${controlNumber}`,
    ...closing,
  ];
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return {
    text: `${lines.join('\n\n')}\n`,
    html: `<!doctype html><html lang="en"><body>${lines.map((l) => `<p>${esc(l)}</p>`).join('')}</body></html>`,
  };
}

/** The email for a piece: the Notice, or the full set's links, with the holder's control number. */
export function emailFor(
  setup: Pick<RunSetup, 'notice' | 'meeting' | 'meetingId' | 'votingPage'>,
  p: Piece,
  controlNumber: string,
) {
  const { notice, meeting: m, meetingId } = setup;
  if (p.content === 'notice')
    return {
      meetingId,
      pieceId: p.id,
      to: p.email!,
      subject: notice.legend,
      text: renderNoticeText(notice, controlNumber),
      html: renderNoticeHtml(notice, controlNumber),
    };
  const date = longDate(Temporal.PlainDate.from(m.meeting.date));
  return {
    meetingId,
    pieceId: p.id,
    to: p.email!,
    subject: `${m.issuer.name}: your proxy materials for the meeting on ${date}`,
    ...materialsEmailBody(
      m,
      `${m.issuer.name}: proxy materials for the ${m.meeting.kind} meeting of stockholders on ${date}.`,
      controlNumber,
      [],
      setup.votingPage,
    ),
  };
}
