import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { configToEnv } from '../../shared/config.js';
import { sqsEvent } from '../../cli/local/sqs-event.js';
import { DynamoMeetingRepository } from '../../shared/adapters/dynamodb/meeting-repository.js';
import { createMeeting } from '../../shared/domain/meetings/use-cases.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import { startLocalQueue, type LocalQueue } from '../../cli/local/queue.js';
import { lambdaContext } from '../../cli/local/http-server.js';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import type * as HoldersImportFunction from '../../functions/holders-import/handler.js';

const demo = () =>
  JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

/** The control-number secret (hex), in the platform's config. */
const SECRET = '7a'.repeat(32);

describe('the holders-import Lambda (S3 upload events, SQS continuations)', () => {
  let p: TestPlatform;
  let queue: LocalQueue;
  let handler: typeof HoldersImportFunction.handler;
  const s3Event = (bucket: string, key: string) => ({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/') } },
      },
    ],
  });
  /** A context with little time left: the import pauses after each chunk and queues the rest. */
  const shortOfTime = () => ({ ...lambdaContext('holders-import'), getRemainingTimeInMillis: () => 10_000 });
  const plentyOfTime = () => ({ ...lambdaContext('holders-import'), getRemainingTimeInMillis: () => 900_000 });

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    queue = await startLocalQueue();
    Object.assign(
      process.env,
      configToEnv({
        ...p.config,
        importQueueUrl: queue.queueUrl,
        endpoints: { ...p.config.endpoints, sqs: queue.endpoint },
      }),
    );
    ({ handler } = await import('../../functions/holders-import/handler.js'));
    await createMeeting(
      {
        meetings: new DynamoMeetingRepository(p.clients.documents, p.config.tableName),
        now: () => '2026-11-25T00:00:00Z',
      },
      demo(),
    );
  });
  afterAll(async () => {
    await queue?.stop();
    await p?.stop();
  });

  const upload = (key: string, body: string) =>
    p.clients.s3.send(new PutObjectCommand({ Bucket: p.config.importsBucket, Key: key, Body: body }));
  const report = async (key: string) =>
    JSON.parse(
      await (
        await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.importsBucket, Key: `reports/${key}.json` }))
      ).Body!.transformToString(),
    );

  it('an upload is imported and its report lands beside it', async () => {
    const key = 'imports/sonim-2024/registered/holders 2024.csv';
    await upload(key, [...generateRegisteredCsv({ rows: 150, totalShares: 46_717_887, seed: 11 })].join('\n'));
    const out = await handler(s3Event(p.config.importsBucket, key), plentyOfTime());
    expect(out.results).toEqual([{ key, status: 'done' }]);
    const r = await report(key);
    expect(r.counts).toMatchObject({ rowsRead: 150, rowsImported: 150, rowsRejected: 0 });
    expect(r.reconciliation.status).toBe('balanced');
  });

  it('a file too long for one invocation continues through the queue from its checkpoint', async () => {
    const key = 'imports/sonim-2024/registered/long.csv';
    await upload(key, [...generateRegisteredCsv({ rows: 2500, totalShares: 46_717_887, seed: 12 })].join('\n'));
    const first = await handler(s3Event(p.config.importsBucket, key), shortOfTime());
    expect(first.results[0]?.status).toBe('paused');
    let steps = 1;
    let last = first;
    while (last.results[0]?.status === 'paused') {
      const message = queue.sent.at(-1)!;
      expect(JSON.parse(message)).toMatchObject({ key, attempt: steps });
      last = await handler(sqsEvent(message), shortOfTime());
      steps++;
    }
    expect(last.results[0]?.status).toBe('done');
    expect(steps).toBe(3); // chunks of 1,000: 1,000 + 1,000 + 500 rows
    const r = await report(key);
    expect(r.resumed).toBe(true);
    expect(r.counts).toMatchObject({ rowsRead: 2500, rowsImported: 2500, rowsRejected: 0 });
  });

  it('a key outside imports/<meeting>/<kind>/ is ignored, an unknown meeting fails loudly', async () => {
    await upload('elsewhere/x.csv', 'a,b\n');
    expect((await handler(s3Event(p.config.importsBucket, 'elsewhere/x.csv'), plentyOfTime())).results[0]?.status).toBe(
      'ignored',
    );
    await upload('imports/nope-2099/registered/x.csv', 'account_id\n');
    await expect(
      handler(s3Event(p.config.importsBucket, 'imports/nope-2099/registered/x.csv'), plentyOfTime()),
    ).rejects.toThrow(/no meeting/);
  });

  it("a folder's columns.json maps a transfer agent's headers; a file missing a column is refused with a report, not retried", async () => {
    const meetings = new DynamoMeetingRepository(p.clients.documents, p.config.tableName);
    await createMeeting({ meetings, now: () => '2026-11-25T00:00:00Z' }, { ...demo(), id: 'cols-2024' });
    const folder = 'imports/cols-2024/registered';
    await upload(
      `${folder}/columns.json`,
      JSON.stringify({
        'Acct No': 'account_id',
        'Holder Name': 'name',
        Street: 'address_line1',
        Town: 'city',
        St: 'state',
        Zip: 'postal_code',
        Qty: 'shares',
      }),
    );
    await upload(
      `${folder}/ta.csv`,
      'Acct No,Holder Name,Street,Town,St,Zip,Qty\nX-1,"Lee, Ann",1 Main St,Austin,TX,78701,10\n',
    );
    expect((await handler(s3Event(p.config.importsBucket, `${folder}/ta.csv`), plentyOfTime())).results).toEqual([
      { key: `${folder}/ta.csv`, status: 'done' },
    ]);
    expect((await report(`${folder}/ta.csv`)).counts).toMatchObject({ rowsRead: 1, rowsImported: 1 });

    await upload(
      `${folder}/short.csv`,
      'Acct No,Holder Name,Street,Town,St,Zip\nX-2,Bo Lee,1 Main St,Austin,TX,78701\n',
    );
    expect(
      (await handler(s3Event(p.config.importsBucket, `${folder}/short.csv`), plentyOfTime())).results[0]?.status,
    ).toBe('refused');
    const refused = await report(`${folder}/short.csv`);
    expect(refused).toMatchObject({ status: 'refused', missing: ['shares'] });
    expect(refused.reason).toContain('columns.json');

    await upload(`${folder}/columns.json`, '{"Acct No": 5}');
    expect(
      (await handler(s3Event(p.config.importsBucket, `${folder}/ta.csv`), plentyOfTime())).results[0]?.status,
    ).toBe('refused');
    expect((await report(`${folder}/ta.csv`)).reason).toMatch(/columns\.json must map/);
  });
});
