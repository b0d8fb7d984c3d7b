/**
 * Load on the local API (loopback only, bounded in time): POST /meetings/{id}/requests through the
 * local API server and the real handlers, against dynalite, with autocannon. Afterwards every 202
 * must have its request stored exactly once, and repeats of the same request must be the same
 * record: nothing lost, nothing twice.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import { Temporal } from '../shared/domain/calendar/dates.js';
import { startLocalServers } from '../cli/local/servers.js';
import { localConfig } from '../cli/local/config.js';
import { loadHandlers } from '../cli/local/handlers.js';
import { startApiServer, type Handlers } from '../cli/local/http-server.js';
import { createClients } from '../shared/adapters/clients.js';
import { provision } from '../shared/adapters/provision.js';
import { createRoot } from '../shared/composition/root.js';
import { DynamoMeetingRepository } from '../shared/adapters/dynamodb/meeting-repository.js';
import { DynamoRequestRecords } from '../shared/adapters/dynamodb/request-store.js';
import { readCsvRecords } from '../shared/adapters/csv/records.js';
import { importHolders } from '../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../shared/domain/holders/generate.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../shared/domain/holders/schema.js';
import { createMeeting } from '../shared/domain/meetings/use-cases.js';
import type { MeetingFileInput } from '../shared/domain/meetings/schema.js';

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

/**
 * The handlers, each call tracked: autocannon stops at its deadline with requests still in the handlers, and the
 * local servers must not stop under them (dynalite throws from a closed database). `drain()` waits for them;
 * `onResult` sees every answer, including those the load generator stopped waiting for.
 */
export function tracked(
  handlers: Handlers,
  onResult?: (result: Awaited<ReturnType<Handlers[keyof Handlers]>>) => void,
): { handlers: Handlers; drain: () => Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([name, h]) => [
      name,
      (...args: Parameters<typeof h>) => {
        const call = h(...args);
        if (onResult) void call.then(onResult, () => undefined);
        pending.add(call);
        void call.finally(() => pending.delete(call)).catch(() => undefined);
        return call;
      },
    ]),
  ) as Handlers;
  return {
    handlers: wrapped,
    drain: async () => {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}

export async function benchLoad(seconds: number, connections = 16): Promise<LoadFigure> {
  const servers = await startLocalServers({});
  const config = localConfig(servers.endpoints, { controlSecret: '1d'.repeat(32) });
  const clients = createClients(config);
  await provision(clients, config);
  // Accepted: every 202 the function answered, also those autocannon stopped waiting for at its deadline.
  const ids = new Set<string>();
  const { handlers, drain } = tracked(await loadHandlers(config), (res) => {
    if (res.statusCode === 202) ids.add((JSON.parse(res.body ?? '{}') as { requestId: string }).requestId);
  });
  const api = await startApiServer({ port: 0, handlers });
  try {
    const tz = 'America/Los_Angeles';
    const today = Temporal.Now.plainDateISO(tz);
    const seed = JSON.parse(
      readFileSync(new URL('../examples/sonim-2024.json', import.meta.url), 'utf8'),
    ) as MeetingFileInput;
    const { meeting } = await createMeeting(
      {
        meetings: new DynamoMeetingRepository(clients.documents, config.tableName),
        now: () => new Date().toISOString(),
      },
      {
        ...seed,
        id: 'load-now',
        meeting: {
          ...seed.meeting,
          date: today.add({ days: 30 }).toString(),
          recordDate: today.subtract({ days: 5 }).toString(),
          materialsReleaseDate: today.subtract({ days: 1 }).toString(),
        },
        priorMeetingDate: null,
      },
    );
    const a = await createRoot(config, clients).holders();
    const text = [
      ...generateRegisteredCsv({ rows: 500, totalShares: meeting.meeting.sharesOutstanding, seed: 6 }),
    ].join('\n');
    await importHolders(
      { ...a, now: () => new Date().toISOString() },
      {
        meeting,
        kind: 'registered',
        sourceId: 'gen',
        sourceName: 'gen.csv',
        records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
      },
    );
    const holders = (await a.holders.listHolders(meeting.id, { limit: 500 })).holders;
    const numbers = a.controlNumbers.controlNumbers(
      meeting.id,
      holders.map((h) => h.controlSeq),
    );
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
    await drain();
    await api.close();
    for (const c of [clients.dynamodb, clients.s3, clients.ses, clients.sesv2, clients.sqs]) c.destroy();
    await servers.stop();
  }
}
