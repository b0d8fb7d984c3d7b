import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { ROUTES } from '../resources.js';
import * as contract from './contract.js';
import type { ResponseContract, RouteContract } from './contract.js';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the routes of shared/resources.ts and
 * the zod schemas of shared/http/contract.ts (the ones the handlers validate with). Served at
 * GET /openapi.json; integrators (print vendors, transfer agents) build against it.
 */

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const SIGV4 = 'sigv4';

function response(r: ResponseContract): ResponseConfig {
  return {
    description: r.description,
    ...(r.headers && {
      headers: Object.fromEntries(
        Object.entries(r.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
      ),
    }),
    ...(r.content && { content: { [r.content.mediaType]: { schema: r.content.schema } } }),
  };
}

function contractOf(key: string): RouteContract {
  const c = contract.CONTRACT[key];
  if (!c) throw new Error(`shared/http/contract.ts has no contract for the route ${key}`);
  return c;
}

function build(): OpenApiDocument {
  const keys = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
  const extra = Object.keys(contract.CONTRACT).filter((k) => !keys.has(k));
  if (extra.length) throw new Error(`contract routes not in ROUTES (shared/resources.ts): ${extra.join(', ')}`);

  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SIGV4, {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'AWS Signature Version 4 (API Gateway IAM authorization): sign the request for the `execute-api` service with ' +
      'credentials allowed execute-api:Invoke on the route (Authorization, X-Amz-Date and, for temporary ' +
      'credentials, X-Amz-Security-Token headers). Locally the API listens on loopback and checks no signature.',
    'x-amazon-apigateway-authtype': 'awsSigv4',
  });

  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    const c = contractOf(key);
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete',
      path: route.path,
      operationId: key.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? '').toUpperCase()),
      summary: c.summary,
      ...(c.description && { description: c.description }),
      tags: [c.tag],
      ...(route.auth === 'iam' && { security: [{ [SIGV4]: [] }] }),
      request: {
        ...(c.params && { params: c.params }),
        ...(c.query && { query: c.query }),
        ...(c.body && { body: { required: true, content: { [c.body.mediaType]: { schema: c.body.schema } } } }),
      },
      responses: Object.fromEntries(Object.entries(c.responses).map(([status, r]) => [status, response(r)])),
    });
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'proxydesk API',
      version: '1.0.0',
      description:
        'The stockholder side of annual meetings: proposal deadlines, published meeting facts, the materials ' +
        'website and stockholder requests (public), and distributions (operations, IAM-signed). Errors: 4xx answers ' +
        'carry `{ error: { code, message, issues[] } }` naming every field at fault; a 500 carries a request id only.',
    },
    servers: [
      { url: '/', description: 'The API’s base URL (the HttpApi stage URL on AWS; localhost under npm start).' },
    ],
  });
}

let cached: OpenApiDocument | undefined;

/** The document (built once per process). */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
