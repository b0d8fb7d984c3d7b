import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { lambdaContext, toEvent } from '../../cli/local/http-server.js';

/** An API Gateway v2 (HTTP API, payload 2.0) event for a route, as API Gateway sends it. */
export function apiEvent(
  routeKey: string,
  opts: { path?: string; query?: Record<string, string>; pathParameters?: Record<string, string>; body?: string } = {},
): APIGatewayProxyEventV2 {
  const [method, template] = routeKey.split(' ') as [string, string];
  const url = new URL(opts.path ?? template, 'https://api.example.com');
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  return toEvent(
    { method, url, headers: { 'content-type': 'application/json' }, body: opts.body },
    routeKey,
    opts.pathParameters,
  );
}

export const context = lambdaContext;
