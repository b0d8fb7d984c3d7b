/**
 * Load on the local API (loopback only, bounded in time): POST /meetings/{id}/requests through the
 * local API server and the real handlers, against dynalite, with autocannon. Afterwards every 202
 * must have its request stored exactly once, and repeats of the same request must be the same
 * record: nothing lost, nothing twice.
 */
import autocannon from 'autocannon';
import { DynamoRequestRecords } from '../shared/adapters/dynamodb/request-store.js';
import { localApiMeeting } from './local-api.js';

export interface LoadFigure {
  readonly seconds: number;
  readonly connections: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly distinct: number;
  readonly stored: number;
  readonly lost: number;
}

export async function benchLoad(seconds: number, connections = 16): Promise<LoadFigure> {
  // Accepted: every 202 the function answered, also those autocannon stopped waiting for at its deadline.
  const ids = new Set<string>();
  const { api, clients, config, meeting, numbers, drain, close } = await localApiMeeting({
    secret: '1d'.repeat(32),
    id: 'load-now',
    holders: 500,
    seed: 6,
    onResult: (res) => {
      if (res.statusCode === 202) ids.add((JSON.parse(res.body ?? '{}') as { requestId: string }).requestId);
    },
  });
  try {
    const kinds = ['paper-copy', 'separate-set', 'householding-opt-out'];
    // 1,500 distinct requests (500 holders × 3 kinds), sent over and over: most submissions repeat one.
    const bodies = numbers.flatMap((controlNumber) => kinds.map((kind) => JSON.stringify({ controlNumber, kind })));
    let i = 0;
    const result = await autocannon({
      url: `${api.url}/meetings/${meeting.id}/requests`,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }),
        },
      ],
    });
    await drain();
    const stored = await new DynamoRequestRecords(clients.documents, config.tableName).list(meeting.id);
    const storedIds = new Set(stored.map((r) => r.requestId));
    return {
      seconds,
      connections,
      requests: result.requests.total,
      perSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      distinct: ids.size,
      stored: stored.length,
      lost: [...ids].filter((id) => !storedIds.has(id)).length,
    };
  } finally {
    await close();
  }
}
