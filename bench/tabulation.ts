/**
 * Tabulation benchmark: registered votes written straight into a dynalite server (its own process) in the vote
 * store's item shape (BatchWriteItem, untimed), plus 1,000 nominee reports and their positions; then, in the
 * same run, (a) the floor: a raw Query over the meeting's 16 `VOTED#` shards through the document client (the
 * SDK unmarshals; nothing else), and (b) the count as `proxydesk tabulate --final` runs it: runTabulation over
 * root.tabulation(). Peak memory (RSS, and the live heap after forced GCs) is measured in a second run of (b), at two sizes.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createClients, type Clients } from '../shared/adapters/clients.js';
import { createTableInput } from '../shared/adapters/provision.js';
import { batchPut } from '../shared/adapters/dynamodb/batch.js';
import { ENTITY, HOLDER_SHARDS, keys } from '../shared/adapters/dynamodb/keys.js';
import { createRoot } from '../shared/composition/root.js';
import { createMeeting } from '../shared/domain/meetings/use-cases.js';
import type { Meeting } from '../shared/domain/meetings/schema.js';
import type { VoteRecord } from '../shared/domain/voting/cast.js';
import type { MarkedBallot } from '../shared/domain/voting/ballot.js';
import { ZERO_DISCRETIONARY, ZERO_TALLY, type ReportLine } from '../shared/domain/tabulation/model.js';
import { runTabulation } from '../shared/domain/tabulation/run.js';
import { canonicalJson } from '../shared/domain/canonical.js';
import { localConfig } from '../cli/local/config.js';
import { MAIN_TABLE } from '../shared/resources.js';
import { cpuSeconds, startDynalite } from './import.js';

export interface TallyRun {
  readonly votes: number;
  readonly seedSeconds: number;
  readonly rawSeconds: number;
  readonly rawItems: number;
  readonly tallySeconds: number;
  readonly ratio: number;
  readonly registeredAccounts: number;
  readonly nominees: number;
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
  readonly serverBusyRaw?: number;
  readonly serverBusyTally?: number;
}

export interface TallyFigure {
  readonly runs: readonly TallyRun[];
  readonly reports: number;
}

const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const CHOICES = ['FOR', 'AGAINST', 'ABSTAIN'] as const;

/** A varied ballot: every proposal marked on most, some left unmarked. */
function ballotOf(i: number): MarkedBallot {
  const b: Record<string, MarkedBallot[string]> = {
    '1': Object.fromEntries(NOMINEES.map((n, j) => [n, (i + j) % 9 === 0 ? 'WITHHOLD' : 'FOR'])),
  };
  for (let p = 2; p <= 6; p++) if ((i + p) % 11 !== 0) b[String(p)] = CHOICES[(i * 7 + p) % 3]!;
  return b;
}

/** One internet vote per account, in the store's item shape (the vote API's submission). */
function voteItem(meetingId: string, i: number): Record<string, unknown> {
  const r: VoteRecord = {
    id: `${i.toString(16).padStart(32, '0')}`,
    kind: 'internet',
    meetingId,
    accountId: `TB-${String(i + 1).padStart(7, '0')}`,
    seq: 1,
    receivedAt: `2024-06-1${i % 9}T17:00:00.000Z`,
    valid: true,
    ballot: ballotOf(i),
    shares: 10 + (i % 500),
    bodyKey: 'b'.repeat(32),
    source: `api:${'c'.repeat(16)}`,
  };
  return {
    ...keys.vote(r.meetingId, r.accountId, r.seq),
    ...keys.voteIndex(r.meetingId, r.accountId, r.seq),
    entity: ENTITY.vote,
    ...r,
  };
}

async function seedVotes(clients: Clients, table: string, meetingId: string, n: number): Promise<void> {
  const BATCH = 20_000;
  for (let from = 0; from < n; from += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, n - from) }, (_, k) => voteItem(meetingId, from + k));
    await batchPut(clients.documents, table, items);
  }
}

/** The floor: every item of the 16 shards read back by Query (four shards in flight, as the store reads). */
async function rawRead(clients: Clients, table: string, meetingId: string, shards = HOLDER_SHARDS): Promise<number> {
  let items = 0;
  let next = 0;
  const worker = async () => {
    while (next < shards) {
      const shard = next++;
      let start: Record<string, unknown> | undefined;
      do {
        const out = await clients.documents.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.votedShard(meetingId, shard) },
            ExclusiveStartKey: start,
          }),
        );
        items += out.Items?.length ?? 0;
        start = out.LastEvaluatedKey;
      } while (start);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return items;
}

const MiB = 1024 * 1024;

/**
 * Peak memory while `body` runs, above the values just before it (after a GC): RSS sampled every 20 ms, and the
 * live heap: heapUsed right after a forced full GC every 250 ms (a heap peak without GC would measure garbage
 * awaiting collection, which V8 lets grow with the work done, not what the count holds).
 */
async function peakMemory<T>(body: () => Promise<T>): Promise<{ value: T; rss: number; heap: number }> {
  const gc = global.gc ?? (() => undefined);
  gc();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  const sampleRss = () => (rss = Math.max(rss, process.memoryUsage().rss));
  const sampleHeap = () => {
    gc();
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  };
  const timers = [setInterval(sampleRss, 20), setInterval(sampleHeap, 250)];
  try {
    const value = await body();
    sampleRss();
    return { value, rss: (rss - base.rss) / MiB, heap: (heap - base.heapUsed) / MiB };
  } finally {
    timers.forEach(clearInterval);
  }
}

