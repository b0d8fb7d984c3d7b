import { Temporal } from '#shared/domain/calendar/dates.js';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig, loadLocalSettings, type Config } from '#shared/config.js';
import { createClients, type Clients } from '#shared/adapters/clients.js';
import { provision } from '#shared/adapters/provision.js';
import { createRoot, type Root } from '#shared/composition/root.js';
import { ensureMeeting, getMeeting } from '#shared/domain/meetings/use-cases.js';
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
  /** The CLI runtime's composition root: every command takes its dependencies (and its clock) from it. */
  readonly root: Root;
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
  return resolve(option ?? loadLocalSettings().dataDir ?? '.proxydesk');
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
 * The local control-number secret (hex): PROXYDESK_CONTROL_SECRET if set, else 32 random bytes
 * kept in the data directory (mode 0600), created on first use. It goes into the local config,
 * so this process and the handlers it loads share it. On AWS the secret lives in Secrets Manager.
 */
export function ensureLocalSecret(dataDir: string): string {
  const given = loadLocalSettings().controlSecretHex;
  if (given) return given;
  const path = resolve(dataDir, 'control-secret');
  mkdirSync(dataDir, { recursive: true });
  if (!existsSync(path)) writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return readFileSync(path, 'utf8').trim();
}

/**
 * The local platform's config: the servers' endpoints, the data directory's secret, the rehearsed clock if any,
 * and `npm start`'s address when it listens (the voting page the Notice and the materials emails name).
 */
export function localPlatformConfig(
  endpoints: { dynamodb: string; s3: string; ses: string },
  dataDir: string,
  publicUrl?: string,
): Config {
  return localConfig(endpoints, {
    fixedNow: loadLocalSettings().fixedNow,
    controlSecret: ensureLocalSecret(dataDir),
    publicUrl,
  });
}

/** The day it is in a time zone, by the root's one clock (a rehearsal's day under PROXYDESK_NOW). */
export const todayIn = (root: Pick<Root, 'clock'>, timeZone: string): Temporal.PlainDate =>
  Temporal.Instant.from(root.clock()).toZonedDateTimeISO(timeZone).toPlainDate();

/** Creates tables and buckets (idempotent) and loads the demo meeting if absent. */
export async function prepareLocal(root: Root): Promise<void> {
  await provision(root.clients, root.config);
  const deps = { meetings: root.meetings(), now: root.clock };
  const seed = JSON.parse(await readFile(DEMO_MEETING_FILE, 'utf8')) as unknown;
  await ensureMeeting(deps, seed);
  const rehearsal = JSON.parse(await readFile(REHEARSAL_MEETING_FILE, 'utf8')) as RehearsalTemplate;
  await ensureMeeting(deps, rehearsalMeeting(rehearsal, todayIn(root, rehearsal.issuer.timeZone)));
}

/** The demo rehearsal meeting's id (dated when the local platform first loads it). */
export const REHEARSAL_ID = 'rehearsal';

type RehearsalTemplate = {
  id: string;
  issuer: { timeZone: string };
  meeting: Record<string, unknown> & { materialsReleaseDate: string };
  priorMeetingDate?: string | null;
  /** Issuer-local cut-offs "YYYY-MM-DDTHH:MM": the date moves with the meeting, the wall-clock time stays. */
  voting?: Record<string, unknown> & { cutoffs?: Record<string, string | undefined> };
};

/**
 * The rehearsal meeting, dated from the day the local platform first loads it: its materials go
 * out that day, the record date a week before, the meeting 52 days after (so notice and access
 * works, and the stockholder request window is open to try). The template's spacing is kept; the
 * voting cut-offs keep their local wall-clock time (11:59 pm stays 11:59 pm across a DST change).
 */
export function rehearsalMeeting(template: RehearsalTemplate, today: Temporal.PlainDate): RehearsalTemplate {
  const shift = Temporal.PlainDate.from(template.meeting.materialsReleaseDate).until(today, {
    largestUnit: 'days',
  }).days;
  const move = (d: unknown) =>
    typeof d === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(d)
      ? Temporal.PlainDate.from(d.slice(0, 10)).add({ days: shift }).toString() + d.slice(10)
      : d;
  const moveAll = <T extends Record<string, unknown>>(o: T): T =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, move(v)])) as T;
  const meeting = moveAll(template.meeting);
  const voting = template.voting && {
    ...moveAll(template.voting),
    ...(template.voting.cutoffs ? { cutoffs: moveAll(template.voting.cutoffs) } : {}),
  };
  return {
    ...template,
    id: REHEARSAL_ID,
    meeting,
    ...(voting ? { voting } : {}),
    ...(template.priorMeetingDate ? { priorMeetingDate: move(template.priorMeetingDate) as string } : {}),
  };
}

/**
 * Opens the platform for one command. Locally: uses the servers of a running `npm start` on the
 * data directory, or starts them in-process on it for the command's duration.
 */
export async function openPlatform(opts: { dataDir?: string }): Promise<Platform> {
  const open = (target: Platform['target'], config: Config) => {
    const clients = createClients(config);
    return { target, config, clients, root: createRoot(config, clients) };
  };
  if (loadLocalSettings().target === 'aws') return open('aws', loadConfig());
  const dataDir = resolveDataDir(opts.dataDir);
  const running = readRuntimeState(dataDir);
  if (running) return open('local', localPlatformConfig(running.endpoints, dataDir, running.apiUrl));
  mkdirSync(dataDir, { recursive: true });
  const servers = await startLocalServers({ dataDir });
  const platform = open('local', localPlatformConfig(servers.endpoints, dataDir));
  await prepareLocal(platform.root);
  return { ...platform, ownServers: servers };
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
export async function loadDemoHolders(root: Root): Promise<number> {
  const [{ importHolders }, { readCsvRecords }, { generateRegisteredCsv }, schema, { Readable }] = await Promise.all([
    import('#shared/domain/holders/import.js'),
    import('#shared/adapters/csv/records.js'),
    import('#shared/domain/holders/generate.js'),
    import('#shared/domain/holders/schema.js'),
    import('node:stream'),
  ]);
  const a = await root.holders();
  let imported = 0;
  for (const id of ['sonim-2024', REHEARSAL_ID]) {
    const meeting = await getMeeting({ meetings: root.meetings() }, id);
    if (await a.holders.hasHolders(meeting.id)) continue;
    const lines = [
      ...generateRegisteredCsv({ rows: DEMO_HOLDERS, totalShares: meeting.meeting.sharesOutstanding }),
    ].map((l) => `${l}\n`);
    const out = await importHolders(
      { ...a, now: root.clock },
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
