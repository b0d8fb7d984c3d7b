import { createCipheriv } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isIPv6, type AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import sesLocalModule from 'aws-ses-v2-local';

// A CommonJS module with `exports.default`: Node's ESM loader hands back the exports object
// (docs/architecture.md "The local platform": call its .default), while vitest's interop already unwraps it.
type StartSes = (c: { host: string; port: number }) => Promise<Server>;
const sesExports = sesLocalModule as unknown as StartSes | { default: StartSes };
const startSes: StartSes = typeof sesExports === 'function' ? sesExports : sesExports.default;

/**
 * The embedded local servers, in this process, on loopback: dynalite (DynamoDB API), s3rver
 * (S3 API) and aws-ses-v2-local (SES API plus a viewer of sent mail). With a data directory,
 * DynamoDB and S3 state persist there; without, DynamoDB is in memory and S3 uses a temporary
 * directory removed on stop.
 *
 * Quirks worth knowing:
 * - s3rver's paginated ListObjectsV2 needs DES (OpenSSL 3 legacy provider): run Node with
 *   `--openssl-legacy-provider` (see {@link s3PaginationSupported}).
 * - The SES store (mail and templates) is module-global: every SES server in one process shares it.
 * - aws-ses-v2-local forwards every mail to a real SMTP server when `SMTP_TRANSPORT` is set.
 */
export interface S3NotificationEvent {
  readonly Records: readonly {
    readonly eventName: string;
    readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
  }[];
}

export interface LocalServers {
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly ses: string };
  /** The SES web viewer of sent mail (`GET /`); `GET /store` returns the mail as JSON. */
  readonly sesViewerUrl: string;
  /** S3 notifications (AWS event shape, raw keys) for objects created or removed in any bucket. */
  onS3Event(listener: (event: S3NotificationEvent) => void): void;
  /** Closes all three servers (and their connections); idempotent. */
  stop(): Promise<void>;
}

export interface LocalServerOptions {
  /** DynamoDB under `<dataDir>/dynamodb` (LevelDB), S3 under `<dataDir>/s3`. */
  readonly dataDir?: string;
  /** Address to listen on; 127.0.0.1 unless given. */
  readonly host?: string;
  /** 0 or absent: a free port. */
  readonly ports?: { readonly dynamodb?: number; readonly s3?: number; readonly ses?: number };
}

/** Whether this Node can make s3rver's ListObjectsV2 continuation tokens (DES, OpenSSL legacy provider). */
export function s3PaginationSupported(): boolean {
  try {
    createCipheriv('des', Buffer.alloc(8), Buffer.alloc(8));
    return true;
  } catch {
    return false;
  }
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<AddressInfo>((resolveListen, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolveListen(server.address() as AddressInfo);
    });
  });

const closeServer = (server: Server) =>
  new Promise<void>((done, fail) => {
    server.close((err) =>
      err && (err as NodeJS.ErrnoException).code !== 'ERR_SERVER_NOT_RUNNING' ? fail(err) : done(),
    );
    server.closeAllConnections();
  });

/** The host to put in a URL: wildcard listen addresses are reached on loopback; IPv6 in brackets. */
function urlHost(host: string): string {
  if (host === '' || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}

// dynalite opens LevelDB asynchronously and, when another process (or server) holds the
// directory's lock, throws an uncaught "Database is not open" on the first request, which ends the
// process. So: refuse a directory this process already serves, and open it once first to find
// another process's lock (`npm start` on the same data directory).
const dynamoDirsInUse = new Set<string>();

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}
const dynaliteRequire = createRequire(createRequire(import.meta.url).resolve('dynalite'));