export async function benchTabulation(sizes: readonly number[], reports = 1_000): Promise<TallyFigure> {
  const { endpoint, child } = await startDynalite();
  // The polls of the seed closed on 2024-06-20: the count is the final one.
  const config = {
    ...localConfig({ dynamodb: endpoint, s3: 'http://127.0.0.1:1', ses: 'http://127.0.0.1:1' }),
    fixedNow: '2024-06-21T10:00:00-07:00',
  };
  const clients = createClients(config);
  try {
    await clients.dynamodb.send(new CreateTableCommand(createTableInput(MAIN_TABLE, config.tableName)));
    await waitUntilTableExists({ client: clients.dynamodb, maxWaitTime: 30 }, { TableName: config.tableName });
    const root = createRoot(config, clients);
    const seed = JSON.parse(readFileSync(new URL('../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting;
    const runs: TallyRun[] = [];
    for (const n of sizes) {
      const { meeting } = await createMeeting(
        { meetings: root.meetings(), now: root.clock },
        { ...seed, id: `bench-tally-${n}` },
      );
      const s0 = performance.now();
      await seedVotes(clients, config.tableName, meeting.id, n);
      // 1,000 nominees (participants 0001–1000), each with a position and a report on every unit.
      const inputs = root.tabulationInputs().store;
      const positions = Array.from({ length: reports }, (_, k) => ({
        participant: String(k + 1).padStart(4, '0'),
        shares: 5_000 + k,
      }));
      const line = (proposal: number, k: number, director?: string): ReportLine => ({
        proposal,
        ...(director ? { director } : {}),
        votes:
          proposal === 1
            ? { ...ZERO_TALLY, for: 3_000 + k, withheld: 500, brokerNonVotes: 1_000 }
            : { ...ZERO_TALLY, for: 2_500, against: 1_000 + k, abstain: 200, brokerNonVotes: proposal % 2 ? 800 : 0 },
        discretionary: proposal % 2 === 0 ? { for: 600, against: 100, abstain: 100 } : ZERO_DISCRETIONARY,
      });
      for (const [k, p] of positions.entries()) {
        const report = {
          participant: p.participant,
          nomineeName: `Nominee ${p.participant}`,
          receivedAt: '2024-06-19T17:00:00Z',
          lines: [...NOMINEES.map((d) => line(1, k, d)), ...[2, 3, 4, 5, 6].map((q) => line(q, k))],
          id: `r${p.participant}`,
          source: { name: 'bench.csv', id: 'sha256:bench' },
          importedAt: '2024-06-19T17:00:00Z',
        };
        await inputs.addReport(meeting.id, report);
        await inputs.setLatest(meeting.id, report, undefined);
      }
      await inputs.putPositions(meeting.id, {
        positions,
        totalShares: positions.reduce((s, p) => s + p.shares, 0),
        source: { name: 'positions.csv', id: 'sha256:bench' },
        importedAt: '2024-06-19T17:00:00Z',
      });
      const seedSeconds = (performance.now() - s0) / 1000;

      await rawRead(clients, config.tableName, meeting.id, 1); // untimed warm-up (one shard: the connections)
      const c0 = cpuSeconds(child.pid);
      const r0 = performance.now();
      const rawItems = await rawRead(clients, config.tableName, meeting.id);
      const rawSeconds = (performance.now() - r0) / 1000;
      const c1 = cpuSeconds(child.pid);
      const t0 = performance.now();
      const timed = await runTabulation(root.tabulation(), meeting, { mode: 'final' });
      const tallySeconds = (performance.now() - t0) / 1000;
      const c2 = cpuSeconds(child.pid);
      // Memory in a second, untimed run (its forced GCs would slow the timed one).
      const tally = await peakMemory(() => runTabulation(root.tabulation(), meeting, { mode: 'final' }));
      if (canonicalJson(tally.value.tabulation) !== canonicalJson(timed.tabulation))
        throw new Error('tabulation bench: two runs over the same votes differ');
      const t = tally.value.tabulation;
      if (rawItems !== n || t.quorum.registeredAccounts !== n || t.nominees.length !== reports)
        throw new Error(
          `tabulation bench: ${rawItems} items, ${t.quorum.registeredAccounts} accounts, ${t.nominees.length} nominees`,
        );
      runs.push({
        votes: n,
        seedSeconds,
        rawSeconds,
        rawItems,
        tallySeconds,
        ratio: tallySeconds / rawSeconds,
        registeredAccounts: t.quorum.registeredAccounts,
        nominees: t.nominees.length,
        peakRssMiB: tally.rss,
        peakHeapMiB: tally.heap,
        ...(c0 !== undefined && c1 !== undefined && c2 !== undefined
          ? { serverBusyRaw: (c1 - c0) / rawSeconds, serverBusyTally: (c2 - c1) / tallySeconds }
          : {}),
      });
      process.stderr.write(`tabulation bench: ${JSON.stringify(runs.at(-1))}\n`);
    }
    return { runs, reports };
  } finally {
    clients.dynamodb.destroy();
    child.kill();
  }
}
