import type { PostalAddress } from '../holders/address.js';
import type { Holder } from '../holders/model.js';
import type { MeetingFile } from '../meetings/schema.js';
import type { Clock } from '../ports.js';
import type { VoteRecord } from '../voting/cast.js';
import { RegisteredCount, tabulate, type Tabulation } from './count.js';
import type { Status } from './model.js';
import type { TabulationInputStore } from './ports.js';
import { accountContribution } from './run.js';

/**
 * The proxy solicitor's status report (docs/tabulation.md "The solicitation report"): the shares voted so far
 * against the quorum and each proposal's threshold, and the largest registered holders who have not voted, with
 * their contact on file. One pass over the holder list and the vote histories, merged in the store's account
 * order; the only things held are the running sums and a heap of the N largest holders not voted.
 */

/** A holder not voted, as the solicitor may call or write: never the control number (nor its hash or place). */
export interface HolderContact {
  readonly account: string;
  readonly name: string;
  readonly coOwner?: string;
  readonly shares: number;
  readonly address: PostalAddress;
  readonly email?: string;
}

/** The larger holder first; equal shares by account (so the list is the same whatever order the holders came in). */
const before = (a: HolderContact, b: HolderContact) =>
  a.shares !== b.shares ? a.shares > b.shares : a.account < b.account;

/**
 * The N largest holders offered: a min-heap of at most N (its root the smallest kept), so memory is bounded by
 * N, not by the number of holders; O(log N) per holder offered.
 */
export class LargestHolders {
  private readonly heap: HolderContact[] = [];

  constructor(private readonly n: number) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`the list's size must be a whole number, got ${n}`);
  }

  offer(h: HolderContact): void {
    const heap = this.heap;
    if (heap.length < this.n) {
      heap.push(h);
      this.up(heap.length - 1);
    } else if (this.n > 0 && before(h, heap[0]!)) {
      heap[0] = h;
      this.down(0);
    }
  }

  /** The holders kept, the largest first. */
  list(): HolderContact[] {
    return [...this.heap].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  /** The root is the one every other kept holder comes before. */
  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[parent]!, heap[i]!)) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      let last = i;
      for (const child of [2 * i + 1, 2 * i + 2])
        if (child < heap.length && before(heap[last]!, heap[child]!)) last = child;
      if (last === i) return;
      [heap[last], heap[i]] = [heap[i]!, heap[last]!];
      i = last;
    }
  }
}

/** What the solicitor may see of a holder: no control number, its hash or its place in the sequence. */
export function contactOf(h: Holder): HolderContact {
  return {
    account: h.accountId,
    name: h.name,
    ...(h.coOwner ? { coOwner: h.coOwner } : {}),
    shares: h.shares,
    address: h.address,
    ...(h.email ? { email: h.email } : {}),
  };
}

/**
 * Port: the meeting's registered holders and its vote histories (one account at a time), both in the store's
 * account order, which `compareAccounts` states; a merge of the two tells who has not voted without holding
 * either list.
 */
export interface HoldersAndVotes {
  holders(meetingId: string): AsyncIterable<Holder>;
  histories(meetingId: string): AsyncIterable<readonly VoteRecord[]>;
  compareAccounts(meetingId: string): (a: string, b: string) => number;
}

export interface SolicitationDeps {
  readonly sources: HoldersAndVotes;
  readonly inputs: Pick<TabulationInputStore, 'listLatestReports' | 'positions'>;
  readonly now: Clock;
}

export interface ProposalStanding {
  readonly number: number;
  readonly title: string;
  readonly standard: string;
  /** Matters: FOR so far; elections: each nominee's. */
  readonly for?: number;
  /** The FOR shares needed (null where a rank decides: plurality, frequency). */
  readonly threshold: number | null;
  readonly rule: string;
  /** The FOR shares still needed at today's count (0 when reached; null without a fixed threshold). */
  readonly moreForNeeded: number | null;
  readonly status: Status;
  readonly nominees?: readonly { readonly name: string; readonly for: number; readonly status: Status }[];
}

export interface SolicitationReport {
  readonly meetingId: string;
  readonly asOf: string;
  readonly sharesOutstanding: number;
  readonly quorum: {
    readonly required: number;
    readonly present: number;
    readonly registeredPresent: number;
    readonly streetPresent: number;
    /** Shares still needed for a quorum (0 once met). */
    readonly short: number;
    readonly met: boolean;
  };
  readonly registered: {
    readonly holders: number;
    readonly shares: number;
    readonly voted: { readonly accounts: number; readonly shares: number };
    readonly notVoted: { readonly accounts: number; readonly shares: number };
  };
  readonly proposals: readonly ProposalStanding[];
  /** The largest registered holders who have not voted, the largest first (at most `top`). */
  readonly largestNotVoted: readonly HolderContact[];
  readonly top: number;
}

