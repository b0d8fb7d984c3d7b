import type { Config } from '../../shared/config.js';
import { createClients, type Clients } from '../../shared/adapters/clients.js';
import { provision } from '../../shared/adapters/provision.js';
import { s3PaginationSupported, startLocalServers, type LocalServers } from '../../cli/local/servers.js';
import { localConfig } from '../../cli/local/config.js';
import { createRoot, type RootPrimitives } from '../../shared/composition/root.js';

/**
 * The integration-test platform: the same embedded servers as `npm start`, in memory, on free
 * loopback ports, with the table and buckets created from shared/resources.ts. Tests talk to it
 * through the real SDK clients over HTTP. It refuses any endpoint that is not loopback, so a test
 * can never touch a real AWS account.
 *
 *   let p: TestPlatform;
 *   beforeAll(async () => { p = await startTestPlatform(); });
 *   afterAll(() => p?.stop());
 */
export interface TestPlatform {
  readonly config: Config;
  readonly clients: Clients;
  readonly servers: LocalServers;
  /** Mail the local SES server has accepted (its `GET /store`), oldest first. */
  sesStore(): Promise<SentMail[]>;
  /** Empties the SES store (`POST /clear-store`); the store is shared by the whole test file's process. */
  clearSes(): Promise<void>;
  /** Destroys the clients and stops the servers; idempotent. */
  stop(): Promise<void>;
}

/** One mail as aws-ses-v2-local stores it. */
export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly replyTo: string[];
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly subject: string;
  readonly body: { text?: string; html?: string };
  readonly attachments: { content: string; contentType: string; filename?: string; size: number }[];
  readonly headers?: { name: string; value: string }[];
  /** Epoch seconds. */
  readonly at: number;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Throws unless the endpoint is an http(s) URL on a loopback address. */
export function assertLoopback(endpoint: string | undefined): void {
  let url: URL | undefined;
  try {
    url = endpoint ? new URL(endpoint) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || !LOOPBACK.test(url.hostname)) {
    throw new Error(`refusing to run tests against a non-local endpoint: ${endpoint ?? '(none)'}`);
  }
}

/** What the harness needs of an SDK v3 client (or the DynamoDB document client). */
interface SdkClient {
  readonly config: {
    readonly isCustomEndpoint?: boolean;
    readonly endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>;
  };
  readonly middlewareStack: {
    add(middleware: () => () => Promise<never>, options: { step: 'initialize'; name: string; priority: 'high' }): void;
  };
  destroy(): void;
}

/** The clients the embedded servers back; each must point at them. */
const SERVED = new Set(['dynamodb', 'documents', 's3', 'ses']);

/**
 * Every client must have a loopback endpoint. One for a service the embedded servers lack (SQS)
 * has none, so it would call AWS: it is blocked instead (a test that needs a queue starts
 * cli/local/queue.ts and builds its own client for it).
 */
async function guardClients(clients: Clients): Promise<void> {
  for (const [name, client] of Object.entries(clients) as [string, SdkClient][]) {
    if (client.config.isCustomEndpoint && client.config.endpoint) {
      const e = await client.config.endpoint();
      assertLoopback(`${e.protocol}//${e.hostname}${e.port ? `:${e.port}` : ''}${e.path}`);
    } else if (SERVED.has(name)) {
      throw new Error(`refusing to run tests: clients.${name} has no local endpoint (it would call AWS)`);
    } else {
      client.middlewareStack.add(
        () => async () => {
          throw new Error(
            `the test platform's clients.${name} has no local server (it would call AWS); start a local stand-in and build a client for it`,
          );
        },
        { step: 'initialize', name: 'testPlatformNoAws', priority: 'high' },
      );
    }
  }
}

/**
 * The composition root over a test platform, with a control-number secret (hex) and any primitives
 * the test injects (a fixed clock): what the runtimes build, for tests that call use cases directly.
 */
export function testRoot(
  p: Pick<TestPlatform, 'config' | 'clients'>,
  secretHex: string,
  given: Partial<RootPrimitives> = {},
) {
  return createRoot({ ...p.config, controlSecret: { hex: secretHex } }, p.clients, given);
}

export async function startTestPlatform(
  opts: { dataDir?: string; fixedNow?: string; controlSecret?: string } = {},
): Promise<TestPlatform> {
  if (process.env.SMTP_TRANSPORT?.trim()) {
    throw new Error('SMTP_TRANSPORT is set: aws-ses-v2-local would forward test mail to a real SMTP server; unset it');
  }
  if (!s3PaginationSupported()) {
    throw new Error(
      's3rver needs the OpenSSL legacy provider (DES) for ListObjectsV2 pagination: run Node with --openssl-legacy-provider (vitest.config.ts execArgv)',
    );
  }
  const servers = await startLocalServers({ dataDir: opts.dataDir, host: '127.0.0.1' });
  let clients: Clients | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      for (const client of Object.values(clients ?? {}) as SdkClient[]) client.destroy();
      await servers.stop();
    })());
  try {
    const config = localConfig(servers.endpoints, { fixedNow: opts.fixedNow, controlSecret: opts.controlSecret });
    [config.endpoints.dynamodb, config.endpoints.s3, config.endpoints.ses, servers.sesViewerUrl].forEach(
      assertLoopback,
    );
    clients = createClients(config);
    await guardClients(clients);
    await provision(clients, config);
    const ses = servers.endpoints.ses;
    const sesFetch = async (path: string, init?: RequestInit) => {
      const res = await fetch(`${ses}${path}`, init);
      if (!res.ok) throw new Error(`SES ${init?.method ?? 'GET'} ${path}: HTTP ${res.status}`);
      return res;
    };
    // The store is per process, not per server: start each platform with an empty one.
    await sesFetch('/clear-store', { method: 'POST' });
    return {
      config,
      clients,
      servers,
      async sesStore() {
        return ((await (await sesFetch('/store')).json()) as { emails: SentMail[] }).emails;
      },
      async clearSes() {
        await sesFetch('/clear-store', { method: 'POST' });
      },
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
