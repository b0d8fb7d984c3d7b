import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ConditionalCheckFailedException, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { provision } from '../../shared/adapters/provision.js';
import { MAIN_TABLE } from '../../shared/resources.js';

describe('the embedded local servers, through the real SDK over HTTP', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('creates the main table with the keys and index of shared/resources.ts', async () => {
    const { Table } = await p.clients.dynamodb.send(new DescribeTableCommand({ TableName: p.config.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: MAIN_TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: MAIN_TABLE.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['gsi1']);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('a conditional put succeeds once and is refused the second time', async () => {
    const put = () =>
      p.clients.documents.send(
        new PutCommand({ TableName: p.config.tableName, Item: { pk: 'T#1', sk: 'A', gsi1pk: 'TESTS', gsi1sk: '1' }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const out = await p.clients.documents.send(new QueryCommand({ TableName: p.config.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'TESTS' } }));
    expect(out.Items?.map((i) => i.pk)).toEqual(['T#1']);
  });

  it('provisioning again is harmless', async () => {
    await provision(p.clients, p.config);
    const got = await p.clients.documents.send(new GetCommand({ TableName: p.config.tableName, Key: { pk: 'T#1', sk: 'A' } }));
    expect(got.Item?.gsi1sk).toBe('1');
  });

  it('a streamed multi-chunk upload reads back byte for byte', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(16 * 1024, i));
    const expected = Buffer.concat(chunks);
    await p.clients.s3.send(
      new PutObjectCommand({ Bucket: p.config.importsBucket, Key: 'big.bin', Body: Readable.from(chunks), ContentLength: expected.length }),
    );
    const got = await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.importsBucket, Key: 'big.bin' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.equals(expected)).toBe(true);
  });

  it('ListObjectsV2 paginates', async () => {
    for (let i = 0; i < 5; i++) {
      await p.clients.s3.send(new PutObjectCommand({ Bucket: p.config.materialsBucket, Key: `page/${i}.txt`, Body: `item ${i}` }));
    }
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await p.clients.s3.send(new ListObjectsV2Command({ Bucket: p.config.materialsBucket, Prefix: 'page/', MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(out.Contents ?? []).map((c) => c.Key!));
      token = out.NextContinuationToken;
    } while (token);
    expect(keys.sort()).toEqual(['page/0.txt', 'page/1.txt', 'page/2.txt', 'page/3.txt', 'page/4.txt']);
  });

  it('mail sent through SES shows up in the local store', async () => {
    await p.clearSes();
    await p.clients.ses.send(
      new SendEmailCommand({
        Source: 'proxy@example.com',
        Destination: { ToAddresses: ['holder@example.com'] },
        Message: { Subject: { Data: 'Your proxy materials' }, Body: { Text: { Data: 'hello' } } },
      }),
    );
    const mail = await p.sesStore();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ from: 'proxy@example.com', subject: 'Your proxy materials' });
    expect(mail[0]?.destination.to).toEqual(['holder@example.com']);
  });
});

describe('a data directory keeps DynamoDB and S3 state across restarts', () => {
  it('an item and an object written before a stop are there after a start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxydesk-persist-'));
    try {
      const first = await startTestPlatform({ dataDir: dir });
      await first.clients.documents.send(new PutCommand({ TableName: first.config.tableName, Item: { pk: 'KEEP', sk: 'ME', n: 7 } }));
      await first.clients.s3.send(new PutObjectCommand({ Bucket: first.config.importsBucket, Key: 'keep.txt', Body: 'kept' }));
      await first.stop();

      const second = await startTestPlatform({ dataDir: dir });
      try {
        const got = await second.clients.documents.send(new GetCommand({ TableName: second.config.tableName, Key: { pk: 'KEEP', sk: 'ME' } }));
        expect(got.Item?.n).toBe(7);
        const obj = await second.clients.s3.send(new GetObjectCommand({ Bucket: second.config.importsBucket, Key: 'keep.txt' }));
        expect(await obj.Body!.transformToString()).toBe('kept');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
