import { beforeAll, describe, expect, it } from 'vitest';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { openApiDocument } from '../../shared/http/openapi.js';
import { ROUTES } from '../../shared/resources.js';
import { handler as deadlines } from '../../functions/deadlines/handler.js';
import { handler as openapi } from '../../functions/openapi/handler.js';
import { apiEvent, context } from '../support/events.js';
import { contractValidator, type Operation } from './contract-validator.js';

const doc = openApiDocument();
const contract = contractValidator(doc);
type Handler = (
  e: APIGatewayProxyEventV2,
  c: ReturnType<typeof context>,
) => Promise<{ statusCode?: number; body?: string }>;

const call = async (h: Handler, event: APIGatewayProxyEventV2) => {
  const res = await h(event, context('test'));
  return { status: res.statusCode, body: JSON.parse(res.body ?? 'null') };
};
/** A copy of the document to break on purpose. */
type Editable = {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { description?: string; content?: Record<string, { schema: object }> }> }
    >
  >;
};
const editable = () => structuredClone(doc) as unknown as Editable;
const fields = (body: { error: { issues: { field: string }[] } }) => body.error.issues.map((i) => i.field).sort();

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (swagger-parser)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('the validator does refuse a broken document (a reference to no schema, a response with no description)', async () => {
    const dangling = editable();
    dangling.paths['/meetings']!.get!.responses['200']!.content!['application/json']!.schema = {
      $ref: '#/components/schemas/NoSuchSchema',
    };
    await expect(SwaggerParser.validate(dangling as never)).rejects.toThrow();
    const undescribed = editable();
    delete undescribed.paths['/deadlines']!.get!.responses['200']!.description;
    await expect(SwaggerParser.validate(undescribed as never)).rejects.toThrow();
  });

  it('has every route of ROUTES (shared/resources.ts), and nothing else', () => {
    const documented = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const declared = ROUTES.map((r) => `${r.method} ${r.path}`);
    // 12 before issue 12, the two vote routes, the voting page's five, the two operators' vote views; issue 13's
    // results: the JSON, the page and the certificate.
    expect(declared.length).toBe(24);
    expect(documented.sort()).toEqual(declared.sort());
  });

  it('names every path parameter of a route, required', () => {
    for (const r of ROUTES) {
      const names = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = (contract.operation(`${r.method} ${r.path}`).parameters ?? []).filter((p) => p.in === 'path');
      expect(params.map((p) => p.name).sort(), `${r.method} ${r.path}`).toEqual(names.sort());
      expect(params.every((p) => p.required)).toBe(true);
    }
  });

  it('asks an IAM signature of exactly the operations routes', () => {
    expect(doc.components?.securitySchemes?.sigv4).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
    for (const r of ROUTES) {
      const security = (contract.operation(`${r.method} ${r.path}`) as Operation).security;
      expect(security, `${r.method} ${r.path}`).toEqual(r.auth === 'iam' ? [{ sigv4: [] }] : undefined);
    }
    // The distribution routes, the operators' vote views and the results are the IAM ones (shared/resources.ts).
    expect(ROUTES.filter((r) => r.auth === 'iam').map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /meetings/{meetingId}/votes/status',
      'GET /meetings/{meetingId}/votes/accounts/{accountId}',
      'GET /meetings/{meetingId}/results',
      'GET /meetings/{meetingId}/results/page',
      'GET /meetings/{meetingId}/results/certificate',
      'POST /meetings/{meetingId}/distributions',
      'GET /meetings/{meetingId}/distributions',
    ]);
  });

  it('documents the error model: 4xx { error: { code, message, issues[] } }, 500 with a request id', () => {
    const refused = contract.response('GET /meetings/{meetingId}', 404);
    expect(refused({ error: { code: 'NOT_FOUND', message: 'no meeting with id x', issues: [] } })).toBe(true);
    expect(refused({ error: { code: 'NOT_FOUND', message: 'no issues array' } })).toBe(false);
    const internal = contract.response('GET /meetings', 500);
    expect(internal({ error: { code: 'INTERNAL', message: 'internal error', requestId: 'abc' } })).toBe(true);
    expect(internal({ error: { code: 'INTERNAL', message: 'internal error' } })).toBe(false);
  });

  it('documents the materials pages as HTML and the request form as URL-encoded fields', () => {
    const page = contract.operation('GET /materials/{meetingId}');
    expect(Object.keys(page.responses['200']!.content!)).toEqual(['text/html']);
    const form = contract.operation('POST /materials/{meetingId}/requests');
    expect(Object.keys(form.requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
  });
});