async function assertLevelDbFree(path: string): Promise<void> {
  if (dynamoDirsInUse.has(path)) {
    throw new Error(`the DynamoDB data in ${path} is in use by other local servers in this process`);
  }
  const { Level } = dynaliteRequire('level') as { Level: new (path: string) => LevelDb };
  const db = new Level(path);
  try {
    await db.open();
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') {
      throw new Error(
        `the DynamoDB data in ${path} is in use by another process (is proxydesk already running on this data directory?)`,
        {
          cause: err,
        },
      );
    }
    throw new Error(`cannot open the DynamoDB data in ${path}`, { cause: err });
  }
  await db.close();
}

export async function startLocalServers(opts: LocalServerOptions = {}): Promise<LocalServers> {
  const host = opts.host ?? '127.0.0.1';
  const url = (a: AddressInfo) => `http://${urlHost(host)}:${a.port}`;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: unknown) => errors.push(err));
    if (errors.length) throw new AggregateError(errors, 'stopping the local servers failed');
  };
  try {
    // DynamoDB: LevelDB on disk under the data directory, or in memory.
    const dynamoPath = opts.dataDir ? resolve(opts.dataDir, 'dynamodb') : undefined;
    if (dynamoPath) {
      mkdirSync(dynamoPath, { recursive: true });
      await assertLevelDbFree(dynamoPath);
      dynamoDirsInUse.add(dynamoPath);
      stops.push(async () => void dynamoDirsInUse.delete(dynamoPath));
    }
    const dynamo = dynalite({ path: dynamoPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    let dynamoAddress: AddressInfo;
    try {
      dynamoAddress = await listen(dynamo, opts.ports?.dynamodb ?? 0, host);
    } catch (err) {
      // dynalite closes its database only from a listening server's close(): release the lock.
      await listen(dynamo, 0, '127.0.0.1').then(
        () => closeServer(dynamo),
        () => undefined,
      );
      throw err;
    }
    stops.push(() => closeServer(dynamo));

    // S3: a directory is required; a temporary one is removed on stop.
    const s3Dir = opts.dataDir ? join(opts.dataDir, 's3') : mkdtempSync(join(tmpdir(), 'proxydesk-s3-'));
    mkdirSync(s3Dir, { recursive: true });
    const removeTempDir = () => {
      if (!opts.dataDir) rmSync(s3Dir, { recursive: true, force: true });
    };
    const s3 = new S3rver({
      address: host,
      port: opts.ports?.s3 ?? 0,
      silent: true,
      directory: s3Dir,
      resetOnClose: !opts.dataDir,
    });
    // s3rver listens without an 'error' listener: a busy port would crash the process. Its
    // callback form returns the server, so listen through it and turn errors into a rejection.
    const s3Listen = s3.listen.bind(s3);
    s3.listen = (...args: unknown[]) =>
      new Promise<Server>((resolveListen, reject) => {
        const server = s3Listen(...args, () => {
          server.off('error', reject);
          resolveListen(server);
        }) as Server;
        server.once('error', reject);
      });
    let s3Address: AddressInfo;
    try {
      s3Address = await s3.run();
    } catch (err) {
      removeTempDir();
      throw err;
    }
    stops.push(async () => {
      s3.httpServer?.closeAllConnections();
      await s3.close();
      removeTempDir();
    });

    // SES: v1 and v2 APIs plus the mail viewer. Its store lives in this process. It resolves
    // even when listening fails (Express 5 hands the error to the listen callback), so check.
    const sesPort = opts.ports?.ses ?? 0;
    const ses = await startSes({ host, port: sesPort });
    if (!ses.listening) {
      throw Object.assign(
        new Error(`the local SES server could not listen on ${host}:${sesPort} (in use, or not permitted)`),
        { code: 'EADDRINUSE' },
      );
    }
    stops.push(() => closeServer(ses));
    const sesUrl = url(ses.address() as AddressInfo);

    let stopped: Promise<void> | undefined;
    return {
      endpoints: { dynamodb: url(dynamoAddress), s3: url(s3Address), ses: sesUrl },
      sesViewerUrl: `${sesUrl}/`,
      onS3Event: (listener) => void s3.on('event', listener),
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}
