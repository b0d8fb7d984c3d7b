import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ROUTES, type FunctionName, type RouteDefinition } from '#shared/resources.js';

/**
 * The local stand-in for API Gateway: matches the routes declared in shared/resources.ts, turns
 * each request into an API Gateway v2 event and invokes the same Lambda handler code.
 */
export type LambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  readonly def: RouteDefinition;
  readonly pattern: RegExp;
  readonly params: string[];
}

function compile(def: RouteDefinition): CompiledRoute {
  const params: string[] = [];
  const source = def.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { def, pattern: new RegExp(`^${source}/?$`), params };
}

const compiled = ROUTES.map(compile);

export function matchRoute(
  method: string,
  path: string,
): { def: RouteDefinition; pathParameters?: Record<string, string> } | undefined {
  for (const r of compiled) {
    if (r.def.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const pathParameters = r.params.length
      ? Object.fromEntries(r.params.map((p, i) => [p, decodeURIComponent(m[i + 1] ?? '')]))
      : undefined;
    return { def: r.def, pathParameters };
  }
  return undefined;
}

export function lambdaContext(functionName: string): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `proxydesk-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:proxydesk-${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/proxydesk-${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, 30_000 - (Date.now() - started)),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Builds the API Gateway v2 event for a request (as the HTTP API's payload format 2.0 does). */
export function toEvent(
  req: { method: string; url: URL; headers: Record<string, string>; body?: string },
  routeKey: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  const query: Record<string, string> = {};
  for (const [k, v] of req.url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: req.url.pathname,
    rawQueryString: req.url.search.replace(/^\?/, ''),
    headers: req.headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: req.url.host,
      domainPrefix: 'localhost',
      http: {
        method: req.method,
        path: req.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: req.body || undefined,
    isBase64Encoded: false,
  };
}

async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type PageRenderer = (url: URL) => Promise<{ status: number; html: string } | undefined>;

export type Handlers = Record<FunctionName, LambdaHandler>;

/** Invokes a route's handler in-process, as API Gateway would; undefined if no route matches. */
export async function invoke(
  handlers: Partial<Handlers>,
  method: string,
  url: URL,
  headers: Record<string, string> = {},
  body?: string,
): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  const route = matchRoute(method, url.pathname);
  if (!route) return undefined;
  const routeKey = `${route.def.method} ${route.def.path}`;
  const handler = handlers[route.def.function];
  // `npm start` listens before its handlers are built (its address goes into their config): not ready yet.
  if (!handler)
    return {
      statusCode: 503,
      headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' },
      body: JSON.stringify({ error: { code: 'STARTING', message: 'the platform is starting; try again in a moment' } }),
    };
  const event = toEvent({ method, url, headers, body }, routeKey, route.pathParameters);
  return handler(event, lambdaContext(route.def.function));
}

export interface ApiServerOptions {
  readonly host?: string;
  readonly port: number;
  /** The functions' handlers; a route whose function is not here yet answers 503 (the platform is starting). */
  readonly handlers: Partial<Handlers>;
  readonly pages?: PageRenderer;
}

export interface ApiServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
      const method = (req.method ?? 'GET').toUpperCase();
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
      );
      try {
        const body = await readBody(req);
        const result = await invoke(opts.handlers, method, url, headers, body);
        if (result) {
          res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
          res.end(result.body ?? '');
          return;
        }
        const page = method === 'GET' && opts.pages ? await opts.pages(url) : undefined;
        if (page) {
          res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
          res.end(page.html);
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'NO_ROUTE', message: `no route ${method} ${url.pathname}` } }));
      } catch (err) {
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error' } }));
        process.stderr.write(`local api: ${(err as Error).stack ?? String(err)}\n`);
      }
    })();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