describe('the document and the handlers agree', () => {
  // The seed question (README): last meeting 2024-06-20, proxy released 2024-06-05, Pacific time.
  const seed = { priorMeeting: '2024-06-20', priorRelease: '2024-06-05', tz: 'America/Los_Angeles' };

  it('POST /deadlines/check: a route the document does not list is refused with a 400 naming it', async () => {
    const body = { ...seed, route: 'by-fax', received: '2025-02-05T16:30:00-08:00' };
    expect(contract.body('POST /deadlines/check')(body)).toBe(false);
    const res = await call(deadlines, apiEvent('POST /deadlines/check', { body: JSON.stringify(body) }));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['route']);
    expect(contract.response('POST /deadlines/check', 400)(res.body)).toBe(true);
  });

  it('POST /deadlines/check: a body without the required `received` is refused with a 400 naming it', async () => {
    const body = { ...seed, route: '14a-8' };
    expect(contract.body('POST /deadlines/check')(body)).toBe(false);
    const res = await call(deadlines, apiEvent('POST /deadlines/check', { body: JSON.stringify(body) }));
    expect(res.status).toBe(400);
    expect(fields(res.body)).toEqual(['received']);
  });

  it('POST /deadlines/check: a body the document accepts is answered 200 in the documented shape', async () => {
    // Rule 14a-8(e)(2): 120 days before the release anniversary (2025-06-05) is 2025-02-05, to the end of that
    // day in the issuer's zone; 16:30 Pacific on 2025-02-05 is in time.
    const body = { ...seed, route: '14a-8', received: '2025-02-05T16:30:00-08:00' };
    expect(contract.body('POST /deadlines/check')(body)).toBe(true);
    const res = await call(deadlines, apiEvent('POST /deadlines/check', { body: JSON.stringify(body) }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ route: '14a-8', timely: true });
    const shape = contract.response('POST /deadlines/check', 200);
    expect(shape(res.body), JSON.stringify(shape.errors)).toBe(true);
  });

  it('GET /deadlines: priorMeeting is a required query parameter, and its absence a 400; an answer has the documented shape', async () => {
    const param = contract.operation('GET /deadlines').parameters!.find((p) => p.name === 'priorMeeting')!;
    expect(param).toMatchObject({ in: 'query', required: true });
    const refused = await call(deadlines, apiEvent('GET /deadlines', { query: { priorRelease: '2024-06-05' } }));
    expect(refused.status).toBe(400);
    expect(fields(refused.body)).toContain('priorMeeting');

    const res = await call(deadlines, apiEvent('GET /deadlines', { query: seed }));
    expect(res.status).toBe(200);
    expect(res.body.rule14a8.deadline).toBe('2025-02-05');
    const shape = contract.response('GET /deadlines', 200);
    expect(shape(res.body), JSON.stringify(shape.errors)).toBe(true);
    // …and the shape is not so loose that anything passes.
    expect(shape({ ...res.body, rule14a8: { ...res.body.rule14a8, receivedBy: 'noon' } })).toBe(false);
  });

  describe('POST /meetings/{meetingId}/distributions (refused before any storage is read)', () => {
    let distributions: Handler;
    beforeAll(async () => {
      // The function's environment, its endpoints on a closed loopback port: nothing here may reach storage.
      Object.assign(process.env, {
        AWS_REGION: 'us-east-1',
        PROXYDESK_TABLE: 'proxydesk-main',
        PROXYDESK_IMPORTS_BUCKET: 'proxydesk-imports',
        PROXYDESK_MATERIALS_BUCKET: 'proxydesk-materials',
        PROXYDESK_ENDPOINT_DYNAMODB: 'http://127.0.0.1:9',
        PROXYDESK_ENDPOINT_S3: 'http://127.0.0.1:9',
        PROXYDESK_ENDPOINT_SQS: 'http://127.0.0.1:9',
      });
      distributions = (await import('../../functions/distributions/handler.js')).handler as unknown as Handler;
    });
    const post = (meetingId: string, body: unknown) =>
      call(
        distributions,
        apiEvent('POST /meetings/{meetingId}/distributions', {
          path: `/meetings/${meetingId}/distributions`,
          pathParameters: { meetingId },
          body: JSON.stringify(body),
        }),
      );
    const route = 'POST /meetings/{meetingId}/distributions';

    it('a method the document does not list is a 400 naming it', async () => {
      expect(contract.body(route)({ method: 'fax' })).toBe(false);
      const res = await post('sonim-2024', { method: 'fax' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['method']);
    });

    it('a field the document does not define is a 400 (additionalProperties: false)', async () => {
      expect(contract.body(route)({ method: 'full-set', sendNow: true })).toBe(false);
      const res = await post('sonim-2024', { method: 'full-set', sendNow: true });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
    });

    it('an override reason shorter than the documented minimum is a 400 naming the check', async () => {
      const body = { method: 'notice-only', overrides: { 'notice-40-days': 'ok' } };
      expect(contract.body(route)(body)).toBe(false);
      const res = await post('sonim-2024', body);
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['overrides.notice-40-days']);
    });

    it('a meeting id outside the documented pattern is a 400 naming it', async () => {
      expect(contract.parameter(route, 'meetingId')('Sonim_2024')).toBe(false);
      expect(contract.parameter(route, 'meetingId')('sonim-2024')).toBe(true);
      const res = await post('Sonim_2024', { method: 'full-set' });
      expect(res.status).toBe(400);
      expect(fields(res.body)).toEqual(['meetingId']);
    });
  });
});

describe('GET /openapi.json (functions/openapi)', () => {
  it('answers the document as JSON', async () => {
    const res = await openapi(apiEvent('GET /openapi.json'), context('openapi'));
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toContain('application/json');
    expect(JSON.parse(res.body ?? '')).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
