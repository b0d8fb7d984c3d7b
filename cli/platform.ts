import { Temporal } from '../shared/domain/calendar/dates.js';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../shared/config.js';
import { createClients, type Clients } from '../shared/adapters/clients.js';
import { provision } from '../shared/adapters/provision.js';
import { DynamoMeetingRepository } from '../shared/adapters/dynamodb/meeting-repository.js';
import { ensureMeeting } from '../shared/domain/meetings/use-cases.js';
import { startLocalServers, type LocalServers } from './local/servers.js';
import { localConfig } from './local/config.js';

/**
 * Where CLI commands run: against the local platform in a data directory (default), or against
 * the deployed stack on AWS (PROXYDESK_TARGET=aws, with the stack's outputs in the environment).
 */
export interface Platform {
  readonly target: 'local' | 'aws';
  readonly config: Config;
  readonly clients: Clients;
  /** Set when this command started the local servers itself (nothing was running). */
  readonly ownServers?: LocalServers;
}

/** What a running `npm start` leaves in the data directory so the CLI can find it. */
export interface RuntimeState {
  readonly pid: number;
  readonly startedAt: string;
  readonly endpoints: { dynamodb: string; s3: string; ses: string };
  readonly sesViewerUrl: string;
  readonly apiUrl: string;
}

export const DEMO_MEETING_FILE = fileURLToPath(new URL('../examples/sonim-2024.json', import.meta.url));
/** A second demo meeting, plainly marked as a rehearsal, whose schedule allows notice and access. */
export const REHEARSAL_MEETING_FILE = fileURLToPath(new URL('../examples/rehearsal-2025.json', import.meta.url));

export function resolveDataDir(option?: string): string {
  return resolve(option ?? process.env.PROXYDESK_DATA_DIR ?? '.proxydesk');
}

const statePath = (dataDir: string) => resolve(dataDir, 'state.json');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running local platform recorded in the data directory, if its process is still alive. */
export function readRuntimeState(dataDir: string): RuntimeState | undefined {
  const path = statePath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as RuntimeState;
    if (typeof state.pid === 'number' && alive(state.pid)) return state;
  } catch {
    // A torn or foreign file: treat as not running.
  }
  return undefined;
}

export function writeRuntimeState(dataDir: string, state: RuntimeState): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(statePath(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function clearRuntimeState(dataDir: string, pid = process.pid): void {
  const path = statePath(dataDir);
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as RuntimeState;
    if (state.pid === pid) rmSync(path);
  } catch {
    // already gone
  }
}

/**
 * The local control-number secret: 32 random bytes kept in the data directory (mode 0600),
 * created on first use, exported as PROXYDESK_CONTROL_SECRET for this process and the handlers.
 * On AWS the secret lives in Secrets Manager instead.
 */
export function ensureLocalSecret(dataDir: string): void {
  if (process.env.PROXYDESK_CONTROL_SECRET) return;
  const path = resolve(dataDir, 'control-secret');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(path)) writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  process.env.PROXYDESK_CONTROL_SECRET = readFileSync(path, 'utf8').trim();
}

/** Creates tables and buckets (idempotent) and loads the demo meeting if absent. */
export async function prepareLocal(config: Config, clients: Clients): Promise<void> {
  await provision(clients, config);
  const meetings = new DynamoMeetingRepository(clients.documents, config.tableName);
  const seed = JSON.parse(await readFile(DEMO_MEETING_FILE, 'utf8')) as unknown;
  await ensureMeeting({ meetings, now: () => new Date().toISOString() }, seed);
  const rehearsal = JSON.parse(await readFile(REHEARSAL_MEETING_FILE, 'utf8')) as RehearsalTemplate;
  await ensureMeeting(
    { meetings, now: () => new Date().toISOString() },
    rehearsalMeeting(rehearsal, Temporal.Now.plainDateISO(rehearsal.issuer.timeZone)),
  );
}

/** The demo rehearsal meeting's id (dated when the local platform first loads it). */
export const REHEARSAL_ID = 'rehearsal';

type RehearsalTemplate = {
  id: string;
  issuer: { timeZone: string };
  meeting: Record<string, unknown> & { materialsReleaseDate: string };
  priorMeetingDate?: string | null;
};

/**
 * The rehearsal meeting, dated from the day the local platform first loads it: its materials go
 * out that day, the record date a week before, the meeting 52 days after (so notice and access
 * works, and the stockholder request window is open to try). The template's spacing is kept.
 */
