import type { PlainDate } from '../calendar/dates.js';
import type { HolderStore } from '../holders/model.js';
import type { Meeting } from '../meetings/schema.js';
import { meetingHolders } from '../households/use-cases.js';
import type { DistributionRun, PieceLedger } from './model.js';
import { runDistribution, type DistributionDeps, type DistributionOutcome } from './run.js';
import type { CheckId, Method } from './schedule.js';

/** Distributes a stored meeting: its holder list, its nominees and the materials posted for it. */
export async function distributeMeeting(
  deps: DistributionDeps & { readonly holders: HolderStore; readonly materials: (meetingId: string) => Promise<string[]> },
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
  const holders = [];
  for await (const h of meetingHolders(deps.holders, req.meeting.id)) holders.push(h);
  return runDistribution(deps, {
    ...req,
    holders,
    nominees: await deps.holders.listNominees(req.meeting.id),
    materials: await deps.materials(req.meeting.id),
  });
}

export async function distributionStatus(ledger: PieceLedger, meetingId: string): Promise<DistributionRun[]> {
  const runs: DistributionRun[] = [];
  for (const method of ['full-set', 'notice-only', 'mixed'] as const) {
    const run = await ledger.getRun(meetingId, method);
    if (run) runs.push(run);
  }
  return runs;
}
