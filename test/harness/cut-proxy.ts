import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a local server that can take the server "down" and bring it back on
 * the same port: the fault a stopped DynamoDB, S3 or SES server causes (connections reset, then
 * refused), for the clients that talk to it through this proxy.
 */
export interface CutProxy {
  readonly endpoint: string;
  /** Goes down when the n-th request from now has reached the server, before its answer gets back. */
  cutAfter(n: number): void;
  down(): Promise<void>;
  up(): Promise<void>;
  readonly requests: number;
  close(): Promise<void>;
}

export async function startCutProxy(target: string): Promise<CutProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let requests = 0;
  let cutAt = Infinity;
  let cutting = false;
  let server: Server;
  let listenPort = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(port), hostname);
        sockets.add(client).add(upstream);
        client.on('data', (chunk) => {
          requests += (chunk.toString('latin1').match(/^(GET|POST|PUT|DELETE|HEAD) \//gm) ?? []).length;
          upstream.write(chunk);
          if (requests >= cutAt) {
            // This request reaches the server; its answer is lost, and the server goes away.
            cutAt = Infinity;
            cutting = true;
          }
        });
        upstream.on('data', (chunk) => {
          if (cutting) {
            cutting = false;
            void proxy.down();
            return;
          }
          client.write(chunk);
        });
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      });
      server.listen(listenPort, '127.0.0.1', () => {
        listenPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  let isDown = false;
  const proxy: CutProxy = {
    get endpoint() {
      return `http://127.0.0.1:${listenPort}`;
    },
    get requests() {
      return requests;
    },
    cutAfter: (n) => {
      cutAt = requests + n;
    },
    down: async () => {
      if (isDown) return;
      isDown = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((r) => server.close(() => r()));
    },
    up: async () => {
      if (!isDown) return;
      isDown = false;
      await listen();
    },
    close: async () => {
      await proxy.down();
    },
  };
  return proxy;
}
