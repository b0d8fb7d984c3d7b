import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parse } from 'csv-parse/sync';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { startLocalQueue, type LocalQueue } from '../../cli/local/queue.js';
import { startLocalDistributions, startLocalFulfilment } from '../../cli/local/workers.js';
import { loadWorker } from '../../cli/local/handlers.js';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { loadHandlers } from '../../cli/local/handlers.js';
import { lambdaContext, type Handlers } from '../../cli/local/http-server.js';
import type { HolderDeps as HolderAdapters } from '../../shared/composition/root.js';
import { testRoot } from '../harness/platform.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { uploadMaterial } from '../../shared/adapters/s3/materials.js';
import { SqsJobQueue } from '../../shared/adapters/sqs/jobs.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import {
  NOMINEE_COLUMNS,
  NOMINEE_REQUIRED,
  REGISTERED_COLUMNS,
  REGISTERED_REQUIRED,
} from '../../shared/domain/holders/schema.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import type { DistributionRun } from '../../shared/domain/distribution/model.js';
import { PIECE_HEADER } from '../../shared/adapters/ses/mailer.js';
import type { Config } from '../../shared/config.js';

const seedFile = () =>
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

/** The control-number secret (hex), in the platform's config. */
const SECRET = '5d'.repeat(32);

/**
 * The AWS path, locally: POST /meetings/{id}/distributions (the distributions function) queues a
 * plan job; the worker (the distribution-worker function, invoked by the local queue as the SQS
 * event source would) plans, stores chunks in S3 and queues one send job per chunk.
 */
