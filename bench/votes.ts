/**
 * Voting load on the local API (loopback only, bounded in time): POST /meetings/{id}/votes through the
 * local API server and the real votes function, against dynalite, with autocannon, as bench/load.ts does
 * for requests. Each vote is a distinct holder's control number; the holders are cycled, and each round
 * changes the ballot, so every accepted vote is a new submission of the account's history. Afterwards
 * the meeting's histories are read back (the status query): every accepted receipt stored exactly once,
 * none lost.
 */
import autocannon from 'autocannon';
import { DynamoVoteHistory } from '../shared/adapters/dynamodb/vote-store.js';
import { localApiMeeting } from './local-api.js';

export interface VoteLoadFigure {
  readonly seconds: number;
  readonly connections: number;
  readonly holders: number;
  readonly votes: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  /** Distinct receipts the function answered 201 (including answers after the generator's deadline). */
  readonly accepted: number;
  /** Submissions read back from the store. */
  readonly stored: number;
  /** Receipts stored more than once (by id). */
  readonly duplicated: number;
  readonly lost: number;
  /** Reading every history of the meeting back (the status query), ms. */
  readonly readBackMs: number;
}

export async function benchVotes(seconds: number, connections = 16, holderCount = 5000): Promise<VoteLoadFigure> {
  // Accepted: every 201 the function answered, also those autocannon stopped waiting for at its deadline.
  const accepted = new Set<string>();
  const { api, clients, config, meeting, numbers, drain, close } = await localApiMeeting({
    secret: '2e'.repeat(32),
    id: 'votes-now',
    holders: holderCount,
    seed: 7,
    onResult: (res) => {
      if (res.statusCode === 201) accepted.add((JSON.parse(res.body ?? '{}') as { receiptId: string }).receiptId);
    },
    // Internet voting open: the meeting in 30 days, its cut-off the evening before.
    edit: (file, today) => {
      const cutoff = `${today.add({ days: 29 }).toString()}T23:59`;
      return { ...file, voting: { cutoffs: { internet: cutoff, phone: cutoff } } };
    },
  });
  try {
    const nominees = meeting.proposals[0]!.nominees!.map((n) => (typeof n === 'string' ? n : n.name));
    const ballot = (round: number) => ({
      '1': Object.fromEntries(nominees.map((n) => [n, 'FOR'])),
      '2': round % 2 === 0 ? 'FOR' : 'AGAINST',
      '3': 'FOR',
    });
    // Vote i is holder i mod N, in round ⌊i / N⌋: each round changes the ballot, so no vote repeats the account's latest.
    let i = 0;
    const result = await autocannon({
      url: `${api.url}/meetings/${meeting.id}/votes`,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => {
            const n = i++;
            const body = { controlNumber: numbers[n % numbers.length], ballot: ballot(Math.floor(n / numbers.length)) };
            return { ...req, body: JSON.stringify(body) };
          },
        },
      ],
    });
    await drain();
    const t0 = performance.now();
    const histories = await new DynamoVoteHistory(clients.documents, config.tableName).listMeeting(meeting.id);
    const readBackMs = performance.now() - t0;
    const stored = [...histories.values()].flat().map((r) => r.id);
    const storedIds = new Set(stored);
    return {
      seconds,
      connections,
      holders: numbers.length,
      votes: result.requests.total,
      perSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      accepted: accepted.size,
      stored: stored.length,
      duplicated: stored.length - storedIds.size,
      lost: [...accepted].filter((id) => !storedIds.has(id)).length,
      readBackMs,
    };
  } finally {
    await close();
  }
}
