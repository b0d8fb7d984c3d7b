import type { Config } from '../../shared/config.js';
import { createClients, type Clients } from '../../shared/adapters/clients.js';
import { provision } from '../../shared/adapters/provision.js';
import { startLocalServers, type LocalServers } from '../../cli/local/servers.js';
import { localConfig } from '../../cli/local/config.js';

/**
 * The integration-test platform: the same embedded servers as `npm start`, in memory, on free
 * loopback ports, with the table and buckets created from shared/resources.ts. Tests talk to it
 * through the real SDK clients over HTTP. It refuses any endpoint that is not loopback, so a test
 * can never touch a real AWS account.
 */
export interface TestPlatform {
  readonly config: Config;
  readonly clients: Clients;
  readonly servers: LocalServers;
  /** Mail the local SES server has accepted (its `GET /store`). */
  sesStore(): Promise<SentMail[]>;
  clearSes(): Promise<void>;
  stop(): Promise<void>;
}

export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { to: string[]; cc: string[]; bcc: string[] };
  readonly subject: string;
  readonly body: { text?: string; html?: string };
  readonly at: number;
}

function assertLoopback(endpoint: string): void {
  const host = new URL(endpoint).hostname;
  if (!(host === 'localhost' || host === '[::1]' || host.startsWith('127.'))) {
    throw new Error(`refusing to run tests against a non-local endpoint: ${endpoint}`);
  }
}

export async function startTestPlatform(opts: { dataDir?: string } = {}): Promise<TestPlatform> {
  const servers = await startLocalServers({ dataDir: opts.dataDir });
  Object.values(servers.endpoints).forEach(assertLoopback);
  const config = localConfig(servers.endpoints);
  const clients = createClients(config);
  await provision(clients, config);
  const ses = servers.endpoints.ses;
  return {
    config,
    clients,
    servers,
    async sesStore() {
      const res = await fetch(`${ses}/store`);
      return ((await res.json()) as { emails: SentMail[] }).emails;
    },
    async clearSes() {
      await fetch(`${ses}/clear-store`, { method: 'POST' });
    },
    async stop() {
      clients.dynamodb.destroy();
      clients.s3.destroy();
      clients.ses.destroy();
      await servers.stop();
    },
  };
}