/** Each proposal's standing in a (preliminary) tabulation: FOR so far, the threshold, the FOR shares still needed. */
export function standings(tab: Tabulation): ProposalStanding[] {
  return tab.proposals.map((p) => {
    const threshold = p.threshold.shares;
    const FOR = p.votes?.for;
    const base = {
      number: p.number,
      title: p.title,
      standard: p.standard,
      threshold,
      rule: p.threshold.rule,
      status: p.status,
    };
    if (p.nominees)
      return {
        ...base,
        moreForNeeded: null,
        nominees: p.nominees.map((n) => ({ name: n.name, for: n.votes.for ?? 0, status: n.status })),
      };
    return {
      ...base,
      ...(FOR !== undefined ? { for: FOR } : {}),
      moreForNeeded: threshold === null || FOR === undefined ? null : Math.max(0, threshold - FOR),
    };
  });
}

async function* ordered<T>(
  items: AsyncIterable<T>,
  accountOf: (t: T) => string,
  compare: (a: string, b: string) => number,
  what: string,
): AsyncGenerator<T> {
  let last: string | undefined;
  for await (const item of items) {
    const account = accountOf(item);
    if (last !== undefined && compare(last, account) >= 0)
      throw new Error(`${what} out of the store's account order: ${account} after ${last}`);
    last = account;
    yield item;
  }
}

/**
 * The solicitation status now: one pass merging the holder list with the vote histories (both in the store's
 * account order; a stream out of order is an error, not a wrong answer), counting each account's vote as the
 * count does, keeping the `top` largest holders without a vote that counts; then a preliminary tabulation.
 */
export async function solicitationStatus(
  deps: SolicitationDeps,
  meeting: MeetingFile,
  options: { readonly top: number },
): Promise<SolicitationReport> {
  const compare = deps.sources.compareAccounts(meeting.id);
  const count = new RegisteredCount(meeting);
  const largest = new LargestHolders(options.top);
  const registered = { holders: 0, shares: 0, votedAccounts: 0, votedShares: 0, notAccounts: 0, notShares: 0 };
  const [reports, positions] = await Promise.all([
    deps.inputs.listLatestReports(meeting.id),
    deps.inputs.positions(meeting.id),
  ]);
  const holders = ordered(deps.sources.holders(meeting.id), (h) => h.accountId, compare, 'holders')[
    Symbol.asyncIterator
  ]();
  const histories = ordered(deps.sources.histories(meeting.id), (h) => h[0]!.accountId, compare, 'vote histories')[
    Symbol.asyncIterator
  ]();
  let h = await holders.next();
  let v = await histories.next();
  const notVoted = (holder: Holder) => {
    registered.notAccounts += 1;
    registered.notShares += holder.shares;
    largest.offer(contactOf(holder));
  };
  while (!h.done || !v.done) {
    // Which comes first in the store's order: a holder without a history (<0), both (0), a history alone (>0).
    const order = h.done ? 1 : v.done ? -1 : compare(h.value.accountId, v.value[0]!.accountId);
    let voted = false;
    if (order >= 0) {
      const { vote } = accountContribution(v.value as readonly VoteRecord[], meeting.issuer.timeZone);
      if (vote) {
        count.add(vote);
        registered.votedAccounts += 1;
        registered.votedShares += vote.shares;
        voted = true;
      }
      v = await histories.next();
    }
    if (order <= 0) {
      const holder = h.value as Holder;
      registered.holders += 1;
      registered.shares += holder.shares;
      if (!voted) notVoted(holder);
      h = await holders.next();
    }
  }
  const asOf = deps.now();
  const tab = tabulate({
    meeting,
    mode: 'preliminary',
    registered: count.totals(),
    reports,
    ...(positions ? { positions: positions.positions } : {}),
    asOf,
  });
  return {
    meetingId: meeting.id,
    asOf,
    sharesOutstanding: tab.sharesOutstanding,
    quorum: {
      required: tab.quorum.required,
      present: tab.quorum.present,
      registeredPresent: tab.quorum.registeredPresent,
      streetPresent: tab.quorum.streetPresent,
      short: Math.max(0, tab.quorum.required - tab.quorum.present),
      met: tab.quorum.met,
    },
    registered: {
      holders: registered.holders,
      shares: registered.shares,
      voted: { accounts: registered.votedAccounts, shares: registered.votedShares },
      notVoted: { accounts: registered.notAccounts, shares: registered.notShares },
    },
    proposals: standings(tab),
    largestNotVoted: largest.list(),
    top: options.top,
  };
}