export function rehearsalMeeting(template: RehearsalTemplate, today: Temporal.PlainDate): RehearsalTemplate {
  const shift = Temporal.PlainDate.from(template.meeting.materialsReleaseDate).until(today, {
    largestUnit: 'days',
  }).days;
  const move = (d: unknown) =>
    typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d)
      ? Temporal.PlainDate.from(d).add({ days: shift }).toString()
      : d;
  const meeting = Object.fromEntries(
    Object.entries(template.meeting).map(([k, v]) => [k, move(v)]),
  ) as RehearsalTemplate['meeting'];
  return {
    ...template,
    id: REHEARSAL_ID,
    meeting,
    ...(template.priorMeetingDate ? { priorMeetingDate: move(template.priorMeetingDate) as string } : {}),
  };
}

/**
 * Opens the platform for one command. Locally: uses the servers of a running `npm start` on the
 * data directory, or starts them in-process on it for the command's duration.
 */
export async function openPlatform(opts: { dataDir?: string }): Promise<Platform> {
  if (process.env.PROXYDESK_TARGET === 'aws') {
    const config = loadConfig(process.env);
    return { target: 'aws', config, clients: createClients(config) };
  }
  const dataDir = resolveDataDir(opts.dataDir);
  ensureLocalSecret(dataDir);
  const running = readRuntimeState(dataDir);
  if (running) {
    const config = localConfig(running.endpoints);
    return { target: 'local', config, clients: createClients(config) };
  }
  mkdirSync(dataDir, { recursive: true });
  const servers = await startLocalServers({ dataDir });
  const config = localConfig(servers.endpoints);
  const clients = createClients(config);
  await prepareLocal(config, clients);
  return { target: 'local', config, clients, ownServers: servers };
}

export async function closePlatform(platform: Platform): Promise<void> {
  platform.clients.dynamodb.destroy();
  platform.clients.s3.destroy();
  platform.clients.ses.destroy();
  platform.clients.sqs.destroy();
  await platform.ownServers?.stop();
}

/** Runs a command body against the platform, closing what it opened. */
export async function withPlatform<T>(opts: { dataDir?: string }, body: (p: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(opts);
  try {
    return await body(platform);
  } finally {
    await closePlatform(platform);
  }
}

/** Rows in the demo meeting's generated holder list (`npm start`). */
export const DEMO_HOLDERS = 2000;

/**
 * Loads a generated registered-holder list into each demo meeting (the seed and the rehearsal) that has none, through the same
 * import as `holders import`: shares add up to the record-date total, and some holders share an
 * address, so the demo shows its households. Returns the number imported (0 if already loaded).
 */
export async function loadDemoHolders(config: Config, clients: Clients): Promise<number> {
  const [
    { holderAdapters },
    { importHolders },
    { readCsvRecords },
    { generateRegisteredCsv },
    schema,
    { getMeeting },
    { Readable },
  ] = await Promise.all([
    import('../shared/adapters/holders.js'),
    import('../shared/domain/holders/import.js'),
    import('../shared/adapters/csv/records.js'),
    import('../shared/domain/holders/generate.js'),
    import('../shared/domain/holders/schema.js'),
    import('../shared/domain/meetings/use-cases.js'),
    import('node:stream'),
  ]);
  const a = await holderAdapters(clients, config);
  let imported = 0;
  for (const id of ['sonim-2024', REHEARSAL_ID]) {
    const meeting = await getMeeting(
      { meetings: new DynamoMeetingRepository(clients.documents, config.tableName) },
      id,
    );
    if (await a.holders.hasHolders(meeting.id)) continue;
    const lines = [
      ...generateRegisteredCsv({ rows: DEMO_HOLDERS, totalShares: meeting.meeting.sharesOutstanding }),
    ].map((l) => `${l}\n`);
    const out = await importHolders(
      { ...a, now: () => new Date().toISOString() },
      {
        meeting,
        kind: 'registered',
        sourceId: `demo:generated-${DEMO_HOLDERS}`,
        sourceName: `generated demo list (${DEMO_HOLDERS} holders)`,
        records: readCsvRecords(Readable.from(lines), {
          known: schema.REGISTERED_COLUMNS,
          required: schema.REGISTERED_REQUIRED,
        }),
      },
    );
    imported = Math.max(imported, out.counts.rowsImported);
  }
  return imported;
}
