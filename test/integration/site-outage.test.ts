import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { localConfig } from '../../cli/local/config.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import { openApiDocument } from '../../shared/http/openapi.js';

/**
 * The materials website with DynamoDB unreachable (its endpoint a closed loopback port): an outage
 * is a 5xx page, never "no such meeting" (only a NotFoundError may be a 404). Nothing else is
 * needed: the meeting read fails before any other call.
 */
describe('the materials website during a DynamoDB outage', () => {
  let handlers: Handlers;

  beforeAll(async () => {
    // A port that was free a moment ago and now has nothing listening.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const closed = `http://127.0.0.1:${port}`;
    handlers = await loadHandlers(
      localConfig({ dynamodb: closed, s3: closed, ses: closed }, { controlSecret: 'ab'.repeat(32) }),
    );
  });
  afterAll(() => undefined);

  const get = (meetingId: string) =>
    handlers.site(
      {
        version: '2.0',
        routeKey: 'GET /materials/{meetingId}',
        rawPath: `/materials/${meetingId}`,
        rawQueryString: '',
        headers: {},
        pathParameters: { meetingId },
        isBase64Encoded: false,
        requestContext: { http: { method: 'GET', path: `/materials/${meetingId}` } },
      } as unknown as APIGatewayProxyEventV2,
      lambdaContext('site'),
    );

  it('answers 500 with a page that says to try again, not 404', async () => {
    const res = await get('sonim-2024');
    expect(res.statusCode).toBe(500);
    expect(res.headers?.['content-type']).toContain('text/html');
    expect(res.body).toContain('try again');
    expect(res.body).not.toContain('No such meeting');
    // The published contract says the same: the website's 500 is a page.
    const documented = openApiDocument().paths?.['/materials/{meetingId}']?.get?.responses?.['500'] as
      { content?: Record<string, unknown> } | undefined;
    expect(Object.keys(documented?.content ?? {})).toEqual(['text/html']);
  }, 30_000);

  it('a malformed meeting id is still no such meeting (404), without a database call', async () => {
    const res = await get('NOT A MEETING');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('No such meeting');
  });
});
