import { Temporal, type PlainDate } from '../calendar/dates.js';
import type { HolderStore } from '../holders/model.js';
import type { Meeting } from '../meetings/schema.js';
import { meetingRecipients } from './use-cases.js';
import { dryRunId } from './schedule.js';
import type { DistributionRun } from './model.js';
import { buildNotice } from './notice.js';
import {
  finishDistribution,
  prepareDistribution,
  saveStoppedRun,
  scheduleFor,
  sendChunk,
  type Chunk,
  type DistributionDeps,
  type RunSetup,
} from './run.js';
import type { CheckId, Method, Schedule } from './schedule.js';

/**
 * Distribution as jobs (AWS): a request checks the schedule and queues a plan job; the plan job
 * reads the holder list, plans, stores each chunk and queues one send job per chunk; each send job
 * sends its chunk exactly once, and the last to finish closes the run. Every job can run again
 * (at-least-once queues): planning rewrites identical chunks, sending skips what was sent.
 */
export type DistributionJob =
  | {
      readonly kind: 'plan';
      readonly meetingId: string;
      readonly method: Method;
      readonly sendDate: string;
      readonly overrides: Partial<Record<CheckId, string>>;
      readonly dryRun: boolean;
      readonly chunkSize?: number;
    }
  | {
      readonly kind: 'send';
      readonly meetingId: string;
      readonly runId: string;
      readonly chunkId: string;
      readonly key: string;
    };

/** A stored chunk: what a send job needs, with no clear control number (those are derived when sent). */
export interface ChunkFile {
  readonly setup: RunSetup;
  readonly chunk: Chunk;
}

/** Port: where chunks wait for their send job (S3). */
export interface ChunkStore {
  put(meetingId: string, runId: string, file: ChunkFile): Promise<string>;
  get(key: string): Promise<ChunkFile>;
}

/** Port: the job queue (SQS). */
export interface JobQueue {
  send(job: DistributionJob): Promise<void>;
}

export interface JobDeps extends DistributionDeps {
  readonly holders: HolderStore;
  readonly materials: (meetingId: string) => Promise<string[]>;
  readonly meeting: (meetingId: string) => Promise<Meeting>;
  readonly chunks: ChunkStore;
  readonly queue: JobQueue;
}

export interface DistributionRequestResult {
  readonly status: 'accepted' | 'refused';
  readonly meetingId: string;
  readonly runId: string;
  readonly sendDate: string;
  readonly schedule: Schedule;
}

/**
 * The API's part: check the schedule now (it needs no holder list) and refuse, recorded, or queue
 * the plan job. `sendDate` is today in the issuer's time zone unless the caller rehearses a date.
 */
export async function requestDistribution(
  deps: Pick<JobDeps, 'ledger' | 'materials' | 'meeting' | 'queue' | 'now'>,
  req: {
    meetingId: string;
    method: Method;
    sendDate?: PlainDate;
    overrides?: Partial<Record<CheckId, string>>;
    dryRun?: boolean;
    chunkSize?: number;
  },
): Promise<DistributionRequestResult> {
  const meeting = await deps.meeting(req.meetingId);
  const sendDate =
    req.sendDate ?? Temporal.Instant.from(deps.now()).toZonedDateTimeISO(meeting.issuer.timeZone).toPlainDate();
  const materials = await deps.materials(meeting.id);
  const schedule = scheduleFor(
    { meeting, method: req.method, sendDate, materials, overrides: req.overrides },
    buildNotice(meeting, { materials }),
  );
  const runId = req.dryRun ? dryRunId(req.method) : req.method;
  const base = { meetingId: meeting.id, runId, sendDate: sendDate.toString(), schedule };
  if (schedule.blocked) {
    if (!req.dryRun) await saveStoppedRun(deps, { meetingId: meeting.id, runId, method: req.method, schedule });
    return { status: 'refused', ...base };
  }
  await deps.queue.send({
    kind: 'plan',
    meetingId: meeting.id,
    method: req.method,
    sendDate: sendDate.toString(),
    overrides: req.overrides ?? {},
    dryRun: !!req.dryRun,
    chunkSize: req.chunkSize,
  });
  return { status: 'accepted', ...base };
}

/** The plan job: the holder list, the plan, one stored chunk and one send job per chunk. */
export async function runPlanJob(
  deps: JobDeps,
  job: Extract<DistributionJob, { kind: 'plan' }>,
): Promise<{ status: DistributionRun['status'] | 'planned'; chunks: number }> {
  const meeting = await deps.meeting(job.meetingId);
  const prepared = await prepareDistribution(deps, {
    meeting,
    method: job.method,
    sendDate: Temporal.PlainDate.from(job.sendDate),
    overrides: job.overrides,
    dryRun: job.dryRun,
    chunkSize: job.chunkSize,
    ...(await meetingRecipients(deps, meeting.id)),
  });
  if (!prepared.ready) {
    const o = prepared.outcome;
    // A refused run saved itself; a dry run's figures are saved under the dry run's id.
    if (job.dryRun)
      await saveStoppedRun(deps, {
        meetingId: meeting.id,
        runId: dryRunId(job.method),
        method: job.method,
        schedule: o.schedule,
        figures: o.figures,
      });
    return { status: o.status, chunks: 0 };
  }
  const { setup, chunks } = prepared;
  for (const chunk of chunks) {
    const key = await deps.chunks.put(setup.meetingId, setup.runId, { setup, chunk });
    await deps.queue.send({ kind: 'send', meetingId: setup.meetingId, runId: setup.runId, chunkId: chunk.id, key });
  }
  // A plan with nothing to send (no holders) is done at once.
  if (chunks.length === 0) await finishDistribution(deps, setup.meetingId, setup.runId);
  return { status: 'running', chunks: chunks.length };
}

/** A send job: one chunk, then the run is closed if it was the last. */
export async function runSendJob(deps: JobDeps, job: Extract<DistributionJob, { kind: 'send' }>) {
  const { setup, chunk } = await deps.chunks.get(job.key);
  const { counts, inDoubt } = await sendChunk(deps, setup, chunk);
  const run = await finishDistribution(deps, setup.meetingId, setup.runId);
  return { chunkId: chunk.id, counts, inDoubt: inDoubt.length, runDone: !!run };
}
