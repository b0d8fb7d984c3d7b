import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MeetingFileSchema, type MeetingFile } from '../../shared/domain/meetings/schema.js';
import type { Holder } from '../../shared/domain/holders/model.js';
import type { VoteRecord } from '../../shared/domain/voting/cast.js';
import { certificateKeys } from '../../shared/domain/tabulation/publish.js';
import { pollsState, resultsMode } from '../../shared/domain/tabulation/mode.js';
import {
  LargestHolders,
  solicitationStatus,
  type HolderContact,
  type SolicitationDeps,
} from '../../shared/domain/tabulation/solicitation.js';

const seed: MeetingFile = MeetingFileSchema.parse(
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')),
);
const address = {
  lines: ['1 Main St'],
  city: 'Boston',
  state: 'MA',
  postalCode: '02134',
  country: 'US',
  military: false,
};
const contact = (account: string, shares: number): HolderContact => ({ account, name: account, shares, address });

describe('LargestHolders: a bounded heap of the N largest', () => {
  it('keeps the 3 largest of 10, largest first; equal shares by account, whatever the order offered', () => {
    // Shares 10, 20, …, 100 and a second 90 (B-9b): the three largest are 100, 90 (B-9), 90 (B-9b, after B-9).
    const all = [...Array.from({ length: 10 }, (_, i) => contact(`B-${i + 1}`, (i + 1) * 10)), contact('B-9b', 90)];
    for (const order of [all, [...all].reverse(), [all[5]!, ...all.slice(6), ...all.slice(0, 5)]]) {
      const heap = new LargestHolders(3);
      order.forEach((h) => heap.offer(h));
      expect(heap.list().map((h) => h.account)).toEqual(['B-10', 'B-9', 'B-9b']);
    }
    const none = new LargestHolders(0);
    none.offer(contact('X', 5));
    expect(none.list()).toEqual([]);
  });
});

const holder = (accountId: string, shares: number, email?: string): Holder =>
  ({
    meetingId: seed.id,
    accountId,
    name: `Holder ${accountId}`,
    address,
    shares,
    ...(email ? { email } : {}),
    edeliveryConsent: false,
    householdingConsent: 'none',
    addressKey: accountId,
    controlSeq: 7,
    controlHash: 'h'.repeat(64),
    source: { id: 's', line: 2 },
    updatedAt: '2024-06-01T00:00:00Z',
  }) as Holder;

const vote = (accountId: string, shares: number, ballot: VoteRecord['ballot']): VoteRecord => ({
  id: `v-${accountId}`,
  kind: 'internet',
  meetingId: seed.id,
  accountId,
  seq: 1,
  receivedAt: '2024-06-10T17:00:00Z',
  valid: true,
  ballot,
  shares,
  bodyKey: 'b',
  source: 'api:x',
});

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const deps = (holders: Holder[], histories: VoteRecord[][]): SolicitationDeps => ({
  sources: {
    holders: () => from(holders),
    histories: () => from(histories),
    compareAccounts: () => (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  },
  inputs: { listLatestReports: async () => [], positions: async () => undefined },
  now: () => '2024-06-14T17:00:00.000Z',
});

describe('solicitationStatus: holders merged with histories', () => {
  it('A and C voted; B, D not: B (300) before D (50); figures by hand', async () => {
    // Holders A 1,000, B 300, C 200, D 50; A votes 6 FOR, C votes 6 AGAINST.
    // Present 1,200 < quorum 15,572,629: short 15,571,429. Proposal 6: FOR 1,000, threshold 31,145,258 → 31,144,258 more.
    const r = await solicitationStatus(
      deps(
        [holder('A', 1000), holder('B', 300, 'b@example.com'), holder('C', 200), holder('D', 50)],
        [[vote('A', 1000, { '6': 'FOR' })], [vote('C', 200, { '6': 'AGAINST' })]],
      ),
      seed,
      { top: 5 },
    );
    expect(r.quorum).toMatchObject({ present: 1200, short: 15_571_429, met: false });
    expect(r.registered).toEqual({
      holders: 4,
      shares: 1550,
      voted: { accounts: 2, shares: 1200 },
      notVoted: { accounts: 2, shares: 350 },
    });
    expect(r.proposals.find((p) => p.number === 6)).toMatchObject({ for: 1000, moreForNeeded: 31_144_258 });
    expect(r.largestNotVoted).toEqual([
      { account: 'B', name: 'Holder B', shares: 300, address, email: 'b@example.com' },
      { account: 'D', name: 'Holder D', shares: 50, address },
    ]);
    expect(JSON.stringify(r)).not.toContain('controlHash');
  });

  it('a stream out of the stated order is an error, not a wrong list', async () => {
    await expect(solicitationStatus(deps([holder('B', 1), holder('A', 1)], []), seed, { top: 1 })).rejects.toThrow(
      /holders out of the store's account order: A after B/,
    );
  });
});

describe('the tally mode by the clock, and the certificate keys', () => {
  it('the seed: preliminary at 9:00 am PDT on 2024-06-20 (the minute is in time), final from 9:01', () => {
    // 9:01 am PDT (UTC−7) is 16:01 UTC.
    expect(pollsState(seed, '2024-06-20T16:00:59Z').closed).toBe(false);
    expect(pollsState(seed, '2024-06-20T16:01:00Z').closed).toBe(true);
    expect(resultsMode(seed, '2024-06-20T16:00:59Z')).toBe('preliminary');
    expect(resultsMode(seed, '2024-06-20T16:01:00Z')).toBe('final');
    expect(() => resultsMode(seed, '2024-06-20T16:00:59Z', 'final')).toThrow('9:00 am Pacific on 2024-06-20');
    expect(resultsMode(seed, '2024-06-21T00:00:00Z', 'preliminary')).toBe('preliminary');
    expect(certificateKeys('sonim-2024', '2024-06-21T17:00:00.000Z')).toEqual({
      certificate: 'reports/tabulation/sonim-2024/final-20240621T170000Z/certificate.html',
      tabulation: 'reports/tabulation/sonim-2024/final-20240621T170000Z/tabulation.json',
    });
  });
});
