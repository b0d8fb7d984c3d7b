import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { DynamoVoteHistory } from '../../shared/adapters/dynamodb/vote-store.js';
import type { VoteRecord } from '../../shared/domain/voting/cast.js';

/**
 * The vote store's meeting-wide reads against dynalite: `eachAccountHistory` (what the count reads, one account at
 * a time, shards read ahead) must give every account exactly once with its whole history in the history's order
 * (imported rows first, by instant received, then the online places), the same as `listMeeting` and `list`.
 */
const MEETING = 'vote-store';
const ACCOUNTS = Array.from({ length: 240 }, (_, i) => `ACC-${String(i).padStart(4, '0')}`);

const record = (accountId: string, over: Partial<VoteRecord>): VoteRecord => ({
  id: `${accountId}-${over.seq ?? 0}-${over.receivedAt ?? ''}`,
  kind: 'internet',
  meetingId: MEETING,
  accountId,
  seq: 0,
  receivedAt: '2024-06-10T17:00:00.000Z',
  valid: true,
  ballot: { '2': 'FOR' },
  shares: 100,
  bodyKey: 'k',
  source: 'test',
  ...over,
});

describe('the vote store: a meeting read one account at a time', () => {
  let p: TestPlatform;
  let store: DynamoVoteHistory;
  beforeAll(async () => {
    p = await startTestPlatform();
    store = new DynamoVoteHistory(p.clients.documents, p.config.tableName);
    // Account i has (i mod 3) online places and (i mod 4) imported card rows: 0 to 5 submissions, some none at all.
    const imported: VoteRecord[] = [];
    for (const [i, a] of ACCOUNTS.entries()) {
      for (let s = 1; s <= i % 3; s++)
        expect(await store.append(record(a, { seq: s, receivedAt: `2024-06-1${s}T17:00:00.000Z` }))).toBe(true);
      for (let c = 0; c < i % 4; c++)
        imported.push(record(a, { kind: 'mail', receivedAt: `2024-06-0${c + 2}T17:00:00.000Z`, date: '2024-06-01' }));
    }
    expect(await store.storeImported(imported, { check: true })).toBe(imported.length);
  });
  afterAll(async () => p?.stop());

  it('every account with a submission once, its whole history in order; the same as listMeeting and each list', async () => {
    const seen = new Map<string, readonly VoteRecord[]>();
    for await (const history of store.eachAccountHistory(MEETING)) {
      const account = history[0]!.accountId;
      expect(seen.has(account), `${account} yielded twice`).toBe(false);
      expect(history.every((r) => r.accountId === account)).toBe(true);
      seen.set(account, history);
    }
    // Accounts with i mod 3 = 0 and i mod 4 = 0 (i mod 12 = 0) have none: 240 − 20 = 220 accounts.
    expect(seen.size).toBe(220);
    for (const [i, a] of ACCOUNTS.entries()) {
      const expected = (i % 3) + (i % 4);
      expect(seen.get(a)?.length ?? 0, a).toBe(expected);
      if (!expected) continue;
      // The order: the imported cards first by the instant received (06-02, 06-03, 06-04), then places 1, 2.
      const h = seen.get(a)!;
      const cards = h.slice(0, i % 4);
      expect(cards.map((r) => r.receivedAt)).toEqual(
        ['2024-06-02T17:00:00.000Z', '2024-06-03T17:00:00.000Z', '2024-06-04T17:00:00.000Z'].slice(0, i % 4),
      );
      expect(h.slice(i % 4).map((r) => r.seq)).toEqual([1, 2].slice(0, i % 3));
      expect(h.map((r) => r.id)).toEqual((await store.list(MEETING, a)).map((r) => r.id));
    }
    const all = await store.listMeeting(MEETING);
    expect(new Map([...all].map(([a, h]) => [a, h.map((r) => r.id)]))).toEqual(
      new Map([...seen].map(([a, h]) => [a, h.map((r) => r.id)])),
    );
  });
});
