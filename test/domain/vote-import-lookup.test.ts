import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MeetingFileSchema, type Meeting } from '../../shared/domain/meetings/schema.js';
import type { SourceRecord } from '../../shared/domain/holders/model.js';
import type { VoteRecord } from '../../shared/domain/voting/cast.js';
import { holderLookup, importVotes, type ImportedVotes } from '../../shared/domain/voting/vote-import.js';
import type { VotingHolder } from '../../shared/domain/voting/vote-file.js';

/**
 * Where a vote file's holders come from: looked up by account, chunk by chunk, until the rows looked up would
 * pass a quarter of the list; then the list read whole, once (a listed holder costs about a third of a
 * looked-up one). Lists over 500,000 holders are never read whole.
 */
describe('holderLookup: by account, or the list read whole', () => {
  const chunk = (from: number, n = 1000) => Array.from({ length: n }, (_, i) => `TA-${from + i}`);
  const fake = (listSize: number) => {
    const log: string[] = [];
    const holder = (a: string): VotingHolder => ({ accountId: a, shares: 1, controlHash: 'h' });
    return {
      log,
      deps: {
        holders: async (_m: string, accounts: readonly string[]) => {
          log.push(`look up ${accounts.length}`);
          return new Map(accounts.map((a) => [a, holder(a)]));
        },
        holderList: {
          size: async () => listSize,
          all: async (_m: string, opts: { controlHash: boolean }) => {
            log.push(`read the list${opts.controlHash ? ' with hashes' : ''}`);
            return new Map([['TA-1', holder('TA-1')]]);
          },
        },
      },
    };
  };

  it('a list of 8,000: two chunks of 1,000 looked up (2,000 = a quarter), the third reads the list, the rest use it', async () => {
    const { deps, log } = fake(8000);
    const lookUp = holderLookup(deps, 'm', 'mail');
    // Called as importVotes calls it: each chunk in file order, without waiting for the one before.
    const answers = await Promise.all([0, 1, 2, 3, 4].map((k) => lookUp(chunk(k * 1000))));
    expect(log).toEqual(['look up 1000', 'look up 1000', 'read the list']);
    expect(answers[2]).toBe(answers[4]);
    expect(answers[0]!.get('TA-999')).toMatchObject({ accountId: 'TA-999' });
  });

  it('phone rows read the list with the control-number hashes; a small file of a large list never reads it', async () => {
    const phone = fake(100);
    await holderLookup(phone.deps, 'm', 'phone')(chunk(0, 26)); // 26 > 25 = a quarter of 100
    expect(phone.log).toEqual(['read the list with hashes']);

    const small = fake(100_000);
    const lookUp = holderLookup(small.deps, 'm', 'mail');
    for (let k = 0; k < 25; k++) await lookUp(chunk(k * 1000)); // 25,000: a quarter, not past it
    expect(small.log).toEqual(Array.from({ length: 25 }, () => 'look up 1000'));
    await lookUp(chunk(25_000, 1));
    expect(small.log.at(-1)).toBe('read the list');
  });

  it('a file whose size is known to pass a quarter of the list (3,000 rows of a list of 8,000) reads it at once', async () => {
    const { deps, log } = fake(8000);
    const lookUp = holderLookup(deps, 'm', 'mail', 3000);
    await lookUp(chunk(0));
    await lookUp(chunk(1000));
    expect(log).toEqual(['read the list']);
    // 2,000 rows of that list: a quarter, not past it; looked up by account.
    const small = fake(8000);
    await holderLookup(small.deps, 'm', 'mail', 2000)(chunk(0));
    expect(small.log).toEqual(['look up 1000']);
  });

  it('a list over 500,000 is never read whole; without a list port every chunk is looked up', async () => {
    const big = fake(500_001);
    const lookUp = holderLookup(big.deps, 'm', 'mail');
    for (let k = 0; k < 3; k++) await lookUp(chunk(k * 1000, 400_000));
    expect(big.log).toEqual(['look up 400000', 'look up 400000', 'look up 400000']);

    const { deps, log } = fake(10);
    const plain = holderLookup({ holders: deps.holders }, 'm', 'mail');
    await plain(chunk(0));
    await plain(chunk(1000));
    expect(log).toEqual(['look up 1000', 'look up 1000']);
  });
});

describe('importVotes when a look-up fails', () => {
  const meeting = {
    ...MeetingFileSchema.parse(
      JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')),
    ),
    createdAt: '2024-06-01T00:00:00Z',
  } as Meeting;

  it("a later chunk's look-up fails while an earlier one is out: the import fails with it once every chunk settled; nothing unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const settled: string[] = [];
    const written: VoteRecord[] = [];
    // 2,000 signed cards of TA-1, each received a second apart: two chunks of 1,000.
    async function* records(): AsyncGenerator<SourceRecord> {
      for (let i = 0; i < 2000; i++)
        yield {
          kind: 'row',
          line: i + 2,
          fields: {
            account: 'TA-1',
            signed: 'yes',
            received_at: new Date(Date.UTC(2024, 5, 12, 17, 0, i)).toISOString(),
          },
        };
    }
    let lookUps = 0;
    const votes: ImportedVotes = {
      storeImported: async (r) => {
        written.push(...r);
        return r.length;
      },
      importedThrough: async () => undefined,
      startImport: async () => undefined,
      saveImportedThrough: async () => undefined,
      latestImportedReceipt: async () => undefined,
      declareImportedReceipt: async () => undefined,
    };
    try {
      const run = importVotes(
        {
          holders: async () => {
            const k = ++lookUps;
            if (k === 1) {
              // The first chunk's holders come late; the second's look-up has failed by then.
              await new Promise((r) => setTimeout(r, 50));
              settled.push('chunk 1');
              return new Map([['TA-1', { accountId: 'TA-1', shares: 10, controlHash: '' }]]);
            }
            settled.push(`chunk ${k} failed`);
            throw new Error('DynamoDB is unreachable');
          },
          controlHash: () => '',
          votes,
          leases: { acquire: async () => true, release: async () => undefined },
          ids: { next: () => 'owner' },
          leaseClock: () => new Date().toISOString(),
          now: () => '2024-06-12T18:00:00Z',
        },
        { meeting, channel: 'mail', fileDigest: 'sha256:x', sourceName: 'cards.csv', records: records() },
      );
      await expect(run).rejects.toThrow('DynamoDB is unreachable');
      // Chunk 1 was judged and stored before the failure was thrown (in file order); chunk 2 stored nothing.
      expect(settled).toEqual(['chunk 2 failed', 'chunk 1']);
      expect(written).toHaveLength(1000);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