describe('distribution jobs through the API, the queue and the worker', () => {
  let p: TestPlatform;
  let queue: LocalQueue;
  let handlers: Handlers;
  let a: HolderAdapters;
  let meeting: Meeting;
  let jobsUrl: string;
  const log: string[] = [];
  let localConfig: Config;
  const HOLDERS = 130;
  const CHUNK = 20;

  const call = async (method: 'GET' | 'POST', body?: unknown) => {
    const path = `/meetings/${meeting.id}/distributions`;
    const event = {
      version: '2.0',
      routeKey: `${method} /meetings/{meetingId}/distributions`,
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      pathParameters: { meetingId: meeting.id },
      body: body === undefined ? undefined : JSON.stringify(body),
      isBase64Encoded: false,
      requestContext: { http: { method, path } },
    } as unknown as APIGatewayProxyEventV2;
    const res = await handlers.distributions(event, lambdaContext('distributions'));
    return { status: res.statusCode!, body: JSON.parse(res.body!) as Record<string, unknown> };
  };
  const runs = async () => (await call('GET')).body.runs as DistributionRun[];
  const until = async (what: () => Promise<boolean>, ms = 60_000) => {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const emailsByPiece = async () => {
    const byPiece = new Map<string, number>();
    for (const m of await p.sesStore()) {
      const id = m.headers?.find((h) => h.name === PIECE_HEADER)?.value;
      if (id) byPiece.set(id, (byPiece.get(id) ?? 0) + 1);
    }
    return byPiece;
  };
  const manifestRows = async (runId: string) => {
    const list = await p.clients.s3.send(
      new ListObjectsV2Command({ Bucket: p.config.materialsBucket, Prefix: `print/${meeting.id}/${runId}/manifest-` }),
    );
    const rows: Record<string, string>[] = [];
    for (const o of list.Contents ?? []) {
      const body = await (
        await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: o.Key! }))
      ).Body!.transformToString();
      rows.push(...(parse(body, { columns: true }) as Record<string, string>[]));
    }
    return { files: (list.Contents ?? []).length, rows };
  };

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    queue = await startLocalQueue();
    const dist = await startLocalDistributions(queue, { ...p.config, distributionChunkSize: CHUNK }, (line) =>
      log.push(line),
    );
    const local = await startLocalFulfilment(queue, dist.config, (line) => log.push(line));
    localConfig = local.config;
    jobsUrl = local.config.distributionQueueUrl!;
    handlers = await loadHandlers(local.config);
    a = await testRoot(p, SECRET).holders();
    ({ meeting } = await createMeeting(
      {
        meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName),
        now: () => '2026-11-30T00:00:00Z',
      },
      {
        ...seedFile(),
        id: 'jobs-2024',
        contacts: { ...(seedFile().contacts as object), email: 'proxy-requests@example.com' },
      },
    ));
    const now = () => '2026-11-30T12:00:00Z';
    const text = [
      ...generateRegisteredCsv({ rows: HOLDERS, totalShares: meeting.meeting.sharesOutstanding, seed: 8 }),
    ].join('\n');
    await importHolders(
      { ...a, now },
      {
        meeting,
        kind: 'registered',
        sourceId: 'gen',
        sourceName: 'gen.csv',
        records: readCsvRecords(Readable.from([text]), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
      },
    );
    const nominees =
      'nominee_name,dtc_participant,sets_requested,address_line1,city,state,postal_code\nCede & Co,15,40,570 Washington Blvd,Jersey City,NJ,07310\n';
    await importHolders(
      { ...a, now },
      {
        meeting,
        kind: 'nominee',
        sourceId: 'nom',
        sourceName: 'nom.csv',
        records: readCsvRecords(Readable.from([nominees]), { known: NOMINEE_COLUMNS, required: NOMINEE_REQUIRED }),
      },
    );
    await uploadMaterial(
      p.clients.s3,
      p.config.materialsBucket,
      meeting.id,
      'Proxy Statement.pdf',
      Buffer.from('%PDF-1.4 demo'),
    );
  });
  afterAll(async () => {
    await queue?.stop();
    await p?.stop();
  });

  it('rejects a bad body with 400 naming the field', async () => {
    const res = await call('POST', { method: 'everything' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('method');
    const override = await call('POST', { method: 'notice-only', overrides: { 'notice-40-days': '' } });
    expect(override.status).toBe(400);
    expect(JSON.stringify(override.body)).toContain('overrides');
  });

  it('refuses the seed in notice only with 422 and the 40-day reason, records it, queues nothing', async () => {
    const before = queue.sent.length;
    const res = await call('POST', { method: 'notice-only', asOf: '2024-06-05' });
    expect(res.status).toBe(422);
    expect(res.body.status).toBe('refused');
    const check = (res.body.schedule as { checks: { id: string; ok: boolean; message: string }[] }).checks.find(
      (c) => c.id === 'notice-40-days',
    )!;
    expect(check.ok).toBe(false);
    expect(check.message).toContain('2024-05-11'); // 40 days before 2024-06-20
    expect(queue.sent.length).toBe(before);
    expect((await runs()).find((r) => r.runId === 'notice-only')?.status).toBe('refused');
  });

  it('a dry run plans in the worker and records the figures, sending nothing', async () => {
    const res = await call('POST', { method: 'full-set', asOf: '2024-06-05', dryRun: true });
    expect(res.status).toBe(202);
    await until(async () => (await runs()).some((r) => r.runId === 'dry-run-full-set'));
    const dry = (await runs()).find((r) => r.runId === 'dry-run-full-set')!;
    expect(dry.status).toBe('planned');
    expect(dry.figures).toMatchObject({ holders: HOLDERS, proxyCards: HOLDERS, nominees: 1, nomineeSets: 40 });
    expect(await p.sesStore()).toEqual([]);
  });

  it('full set on 2024-06-05 fans out in chunks of 20 and completes: each email once, each mail piece in one manifest row', async () => {
    const res = await call('POST', { method: 'full-set', asOf: '2024-06-05' });
    expect(res.status).toBe(202);
    await until(async () => (await runs()).find((r) => r.runId === 'full-set')?.status === 'done');
    const run = (await runs()).find((r) => r.runId === 'full-set')!;
    const f = run.figures!;
    const emails = f.byChannelAndContent['email:full-set'];
    const mail = f.byChannelAndContent['mail:full-set'];
    // Chunks of 20: ceil(emails/20) email chunks and ceil(mail/20) manifest files.
    expect(run.chunks).toHaveLength(Math.ceil(emails / CHUNK) + Math.ceil(mail / CHUNK));
    expect(run.counts).toMatchObject({
      planned: f.pieces,
      sent: f.pieces,
      alreadySent: 0,
      inDoubt: 0,
      emails,
      mailPieces: mail,
    });
    const byPiece = await emailsByPiece();
    expect(byPiece.size).toBe(emails);
    expect([...byPiece.values()].every((n) => n === 1)).toBe(true);
    const { files, rows } = await manifestRows('full-set');
    expect(files).toBe(Math.ceil(mail / CHUNK));
    expect(rows).toHaveLength(mail);
    expect(new Set(rows.map((r) => r.piece_id)).size).toBe(mail);
    // Every account's proxy card went out exactly once, by email or in the mail.
    const cards = rows.flatMap((r) => (r.control_numbers ? r.control_numbers.split(' ') : [])).length + emails;
    expect(cards).toBe(HOLDERS);
  });

  it('a send job delivered twice at once (SQS is at least once) sends nothing again', async () => {
    const sends = queue.sent
      .map((b) => JSON.parse(b) as { kind: string; runId?: string; chunkId?: string })
      .filter((j) => j.kind === 'send' && j.runId === 'full-set');
    const emailJob = sends.find((j) => j.chunkId === 'email-00001')!;
    const mailJob = sends.find((j) => j.chunkId === 'mail-00001')!;
    const before = await emailsByPiece();
    const rowsBefore = await manifestRows('full-set');
    const jobs = new SqsJobQueue(
      new SQSClient({
        region: 'us-east-1',
        endpoint: queue.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      jobsUrl,
    );
    const handled = () => log.filter((l) => l.startsWith('distribution send job')).length;
    const done = handled();
    const from = log.length;
    for (const job of [emailJob, emailJob, mailJob, mailJob]) await jobs.send(job as never);
    // Two copies of a chunk at once: one waits on the other's lease (a failed receive), then finds it all sent.
    await until(async () => handled() === done + 4);
    const again = log
      .slice(from)
      .filter((l) => l.startsWith('distribution send job'))
      .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { counts: { sent: number } });
    expect(again).toHaveLength(4);
    expect(again.map((r) => r.counts.sent)).toEqual([0, 0, 0, 0]);
    expect(await emailsByPiece()).toEqual(before);
    expect(await manifestRows('full-set')).toEqual(rowsBefore);
    expect((await runs()).find((r) => r.runId === 'full-set')?.status).toBe('done');
  });

  it('a plan job delivered again re-plans the run, whose chunks all report again, sending nothing', async () => {
    const plan = queue.sent
      .map((b) => JSON.parse(b) as { kind: string; method?: string; dryRun?: boolean })
      .find((j) => j.kind === 'plan' && j.method === 'full-set' && !j.dryRun)!;
    const before = await emailsByPiece();
    const jobs = new SqsJobQueue(
      new SQSClient({
        region: 'us-east-1',
        endpoint: queue.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      jobsUrl,
    );
    const earlier = (await runs()).find((r) => r.runId === 'full-set')!;
    await jobs.send(plan as never);
    // Done again only once this plan's own chunks have reported (the earlier plan's results do not count).
    await until(async () => {
      const run = (await runs()).find((r) => r.runId === 'full-set')!;
      return run.status === 'done' && run.planId !== earlier.planId;
    });
    const run = (await runs()).find((r) => r.runId === 'full-set')!;
    expect(run.counts).toMatchObject({ planned: run.figures!.pieces, sent: 0, alreadySent: run.figures!.pieces });
    expect(run.startedAt).toBe(earlier.startedAt);
    expect(await emailsByPiece()).toEqual(before);
  });

  // The seed's statement gives no email address for copy requests (a full set needs none); this
  // copy of the meeting adds one, since a Notice must carry it (Rule 14a-16(d)(8)).
  it('notice only, overridden with a recorded reason, goes out through the same jobs', async () => {
    await p.clearSes();
    const reason = 'walkthrough of the notice path on the seed';
    const res = await call('POST', {
      method: 'notice-only',
      asOf: '2024-06-05',
      overrides: { 'notice-40-days': reason },
    });
    expect(res.status).toBe(202);
    await until(async () => (await runs()).find((r) => r.runId === 'notice-only')?.status === 'done');
    const run = (await runs()).find((r) => r.runId === 'notice-only')!;
    expect(run.checks.find((c) => c.id === 'notice-40-days')).toMatchObject({ ok: false, overriddenBecause: reason });
    const notices = run.figures!.byChannelAndContent['email:notice'];
    expect((await emailsByPiece()).size).toBe(notices);
    expect((await p.sesStore())[0]!.body.text).toContain(
      'IMPORTANT NOTICE REGARDING THE AVAILABILITY OF PROXY MATERIALS',
    );
    expect((await manifestRows('notice-only')).rows).toHaveLength(run.figures!.byChannelAndContent['mail:notice']);
  });

  it(
    'a permanent bounce marks the address undeliverable and mails the materials instead; a transient one is ' +
      'ignored; the next plan mails that holder',
    async () => {
      const bounced = (await p.sesStore()).find((m) => m.headers?.some((h) => h.name === PIECE_HEADER))!;
      const pieceId = bounced.headers!.find((h) => h.name === PIECE_HEADER)!.value;
      const address = bounced.destination.to[0]!;
      const event = (bounceType: string) => ({
        source: 'aws.ses',
        'detail-type': 'Email Bounced',
        detail: {
          eventType: 'Bounce',
          mail: { timestamp: '2024-06-06T16:00:00Z', tags: { meeting: [meeting.id], piece: [pieceId] } },
          bounce: { bounceType, bouncedRecipients: [{ emailAddress: address }], timestamp: '2024-06-06T16:05:00Z' },
        },
      });
      const handle = await loadWorker(localConfig, 'email-events');
      const ctx = lambdaContext('email-events');
      expect(await handle(event('Transient'), ctx)).toMatchObject({ outcome: 'ignored' });
      const out = (await handle(event('Permanent'), ctx)) as {
        outcome: string;
        accountId: string;
        paperRequestId: string;
      };
      expect(out.outcome).toBe('recorded');
      // The same event again: the same paper delivery, not a second one.
      expect(await handle(event('Permanent'), ctx)).toMatchObject({ paperRequestId: out.paperRequestId });
      const holder = await a.holders.getHolder(meeting.id, out.accountId);
      expect(holder?.emailUndeliverable).toMatchObject({ email: address, reason: 'bounce', on: '2024-06-06' });
      // The paper delivery: due three business days after Thursday 2024-06-06 09:05 in California (Fri 7, Mon 10, Tue 11).
      const records = new DynamoRequestRecords(p.clients.documents, p.config.tableName);
      let r = await records.get(meeting.id, out.paperRequestId);
      expect(r).toMatchObject({ kind: 'paper-copy', accountId: out.accountId, dueBy: '2024-06-11' });
      const deadline = Date.now() + 20_000;
      while (r?.status !== 'fulfilled' && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 100));
        r = await records.get(meeting.id, out.paperRequestId);
      }
      expect(r?.fulfilment).toMatch(/^print: print\/jobs-2024\/fulfilment\//);
      // A new dry run no longer emails that holder.
      const before = (await runs()).find((x) => x.runId === 'notice-only')!.figures!.byChannelAndContent[
        'email:notice'
      ];
      expect(
        (
          await call('POST', {
            method: 'notice-only',
            asOf: '2024-06-05',
            dryRun: true,
            overrides: { 'notice-40-days': 'rehearsal' },
          })
        ).status,
      ).toBe(202);
      await until(async () => (await runs()).some((x) => x.runId === 'dry-run-notice-only'));
      expect(
        (await runs()).find((x) => x.runId === 'dry-run-notice-only')!.figures!.byChannelAndContent['email:notice'],
      ).toBe(before - 1);
    },
  );
});
