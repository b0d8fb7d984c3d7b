import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { loadHandlers, loadWorker } from '../../cli/local/handlers.js';
import { startLocalQueue, type LocalQueue } from '../../cli/local/queue.js';
import { startLocalFulfilment } from '../../cli/local/workers.js';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { PIECE_HEADER } from '../../shared/adapters/ses/mailer.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import type { HolderDeps as HolderAdapters } from '../../shared/composition/root.js';
import { testRoot } from '../harness/platform.js';
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
  let queue: LocalQueue;
  const log: string[] = [];
  const tz = 'America/Los_Angeles';
  const today = Temporal.Now.plainDateISO(tz);

  const post = async (body: unknown, ip = '198.51.100.7') => {
    const path = `/meetings/${meeting.id}/requests`;
    const event = {
      version: '2.0',
      routeKey: 'POST /meetings/{meetingId}/requests',
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      pathParameters: { meetingId: meeting.id },
      body: JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path, sourceIp: ip } },
    } as unknown as APIGatewayProxyEventV2;
    const res = await handlers.requests(event, lambdaContext('requests'));
    return { status: res.statusCode!, body: JSON.parse(res.body!) as Record<string, unknown> };
  };

  // Everything the functions write to stdout (their structured logs and metrics), kept for the check at the end.
  const stdout: string[] = [];
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stdout.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    process.env.PROXYDESK_CONTROL_SECRET = '6e'.repeat(32);
    p = await startTestPlatform();
    queue = await startLocalQueue();
    const local = await startLocalFulfilment(queue, p.config, (line) => log.push(line));
    handlers = await loadHandlers(local.config);
    a = await testRoot(p, process.env.PROXYDESK_CONTROL_SECRET!).holders();
    const seed = JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Record<
      string,
      any
    >;
    const file = {
      ...seed,
      id: 'requests-now',
      meeting: {
        ...seed.meeting,
        date: today.add({ days: 30 }).toString(),
        recordDate: today.subtract({ days: 5 }).toString(),
        materialsReleaseDate: today.add({ days: 3 }).toString(),
      },
      priorMeetingDate: null,
    };
    ({ meeting } = await createMeeting(
      {
        meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName),
        now: () => new Date().toISOString(),
      },
      file,
    ));
    const text = [...generateRegisteredCsv({ rows: 10, totalShares: meeting.meeting.sharesOutstanding, seed: 3 })].join(
      '\n',
    );
    await importHolders(
      { ...a, now: () => new Date().toISOString() },
      {
        meeting,
        kind: 'registered',
        sourceId: 'gen',
        sourceName: 'gen.csv',
        records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
      },
    );
    const page = await a.holders.listHolders(meeting.id, { limit: 1 });
    controlNumber = a.controlNumbers.controlNumbers(meeting.id, [page.holders[0]!.controlSeq])[0]!;
  });
  afterAll(async () => {
    process.stdout.write = write;
    await queue?.stop();
    await p?.stop();
  });

  it('before the materials go out, a copy request is refused with the reason', async () => {
    const res = await post({ controlNumber, kind: 'paper-copy' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('have not been sent yet');
  });

  it('once they have, a paper copy is accepted with the day it must be sent by; the same request again is the same request', async () => {
    const sent = today.subtract({ days: 2 }).toString();
    await new DynamoPieceLedger(p.clients.documents, p.config.tableName).saveRun({
      meetingId: meeting.id,
      runId: 'full-set',
      method: 'full-set',
      sendDate: sent,
      status: 'done',
      checks: [],
      startedAt: new Date().toISOString(),
    });
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
    for (let i = 0; i < 5; i++)
      refusals.push(await post({ controlNumber: `00000000000${i}`, kind: 'paper-copy' }, '203.0.113.9'));
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    expect(new Set(refusals.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(JSON.stringify(refusals[0]!.body)).not.toContain('00000000000');
    const throttled = await post({ controlNumber, kind: 'paper-copy' }, '203.0.113.9');
    expect(throttled.status).toBe(429);
    // Another client is not throttled.
    expect((await post({ controlNumber, kind: 'separate-set' }, '198.51.100.8')).status).toBe(202);
  });

  it("the worker fulfils each kind once: the email copy in the local SES, paper and separate sets on the day's print file, elections and householding on the holder", async () => {
    const records = new DynamoRequestRecords(p.clients.documents, p.config.tableName);
    const fulfilled = async (id: string) => {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const r = await records.get(meeting.id, id);
        if (r?.status === 'fulfilled') return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`request ${id} not fulfilled; log: ${log.join('\n')}`);
    };
    await p.clearSes();
    const email = await post({ controlNumber, kind: 'email-copy', email: 'copy.please@example.com' });
    expect(email.status).toBe(202);
    const e = await fulfilled(email.body.requestId as string);
    expect(e.fulfilment).toMatch(/^email: /);
    const mail = await p.sesStore();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.destination.to).toEqual(['copy.please@example.com']);
    expect(mail[0]!.headers?.find((h) => h.name === PIECE_HEADER)?.value).toBe(`request-${email.body.requestId}`);
    expect(mail[0]!.body.text).toContain(`Your control number: ${controlNumber}`);

    // The paper request of the earlier test was fulfilled by now too; the separate set joins the same day's file.
    const separate = await post({ controlNumber, kind: 'separate-set' }, '198.51.100.8');
    const s = await fulfilled(separate.body.requestId as string);
    const file = /^print: (.+)#(\d+)$/.exec(s.fulfilment!)!;
    const body = await (
      await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: file[1]! }))
    ).Body!.transformToString();
    const rows = parse(body, { columns: true }) as Record<string, string>[];
    const paper = (await records.list(meeting.id)).filter((r) => r.kind === 'paper-copy' || r.kind === 'separate-set');
    expect(rows.map((r) => r.piece_id).sort()).toEqual(paper.map((r) => r.requestId).sort());
    for (const row of rows) {
      expect(row.control_numbers).toBe(controlNumber);
      expect(row.mail_by).toBe(paper.find((r) => r.requestId === row.piece_id)!.dueBy);
    }
    // A repeated separate-set request is the same request: the file does not grow.
    await post({ controlNumber, kind: 'separate-set' }, '198.51.100.8');
    await new Promise((res) => setTimeout(res, 500));
    const again = parse(
      await (
        await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: file[1]! }))
      ).Body!.transformToString(),
      { columns: true },
    );
    expect(again).toHaveLength(rows.length);
    expect(await p.sesStore()).toHaveLength(1);

    const election = await post({
      controlNumber,
      kind: 'permanent-election',
      election: 'email',
      email: 'forever@example.com',
    });
    await fulfilled(election.body.requestId as string);
    const optOut = await post({ controlNumber, kind: 'householding-opt-out' });
    const o = await fulfilled(optOut.body.requestId as string);
    const holder = (await a.holders.listHolders(meeting.id, { limit: 1 })).holders[0]!;
    expect(holder.electedByRequest).toMatchObject({ election: 'email', email: 'forever@example.com' });
    expect(holder.householding?.revokedOn).toBe(o.countsFrom);
  });

  it('the scheduled check counts a request past its due day and one due within a business day, not fulfilled ones', async () => {
    const store = new DynamoRequestRecords(p.clients.documents, p.config.tableName);
    const base = {
      meetingId: meeting.id,
      kind: 'paper-copy' as const,
      accountId: 'TA-X',
      receivedAt: new Date().toISOString(),
      countsFrom: today.toString(),
      basis: 'test',
      status: 'received' as const,
    };
    await store.create({ ...base, requestId: 'a'.repeat(32), dueBy: today.subtract({ days: 1 }).toString() });
    await store.create({ ...base, requestId: 'b'.repeat(32), dueBy: today.toString() });
    await store.create({
      ...base,
      requestId: 'c'.repeat(32),
      dueBy: today.subtract({ days: 3 }).toString(),
      status: 'fulfilled',
    });
    const check = await loadWorker(p.config, 'requests-check');
    const out = (await check(
      { source: 'aws.events', 'detail-type': 'Scheduled Event' },
      lambdaContext('requests-check'),
    )) as { overdue: number; dueWithinOneBusinessDay: number; attention: { requestId: string }[] };
    expect(out.overdue).toBe(1);
    expect(out.attention.map((a) => a.requestId)).toEqual(expect.arrayContaining(['a'.repeat(32), 'b'.repeat(32)]));
    expect(out.attention.map((a) => a.requestId)).not.toContain('c'.repeat(32));
    expect(out.dueWithinOneBusinessDay).toBeGreaterThanOrEqual(1);
  });

  it('property: the HTTP intake answers any body with a named 4xx, never a 500 (fast-check, 100 bodies from as many clients)', async () => {
    const { default: fc } = await import('fast-check');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom('controlNumber', 'kind', 'email', 'election', 'x'),
            fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.jsonValue()),
          ),
        ),
        async (body) => {
          const res = await post(body, `198.18.${Math.floor(n / 250)}.${n++ % 250}`);
          expect([202, 400, 403]).toContain(res.status);
          if (res.status !== 202) expect((res.body as { error: { code: string } }).error.code).toMatch(/^[A-Z_]+$/);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the logs carry no control number, email address or street line', async () => {
    const logs = stdout.join('');
    expect(logs).toContain('"service":"requests-worker"'); // the functions did log here
    const holder = (await a.holders.listHolders(meeting.id, { limit: 1 })).holders[0]!;
    for (const secret of [controlNumber, 'copy.please@example.com', 'forever@example.com', holder.address.lines[0]!])
      expect(logs).not.toContain(secret);
    // No holder's control number at all.
    const all = (await a.holders.listHolders(meeting.id, { limit: 100 })).holders;
    for (const n of a.controlNumbers.controlNumbers(
      meeting.id,
      all.map((h) => h.controlSeq),
    ))
      expect(logs).not.toContain(n);
  });
});
