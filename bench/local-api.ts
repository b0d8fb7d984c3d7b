/**
 * What the API load benches (bench/load.ts, bench/votes.ts) stand on: the local servers and tables,
 * the real handlers behind the local API server (each call tracked), and a meeting open "now" (held
 * 30 days from today in the issuer's time zone, record date five days ago, materials out yesterday)
 * with a generated registered list and its control numbers.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Temporal, type PlainDate } from '../shared/domain/calendar/dates.js';
import { startLocalServers } from '../cli/local/servers.js';
import { localConfig } from '../cli/local/config.js';
import { loadHandlers } from '../cli/local/handlers.js';
import { startApiServer, type ApiServer, type Handlers } from '../cli/local/http-server.js';
import { createClients, type Clients } from '../shared/adapters/clients.js';
import { provision } from '../shared/adapters/provision.js';
import { createRoot } from '../shared/composition/root.js';
import { DynamoMeetingRepository } from '../shared/adapters/dynamodb/meeting-repository.js';
import { readCsvRecords } from '../shared/adapters/csv/records.js';
import { importHolders } from '../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../shared/domain/holders/generate.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../shared/domain/holders/schema.js';
import { createMeeting } from '../shared/domain/meetings/use-cases.js';
import type { Meeting, MeetingFileInput } from '../shared/domain/meetings/schema.js';
import type { Config } from '../shared/config.js';

type HandlerResult = Awaited<ReturnType<Handlers[keyof Handlers]>>;

/**
 * The handlers, each call tracked: autocannon stops at its deadline with requests still in the handlers, and the
 * local servers must not stop under them (dynalite throws from a closed database). `drain()` waits for them;
 * `onResult` sees every answer, including those the load generator stopped waiting for.
 */
export function tracked(
  handlers: Handlers,
  onResult?: (result: HandlerResult) => void,
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

export interface LocalApiMeeting {
  readonly api: ApiServer;
  readonly clients: Clients;
  readonly config: Config;
  readonly meeting: Meeting;
  /** The holders' control numbers, in list order. */
  readonly numbers: string[];
  /** Waits for every handler call still running. */
  drain(): Promise<void>;
  /** Drains, then stops the API server, the clients and the local servers. */
  close(): Promise<void>;
}

/** The platform, the API and a meeting of `holders` generated holders (see the module's comment). */
export async function localApiMeeting(opts: {
  readonly secret: string;
  readonly id: string;
  readonly holders: number;
  readonly seed: number;
  /** Every answer the handlers give (the bench collects the ids it accepted). */
  readonly onResult: (result: HandlerResult) => void;
  /** Changes to the meeting file beyond its dates (e.g. voting cut-offs), from today. */
  readonly edit?: (file: MeetingFileInput, today: PlainDate) => MeetingFileInput;
}): Promise<LocalApiMeeting> {
  const servers = await startLocalServers({});
  const config = localConfig(servers.endpoints, { controlSecret: opts.secret });
  const clients = createClients(config);
  let api: ApiServer | undefined;
  let drain = async () => {};
  const close = async () => {
    await drain();
    await api?.close();
    for (const c of [clients.dynamodb, clients.s3, clients.ses, clients.sesv2, clients.sqs]) c.destroy();
    await servers.stop();
  };
  try {
    await provision(clients, config);
    const calls = tracked(await loadHandlers(config), opts.onResult);
    drain = calls.drain;
    api = await startApiServer({ port: 0, handlers: calls.handlers });
    const today = Temporal.Now.plainDateISO('America/Los_Angeles');
    const seed = JSON.parse(
      readFileSync(new URL('../examples/sonim-2024.json', import.meta.url), 'utf8'),
    ) as MeetingFileInput;
    const file: MeetingFileInput = {
      ...seed,
      id: opts.id,
      meeting: {
        ...seed.meeting,
        date: today.add({ days: 30 }).toString(),
        recordDate: today.subtract({ days: 5 }).toString(),
        materialsReleaseDate: today.subtract({ days: 1 }).toString(),
      },
    };
    const { meeting } = await createMeeting(
      {
        meetings: new DynamoMeetingRepository(clients.documents, config.tableName),
        now: () => new Date().toISOString(),
      },
      opts.edit ? opts.edit(file, today) : file,
    );
    const a = await createRoot(config, clients).holders();
    const text = [
      ...generateRegisteredCsv({ rows: opts.holders, totalShares: meeting.meeting.sharesOutstanding, seed: opts.seed }),
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
    const holders = (await a.holders.listHolders(meeting.id, { limit: opts.holders })).holders;
    const numbers = a.controlNumbers.controlNumbers(
      meeting.id,
      holders.map((h) => h.controlSeq),
    );
    return { api, clients, config, meeting, numbers, drain: () => drain(), close };
  } catch (err) {
    await close();
    throw err;
  }
}
