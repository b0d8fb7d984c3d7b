import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import sesLocalModule from 'aws-ses-v2-local';

// A CommonJS module with `exports.default`: Node's ESM loader hands back the exports object
// (STACK-NOTES: call its .default), while vitest's interop already unwraps it.
type StartSes = (c: { host: string; port: number }) => Promise<Server>;
const sesExports = sesLocalModule as unknown as StartSes | { default: StartSes };
const startSes: StartSes = typeof sesExports === 'function' ? sesExports : sesExports.default;

/**
 * The embedded local AWS servers, in this process, on loopback: dynalite (DynamoDB API), s3rver
 * (S3 API) and aws-ses-v2-local (SES API plus a viewer of sent mail). With a data directory,
 * DynamoDB and S3 state persist there; without, DynamoDB is in memory and S3 uses a temporary
 * directory removed on stop.
 */
export interface LocalServers {
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly ses: string };
  /** The SES web viewer of sent mail (`GET /`); `GET /store` returns the mail as JSON. */
  readonly sesViewerUrl: string;
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  readonly dataDir?: string;
  readonly host?: string;
  readonly ports?: { readonly dynamodb?: number; readonly s3?: number; readonly ses?: number };
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<AddressInfo>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen(server.address() as AddressInfo));
  });

const closeServer = (server: Server) =>
  new Promise<void>((done) => {
    server.closeAllConnections?.();
    server.close(() => done());
  });

export async function startLocalServers(opts: LocalServerOptions = {}): Promise<LocalServers> {
  const host = opts.host ?? '127.0.0.1';
  const url = (a: AddressInfo) => `http://${host}:${a.port}`;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  };
  try {
    // DynamoDB: LevelDB on disk under the data directory, or in memory.
    const dynamoPath = opts.dataDir ? join(opts.dataDir, 'dynamodb') : undefined;
    if (dynamoPath) mkdirSync(dynamoPath, { recursive: true });
    const dynamo = dynalite({ path: dynamoPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    const dynamoAddress = await listen(dynamo, opts.ports?.dynamodb ?? 0, host);
    stops.push(() => closeServer(dynamo));

    // S3: a directory is required; a temporary one is removed on stop.
    const s3Dir = opts.dataDir ? join(opts.dataDir, 's3') : mkdtempSync(join(tmpdir(), 'proxydesk-s3-'));
    mkdirSync(s3Dir, { recursive: true });
    const s3 = new S3rver({ address: host, port: opts.ports?.s3 ?? 0, silent: true, directory: s3Dir, resetOnClose: !opts.dataDir });
    const s3Address = await s3.run();
    stops.push(async () => {
      await s3.close();
      if (!opts.dataDir) rmSync(s3Dir, { recursive: true, force: true });
    });

    // SES: v1 and v2 APIs plus the mail viewer. Its store lives in this process.
    const ses = await startSes({ host, port: opts.ports?.ses ?? 0 });
    stops.push(() => closeServer(ses));
    const sesUrl = url(ses.address() as AddressInfo);

    let stopped: Promise<void> | undefined;
    return {
      endpoints: { dynamodb: url(dynamoAddress), s3: url(s3Address), ses: sesUrl },
      sesViewerUrl: `${sesUrl}/`,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
