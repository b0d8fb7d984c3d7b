import type { Clock } from '../ports.js';
import type { MeetingFile } from '../meetings/schema.js';
import type { VoteRecord } from '../voting/cast.js';
import { countingProxy } from '../voting/history.js';
import { certificateOf, type Certificate } from './certificate.js';
import { RegisteredCount, tabulate, type Tabulation } from './count.js';
import { form8kItem507, type Form8kItem507 } from './form-8k.js';
import type { NotCounted, RegisteredVote } from './model.js';
import type { TabulationInputStore } from './ports.js';

/**
 * Running the count for a meeting (docs/tabulation.md): every registered account's history read once, account
 * by account (RegisteredCount keeps per-proposal sums, not per-holder rows), each participant's latest nominee
 * report, the DTC position list; then `tabulate`, the inspector's certificate and the Form 8-K Item 5.07 text.
 */

/** Port: every account's vote history of a meeting, one account at a time, each history in the order appended. */
export interface AccountHistories {
  eachAccountHistory(meetingId: string): AsyncIterable<readonly VoteRecord[]>;
}

export interface TabulationDeps {
  readonly votes: AccountHistories;
  readonly inputs: Pick<TabulationInputStore, 'listLatestReports' | 'positions'>;
  readonly now: Clock;
}

export interface TabulationRun {
  readonly tabulation: Tabulation;
  readonly certificate: Certificate;
  readonly form8k: Form8kItem507;
  readonly notCounted: readonly NotCounted[];
}

const PROXY_KINDS = new Set(['internet', 'phone', 'mail', 'meeting']);

/**
 * What one account brings to the count: its counting proxy or meeting ballot with the record-date shares it
 * votes; shares present voting on nothing (a counting proxy with no marks, or attendance with no counting proxy:
 * DGCL §216, present in person); or nothing. Also every proxy or ballot of the history that did not count, and why.
 */
export function accountContribution(
  history: readonly VoteRecord[],
  timeZone: string,
): { vote: RegisteredVote | null; notCounted: NotCounted[] } {
  const cp = countingProxy(history, timeZone);
  const counting = cp.counting ? history.find((r) => r.id === cp.counting!.id) : undefined;
  const notCounted: NotCounted[] = history
    .filter((r) => PROXY_KINDS.has(r.kind) && r.id !== counting?.id)
    .map((r) => ({
      account: r.accountId,
      shares: r.shares,
      submissionId: r.id,
      kind: r.kind,
      receivedAt: r.receivedAt,
      reason: !r.valid
        ? (r.reason ?? 'not a valid proxy')
        : counting
          ? `superseded by the later-dated ${counting.kind} submission ${counting.id}`
          : cp.reason,
    }));
  if (counting) {
    const marked = Object.keys(counting.ballot).length > 0;
    return {
      vote: { account: counting.accountId, shares: counting.shares, ballot: marked ? counting.ballot : null },
      notCounted,
    };
  }
  const attended = history.find((r) => r.kind === 'attendance' && r.valid);
  if (attended) return { vote: { account: attended.accountId, shares: attended.shares, ballot: null }, notCounted };
  return { vote: null, notCounted };
}

/** The count as of now: preliminary during the solicitation, final after the polls close. */
export async function runTabulation(
  deps: TabulationDeps,
  meeting: MeetingFile,
  options: { readonly mode: 'preliminary' | 'final'; readonly inspectors?: readonly string[] },
): Promise<TabulationRun> {
  const count = new RegisteredCount(meeting);
  const notCounted: NotCounted[] = [];
  const [reports, positions] = await Promise.all([
    deps.inputs.listLatestReports(meeting.id),
    deps.inputs.positions(meeting.id),
  ]);
  for await (const history of deps.votes.eachAccountHistory(meeting.id)) {
    const { vote, notCounted: refused } = accountContribution(history, meeting.issuer.timeZone);
    if (vote) count.add(vote);
    notCounted.push(...refused);
  }
  notCounted.sort((a, b) =>
    a.account === b.account ? (a.receivedAt < b.receivedAt ? -1 : 1) : a.account < b.account ? -1 : 1,
  );
  const tabulation = tabulate({
    meeting,
    mode: options.mode,
    registered: count.totals(),
    reports,
    ...(positions ? { positions: positions.positions } : {}),
    asOf: deps.now(),
  });
  return {
    tabulation,
    certificate: certificateOf(tabulation, meeting, notCounted, options.inspectors ?? []),
    form8k: form8kItem507(tabulation, meeting),
    notCounted,
  };
}
