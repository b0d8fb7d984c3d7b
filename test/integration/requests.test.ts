import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import { holderAdapters, type HolderAdapters } from '../../shared/adapters/holders.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { DynamoPieceLedger } from '../../shared/adapters/dynamodb/piece-ledger.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../../shared/domain/holders/schema.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import { addBusinessDays, effectiveReceiptDate } from '../../shared/domain/calendar/business-days.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

/**
 * POST /meetings/{id}/requests through the requests function against dynalite: a meeting dated
 * around today (the handler reads the real clock), so its request window is open.
 */
describe('stockholder requests through the API', () => {
  let p: TestPlatform;
  let handlers: Handlers;
  let a: HolderAdapters;
  let meeting: Meeting;
  let controlNumber: string;
  const tz = 'America/Los_Angeles';
  const today = Temporal.Now.plainDateISO(tz);

  const post = async (body: unknown, ip = '198.51.100.7') => {
    const path = `/meetings/${meeting.id}/requests`;
    const event = {
      version: '2.0', routeKey: 'POST /meetings/{meetingId}/requests', rawPath: path, rawQueryString: '', headers: { 'content-type': 'application/json' },
      pathParameters: { meetingId: meeting.id }, body: JSON.stringify(body), isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path, sourceIp: ip } },
    } as unknown as APIGatewayProxyEventV2;
    const res = await handlers.requests(event, lambdaContext('requests'));
    return { status: res.statusCode!, body: JSON.parse(res.body!) as Record<string, unknown> };
  };

  beforeAll(async () => {
    process.env.PROXYDESK_CONTROL_SECRET = '6e'.repeat(32);
    p = await startTestPlatform();
    handlers = await loadHandlers(p.config);
    a = await holderAdapters(p.clients, p.config);
    const seed = JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Record<string, any>;
    const file = {
      ...seed,
      id: 'requests-now',
      meeting: { ...seed.meeting, date: today.add({ days: 30 }).toString(), recordDate: today.subtract({ days: 5 }).toString(), materialsReleaseDate: today.subtract({ days: 2 }).toString() },
      priorMeetingDate: null,
    };
    ({ meeting } = await createMeeting({ meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName), now: () => new Date().toISOString() }, file));
    const text = [...generateRegisteredCsv({ rows: 10, totalShares: meeting.meeting.sharesOutstanding, seed: 3 })].join('\n');
    await importHolders({ ...a, now: () => new Date().toISOString() }, { meeting, kind: 'registered', sourceId: 'gen', sourceName: 'gen.csv', records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }) });
    const page = await a.holders.listHolders(meeting.id, { limit: 1 });
    controlNumber = a.controlNumbers.controlNumbers(meeting.id, [page.holders[0]!.controlSeq])[0]!;
  });
  afterAll(async () => p?.stop());

  it('before the materials go out, a copy request is refused with the reason', async () => {
    const res = await post({ controlNumber, kind: 'paper-copy' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('have not been sent yet');
  });

  it('once they have, a paper copy is accepted with the day it must be sent by; the same request again is the same request', async () => {
    const sent = today.subtract({ days: 2 }).toString();
    await new DynamoPieceLedger(p.clients.documents, p.config.tableName).saveRun({ meetingId: meeting.id, runId: 'full-set', method: 'full-set', sendDate: sent, status: 'done', checks: [], startedAt: new Date().toISOString() });
    const before = Temporal.Now.instant();
    const res = await post({ controlNumber, kind: 'paper-copy' });
    expect(res.status).toBe(202);
    // Three business days from the day it counts from (the next business day after close of business or on a holiday).
    const counts = effectiveReceiptDate(before, tz, Temporal.PlainTime.from('17:00')).date;
    expect(res.body.dueBy).toBe(addBusinessDays(counts, 3).toString());
    const again = await post({ controlNumber: controlNumber.replace(/(\d{4})(?=\d)/g, '$1 '), kind: 'paper-copy' });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ requestId: res.body.requestId, duplicate: true });
  });

  it('a bad body names the field; a wrong number is "not accepted" (403), the same for every wrong number, and five of them throttle the client (429)', async () => {
    const bad = await post({ controlNumber, kind: 'email-copy' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('email');
    const refusals = [];
    for (let i = 0; i < 5; i++) refusals.push(await post({ controlNumber: `00000000000${i}`, kind: 'paper-copy' }, '203.0.113.9'));
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(new Set(refusals.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(JSON.stringify(refusals[0]!.body)).not.toContain('00000000000');
    const throttled = await post({ controlNumber, kind: 'paper-copy' }, '203.0.113.9');
    expect(throttled.status).toBe(429);
    // Another client is not throttled.
    expect((await post({ controlNumber, kind: 'separate-set' }, '198.51.100.8')).status).toBe(202);
  });
});
