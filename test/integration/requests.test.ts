import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { seedVotingMeeting } from '../harness/voting-meeting.js';
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
import { DynamoPieceLedger } from '../../shared/adapters/dynamodb/piece-ledger.js';
import { REQUEST_KINDS } from '../../shared/domain/requests/schema.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import type { Config } from '../../shared/config.js';

/**
 * POST /meetings/{id}/requests through the requests function against dynalite, the functions run
 * with a fixed clock (PROXYDESK_NOW, config `fixedNow`): Friday 14 June 2024 at 17:30 in California,
 * after the issuer's 17:00 close of business. The meeting is the seed's (Sonim, America/Los_Angeles,
 * meeting Thursday 20 June 2024), its materials first sent on Monday 10 June.
 * Calendar used below: June 2024, Mon 10 … Fri 14, Sat 15, Sun 16, Mon 17, Tue 18, Wed 19
 * (Juneteenth, a federal holiday), Thu 20, Fri 21, Sat 22, Sun 23, Mon 24, Tue 25.
 */
const NOW = '2024-06-14T17:30:00-07:00';

/** The control-number secret (hex), in the platform's config. */
const SECRET = '6e'.repeat(32);

describe('stockholder requests through the API', () => {
  let p: TestPlatform;
  let handlers: Handlers;
  let a: HolderAdapters;
  let meeting: Meeting;
  let controlNumber: string;
  let queue: LocalQueue;
  let config: Config;
  const log: string[] = [];
  let numbers: string[] = [];

  const post = async (body: unknown, ip = '198.51.100.7', via: Handlers = handlers) => {
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
    const res = await via.requests(event, lambdaContext('requests'));
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
    p = await startTestPlatform({ controlSecret: SECRET });
    queue = await startLocalQueue();
    const local = await startLocalFulfilment(queue, { ...p.config, fixedNow: NOW }, (line) => log.push(line));
    handlers = await loadHandlers(local.config);
    config = local.config;
    a = await testRoot(p, SECRET).holders();
    // Released (per the file) on Monday 17 June, after NOW: until a distribution runs, nothing has gone out.
    ({ meeting, numbers } = await seedVotingMeeting(p, SECRET, {
      id: 'requests-fixed',
      rows: 10,
      seed: 3,
      edit: (file) => ({ ...file, meeting: { ...file.meeting, materialsReleaseDate: '2024-06-17' } }),
    }));
    controlNumber = numbers[0]!;
  });
  afterAll(async () => {
    process.stdout.write = write;
    await queue?.stop();
    await p?.stop();
  });

  it('before the materials go out (Friday 14 June; the file says Monday 17), a copy request is refused with the reason', async () => {
    const res = await post({ controlNumber, kind: 'paper-copy' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('have not been sent yet');
  });

  it('once they have, a paper copy is accepted with the day it must be sent by; the same request again is the same request', async () => {
    const sent = '2024-06-10';
    await new DynamoPieceLedger(p.clients.documents, p.config.tableName).saveRun({
      meetingId: meeting.id,
      runId: 'full-set',
      method: 'full-set',
      sendDate: sent,
      status: 'done',
      checks: [],
      startedAt: '2024-06-10T08:00:00-07:00',
    });
    const res = await post({ controlNumber, kind: 'paper-copy' });
    expect(res.status).toBe(202);
    // Received Friday 14 June 17:30 PDT, after 17:00: it counts from the next business day, Monday 17.
    // Three business days: Tuesday 18 (1), Wednesday 19 is Juneteenth, Thursday 20 (2), Friday 21 (3).
    expect(res.body).toMatchObject({ kind: 'paper-copy', receivedAt: '2024-06-15T00:30:00.000Z', dueBy: '2024-06-21' });
    const again = await post({ controlNumber: controlNumber.replace(/(\d{4})(?=\d)/g, '$1 '), kind: 'paper-copy' });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ requestId: res.body.requestId, duplicate: true });
  });

  it('a bad body names the field; a wrong number is "not accepted" (403), the same for each; five throttle the client (429)', async () => {
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

  it('the worker fulfils each kind once: the email copy in the local SES, paper and separate sets on the print file, elections on the holder', async () => {
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

  it("a paper copy is due three business days from the day it counts from, in the issuer's time zone, at each of these instants", async () => {
    // Each instant: the request functions built afresh over a root on that fixed clock.
    const cases: [instant: string, dueBy: string][] = [
      // Friday 14 June 16:30 PDT, before 17:00: counts from Friday 14; Mon 17 (1), Tue 18 (2), Wed 19 Juneteenth, Thu 20 (3).
      ['2024-06-14T16:30:00-07:00', '2024-06-20'],
      // Saturday 15 June 10:00 PDT, a weekend: counts from Monday 17; Tue 18 (1), Thu 20 (2), Fri 21 (3).
      ['2024-06-15T10:00:00-07:00', '2024-06-21'],
      // Wednesday 19 June 09:00 PDT, Juneteenth: counts from Thursday 20; Fri 21 (1), Mon 24 (2), Tue 25 (3).
      ['2024-06-19T09:00:00-07:00', '2024-06-25'],
      // 19:59 in New York on Tuesday 11 June is 16:59 PDT, before 17:00 in California: counts from Tuesday 11;
      // Wed 12 (1), Thu 13 (2), Fri 14 (3).
      ['2024-06-11T19:59:00-04:00', '2024-06-14'],
      // 00:01 UTC on Wednesday 12 June is 17:01 PDT on Tuesday 11, after 17:00: counts from Wednesday 12;
      // Thu 13 (1), Fri 14 (2), Mon 17 (3).
      ['2024-06-12T00:01:00Z', '2024-06-17'],
    ];
    for (const [i, [instant, dueBy]] of cases.entries()) {
      const at = await loadHandlers({ ...config, fixedNow: instant });
      const res = await post({ controlNumber: numbers[i + 1], kind: 'paper-copy' }, '198.51.100.20', at);
      expect({ instant, status: res.status, dueBy: res.body.dueBy }).toEqual({ instant, status: 202, dueBy });
    }
  });

  it('the scheduled check counts a request past its due day and one due within a business day, not fulfilled ones', async () => {
    const store = new DynamoRequestRecords(p.clients.documents, p.config.tableName);
    const base = {
      meetingId: meeting.id,
      kind: 'paper-copy' as const,
      accountId: 'TA-X',
      receivedAt: '2024-06-10T16:00:00Z',
      countsFrom: '2024-06-10',
      basis: 'test',
      status: 'received' as const,
    };
    // The check runs at NOW: Friday 14 June in California; the next business day is Monday 17.
    await store.create({ ...base, requestId: 'a'.repeat(32), dueBy: '2024-06-13' }); // Thursday: overdue
    await store.create({ ...base, requestId: 'b'.repeat(32), dueBy: '2024-06-14' }); // today: due within one business day
    await store.create({ ...base, requestId: 'd'.repeat(32), dueBy: '2024-06-17' }); // Monday: the next business day
    await store.create({ ...base, requestId: 'e'.repeat(32), dueBy: '2024-06-18' }); // Tuesday: on time, not flagged
    await store.create({ ...base, requestId: 'c'.repeat(32), dueBy: '2024-06-11', status: 'fulfilled' }); // done
    const check = await loadWorker({ ...p.config, fixedNow: NOW }, 'requests-check');
    const out = (await check(
      { source: 'aws.events', 'detail-type': 'Scheduled Event' },
      lambdaContext('requests-check'),
    )) as { attention: { requestId: string; urgency: string; dueBy: string }[] };
    const mine = out.attention
      .filter((r) => /^([abcde])\1{31}$/.test(r.requestId))
      .map(({ requestId, urgency, dueBy }) => ({ requestId, urgency, dueBy }))
      .sort((x, y) => x.requestId.localeCompare(y.requestId));
    expect(mine).toEqual([
      { requestId: 'a'.repeat(32), urgency: 'overdue', dueBy: '2024-06-13' },
      { requestId: 'b'.repeat(32), urgency: 'due-within-one-business-day', dueBy: '2024-06-14' },
      { requestId: 'd'.repeat(32), urgency: 'due-within-one-business-day', dueBy: '2024-06-17' },
    ]);
  });

  it('property: a random body or a wrong number gets a named 4xx; only a real number and a valid kind get 202 (120 bodies, as many clients)', async () => {
    let n = 0;
    const client = () => `198.18.${Math.floor(n / 250)}.${n++ % 250}`;
    // A valid kind with what it needs (an email copy an address; a permanent election its choice).
    const validKind = fc.constantFrom(
      { kind: 'paper-copy' },
      { kind: 'separate-set' },
      { kind: 'householding-opt-in' },
      { kind: 'householding-opt-out' },
      { kind: 'email-copy', email: 'prop.copy@example.com' },
      { kind: 'permanent-election', election: 'paper' },
      { kind: 'permanent-election', election: 'email', email: 'prop.elect@example.com' },
    );
    // As a holder types it from the card: plain, in groups of four, or with dashes.
    const written = (cn: string) =>
      fc.constantFrom(cn, cn.replace(/(\d{4})(?=\d)/g, '$1 '), cn.replace(/(\d{4})(?=\d)/g, '$1-'));
    type Case = { expect: 202 | 400 | 403; field?: string; body: unknown };
    const cases: fc.Arbitrary<Case> = fc.oneof(
      // A real control number and a valid kind: accepted.
      fc
        .tuple(fc.constantFrom(...numbers).chain(written), validKind)
        .map(([controlNumber, k]) => ({ expect: 202 as const, body: { controlNumber, ...k } })),
      // Twelve digits that are no holder's number for this meeting: "not accepted".
      fc
        .tuple(fc.stringMatching(/^\d{12}$/), validKind)
        .filter(([cn]) => !numbers.includes(cn))
        .map(([controlNumber, k]) => ({ expect: 403 as const, body: { controlNumber, ...k } })),
      // A real control number with a kind that is not one: the kind is named.
      fc
        .tuple(
          fc.constantFrom(...numbers),
          fc.string().filter((k) => !(REQUEST_KINDS as readonly string[]).includes(k)),
        )
        .map(([controlNumber, kind]) => ({ expect: 400 as const, field: 'kind', body: { controlNumber, kind } })),
      // A real control number, an email copy with no address: the email is named.
      fc.constantFrom(...numbers).map((controlNumber) => ({
        expect: 400 as const,
        field: 'email',
        body: { controlNumber, kind: 'email-copy' },
      })),
      // Anything else: JSON values and objects of the body's field names holding junk (never a 12-digit string).
      fc
        .oneof(
          fc.jsonValue(),
          fc.dictionary(
            fc.constantFrom('controlNumber', 'kind', 'email', 'election', 'x'),
            fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.jsonValue()),
          ),
        )
        .map((body) => ({ expect: 400 as const, body })),
    );
    // At NOW every request counts from Monday 17 June. Copies and separate sets: three business days,
    // Tue 18, Thu 20 (Wed 19 Juneteenth), Fri 21. A householding revocation: 30 days, Wednesday 17 July.
    // Elections and consents have no due day.
    const dueByKind: Record<string, string | undefined> = {
      'paper-copy': '2024-06-21',
      'email-copy': '2024-06-21',
      'separate-set': '2024-06-21',
      'householding-opt-out': '2024-07-17',
    };
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const res = await post(c.body, client());
        const error = res.body.error as { code: string; message: string; issues: { field: string }[] } | undefined;
        expect(res.status).toBe(c.expect);
        if (c.expect === 202) {
          const kind = (c.body as { kind: string }).kind;
          expect(res.body.kind).toBe(kind);
          // A repeat (the same holder, kind and counting day as an earlier request) answers with the stored one.
          if (!res.body.duplicate) expect(res.body.receivedAt).toBe('2024-06-15T00:30:00.000Z');
          expect(res.body.dueBy).toBe(dueByKind[kind]);
        } else if (c.expect === 403) {
          expect(error).toMatchObject({ code: 'NOT_ACCEPTED', issues: [] });
          expect(error!.message).not.toContain((c.body as { controlNumber: string }).controlNumber);
        } else {
          expect(error!.code).toBe('INVALID_INPUT');
          expect(error!.issues.length).toBeGreaterThan(0);
          if (c.field) expect(error!.issues.map((i) => i.field)).toContain(c.field);
        }
      }),
      { numRuns: 120 },
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
