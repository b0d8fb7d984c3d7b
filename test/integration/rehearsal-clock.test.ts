import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startTestPlatform, testRoot, type TestPlatform } from '../harness/platform.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import { startLocalImports } from '../../cli/local/imports.js';
import { startLocalDistributions, startLocalFulfilment } from '../../cli/local/workers.js';
import { uploadMaterial } from '../../shared/adapters/s3/materials.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import type { DistributionRun } from '../../shared/domain/distribution/model.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

/**
 * PROXYDESK_NOW rehearses every capability with one clock: an import, a distribution and a request,
 * all through the Lambda handlers the local runtime loads, carry the rehearsed instant.
 *
 * The rehearsed instant: Wednesday 5 June 2024, 16:30 in Los Angeles (PDT, UTC−7) = 23:30Z — the
 * seed meeting's materials release day, before its 17:00 close of business.
 *  - the import's run starts and finishes at 2024-06-05T23:30:00.000Z;
 *  - a distribution asked for without a date sends on that day in the issuer's zone, 2024-06-05,
 *    and its run starts at the instant;
 *  - a paper-copy request is received at the instant; it counts from Wednesday 5 June (before close
 *    of business, a business day) and is due three business days later (Rule 14a-16(j)(3)):
 *    Thu 6, Fri 7, Mon 10 June → 2024-06-10.
 */
const NOW = '2024-06-05T16:30:00-07:00';
const INSTANT = '2024-06-05T23:30:00.000Z';
const SECRET = '9a'.repeat(32);

describe('one rehearsal clock (PROXYDESK_NOW) across import, distribution and requests', () => {
  let p: TestPlatform;
  let handlers: Handlers;
  let meeting: Meeting;
  let stopQueue: () => Promise<void>;
  const log: string[] = [];

  const call = async (routeKey: string, path: string, body?: unknown) => {
    const event = {
      version: '2.0',
      routeKey,
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      pathParameters: { meetingId: meeting.id },
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { http: { method: routeKey.split(' ')[0], path, sourceIp: '198.51.100.9' } },
    } as unknown as APIGatewayProxyEventV2;
    const name = path.endsWith('/requests') ? 'requests' : 'distributions';
    const res = await handlers[name](event, lambdaContext(name));
    return { status: res.statusCode!, body: JSON.parse(res.body!) as Record<string, unknown> };
  };
  const until = async (what: () => Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error(`timed out waiting; log: ${log.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    p = await startTestPlatform({ fixedNow: NOW, controlSecret: SECRET });
    const imports = await startLocalImports(p.servers, p.config, (line) => log.push(line));
    stopQueue = () => imports.queue.stop();
    const dist = await startLocalDistributions(imports.queue, imports.config, (line) => log.push(line));
    const local = await startLocalFulfilment(imports.queue, dist.config, (line) => log.push(line));
    handlers = await loadHandlers(local.config);
    const seed = JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Record<
      string,
      unknown
    >;
    // The meeting's own createdAt is the real time here (written directly, not under test).
    ({ meeting } = await createMeeting(
      { meetings: testRoot(p, SECRET).meetings(), now: () => new Date().toISOString() },
      { ...seed, id: 'rehearsal-clock' },
    ));
    await uploadMaterial(
      p.clients.s3,
      p.config.materialsBucket,
      meeting.id,
      'Proxy Statement.pdf',
      Buffer.from('%PDF'),
    );
  });
  afterAll(async () => {
    await stopQueue?.();
    await p?.stop();
  });

  it("an upload's import runs at the rehearsed instant", async () => {
    const rows = [...generateRegisteredCsv({ rows: 12, totalShares: meeting.meeting.sharesOutstanding, seed: 5 })];
    const key = `imports/${meeting.id}/registered/list.csv`;
    await p.clients.s3.send(
      new PutObjectCommand({ Bucket: p.config.importsBucket, Key: key, Body: `${rows.join('\n')}\n` }),
    );
    await until(async () => log.some((l) => l.startsWith(`holder import ${key}: done`)));
    const h = await testRoot(p, SECRET).holders();
    const page = await h.holders.listHolders(meeting.id, { limit: 1 });
    expect(page.holders.length).toBe(1);
    const run = await h.holders.getRun(meeting.id, 'registered', page.holders[0]!.source.id);
    expect(run?.startedAt).toBe(INSTANT);
    expect(run?.finishedAt).toBe(INSTANT);
  });

  it('a distribution asked for without a date sends on the rehearsed day, its run started at the instant', async () => {
    const res = await call('POST /meetings/{meetingId}/distributions', `/meetings/${meeting.id}/distributions`, {
      method: 'full-set',
    });
    expect(res.status).toBe(202);
    expect(res.body.sendDate).toBe('2024-06-05');
    const runs = async () =>
      (await call('GET /meetings/{meetingId}/distributions', `/meetings/${meeting.id}/distributions`)).body
        .runs as DistributionRun[];
    await until(async () => (await runs()).find((r) => r.runId === 'full-set')?.status === 'done');
    const run = (await runs()).find((r) => r.runId === 'full-set')!;
    expect(run.sendDate).toBe('2024-06-05');
    expect(run.startedAt).toBe(INSTANT);
    expect(run.finishedAt).toBe(INSTANT);
  });

  it('a request is received at the rehearsed instant and due three business days after it counts', async () => {
    const h = await testRoot(p, SECRET).holders();
    const page = await h.holders.listHolders(meeting.id, { limit: 1 });
    const controlNumber = h.controlNumbers.controlNumbers(meeting.id, [page.holders[0]!.controlSeq])[0]!;
    const res = await call('POST /meetings/{meetingId}/requests', `/meetings/${meeting.id}/requests`, {
      controlNumber,
      kind: 'paper-copy',
    });
    expect(res.status).toBe(202);
    expect(res.body.receivedAt).toBe(INSTANT);
    expect(res.body.dueBy).toBe('2024-06-10');
  });
});
