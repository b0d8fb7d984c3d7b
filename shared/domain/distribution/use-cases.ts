import { Temporal, type PlainDate } from '../calendar/dates.js';
import type { HolderStore } from '../holders/model.js';
import type { Meeting } from '../meetings/schema.js';
import { meetingHolders } from '../households/use-cases.js';
import type { DistributionRun, PieceLedger } from './model.js';
import { runDistribution, type DistributionDeps, type DistributionOutcome, type DistributionRequest } from './run.js';
import { METHODS, dryRunId, type CheckId, type Method } from './schedule.js';

/** What a stored meeting's distribution plans from: its holder list, its nominees and the materials posted for it. */
export async function meetingRecipients(
  deps: { readonly holders: HolderStore; readonly materials: (meetingId: string) => Promise<string[]> },
  meetingId: string,
): Promise<Pick<DistributionRequest, 'holders' | 'nominees' | 'materials'>> {
  const holders = [];
  for await (const h of meetingHolders(deps.holders, meetingId)) holders.push(h);
  return { holders, nominees: await deps.holders.listNominees(meetingId), materials: await deps.materials(meetingId) };
}

/** Distributes a stored meeting (in this process). */
export async function distributeMeeting(
  deps: DistributionDeps & {
    readonly holders: HolderStore;
    readonly materials: (meetingId: string) => Promise<string[]>;
  },
  req: {
    readonly meeting: Meeting;
    readonly method: Method;
    readonly sendDate: PlainDate;
    readonly overrides?: Readonly<Partial<Record<CheckId, string>>>;
    readonly dryRun?: boolean;
    readonly chunkSize?: number;
    readonly onProgress?: (done: number, total: number) => void;
  },
): Promise<DistributionOutcome> {
  return runDistribution(deps, { ...req, ...(await meetingRecipients(deps, req.meeting.id)) });
}

export async function distributionStatus(ledger: PieceLedger, meetingId: string): Promise<DistributionRun[]> {
  const runs: DistributionRun[] = [];
  for (const runId of METHODS.flatMap((m) => [m, dryRunId(m)])) {
    const run = await ledger.getRun(meetingId, runId);
    if (!run) continue;
    // A run sent in chunks (on AWS) shows how far it has come.
    if (run.status === 'running' && run.chunks) {
      const results = await ledger.chunkResults(meetingId, runId);
      runs.push({ ...run, chunksDone: run.chunks.filter((id) => results.get(id)?.planId === run.planId).length });
    } else runs.push(run);
  }
  return runs;
}

/** The day a meeting's materials were first sent: the earliest send date of a run that went out (requests open then). */
export async function firstSentDate(ledger: PieceLedger, meetingId: string): Promise<PlainDate | undefined> {
  const days: string[] = [];
  for (const method of METHODS) {
    const run = await ledger.getRun(meetingId, method);
    if (run && (run.status === 'running' || run.status === 'done')) days.push(run.sendDate);
  }
  return days.length ? Temporal.PlainDate.from(days.sort()[0]!) : undefined;
}
