import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { ConditionalCheckFailedException, CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { assertLoopback, startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { createTableInput, provision } from '../../shared/adapters/provision.js';
import { startLocalServers } from '../../cli/local/servers.js';
import { localConfig } from '../../cli/local/config.js';
import { createClients } from '../../shared/adapters/clients.js';
import { MAIN_TABLE, type TableDefinition } from '../../shared/resources.js';

const keySchema = (pk: string, sk: string) => [
  { AttributeName: pk, KeyType: 'HASH' },
  { AttributeName: sk, KeyType: 'RANGE' },
];

describe('the embedded local servers, through the real SDK over HTTP', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('listens on loopback only', () => {
    for (const url of [...Object.values(p.servers.endpoints), p.servers.sesViewerUrl]) {
      expect(new URL(url).hostname).toBe('127.0.0.1');
    }
  });

  it('a client with no local server behind it (SQS) cannot reach AWS', async () => {
    await expect(
      p.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q', MessageBody: 'x' }),
      ),
    ).rejects.toThrow(/no local server/);
  });

  it('creates the main table with the keys and indexes of shared/resources.ts', async () => {
    const { Table } = await p.clients.dynamodb.send(new DescribeTableCommand({ TableName: p.config.tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual(keySchema(MAIN_TABLE.partitionKey.name, MAIN_TABLE.sortKey.name));
    expect(MAIN_TABLE.globalSecondaryIndexes.map((g) => g.indexName)).toContain('gsi1');
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((g) => ({
      name: g.IndexName,
      keys: g.KeySchema,
      projection: g.Projection?.ProjectionType,
    }));
    expect(indexes).toEqual(
      MAIN_TABLE.globalSecondaryIndexes.map((g) => ({
        name: g.indexName,
        keys: keySchema(g.partitionKey.name, g.sortKey.name),
        projection: 'ALL',
      })),
    );
    const attributes = Object.fromEntries(
      (Table?.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
    );
    expect(attributes).toMatchObject({ pk: 'S', sk: 'S', gsi1pk: 'S', gsi1sk: 'S' });
    expect(Table?.AttributeDefinitions).toHaveLength(2 + 2 * MAIN_TABLE.globalSecondaryIndexes.length);
  });

  it('a conditional put succeeds once and is refused the second time; the GSI finds the item', async () => {
    const put = () =>
      p.clients.documents.send(
        new PutCommand({
          TableName: p.config.tableName,
          Item: { pk: 'T#1', sk: 'A', gsi1pk: 'TESTS', gsi1sk: '1' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const out = await p.clients.documents.send(
      new QueryCommand({
        TableName: p.config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'TESTS' },
      }),
    );
    expect(out.Items).toEqual([{ pk: 'T#1', sk: 'A', gsi1pk: 'TESTS', gsi1sk: '1' }]);
  });

  it('provisioning again (also twice at once) is harmless and keeps the data', async () => {
    await provision(p.clients, p.config);
    await Promise.all([provision(p.clients, p.config), provision(p.clients, p.config)]);
    const got = await p.clients.documents.send(
      new GetCommand({ TableName: p.config.tableName, Key: { pk: 'T#1', sk: 'A' } }),
    );
    expect(got.Item?.gsi1sk).toBe('1');
  });

  it('a streamed multi-chunk upload reads back byte for byte', async () => {
    // 40 chunks of 16 KiB with distinct contents, through a stream (not a buffer) body.
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(16 * 1024, i + 1));
    const expected = Buffer.concat(chunks);
    await p.clients.s3.send(
      new PutObjectCommand({
        Bucket: p.config.importsBucket,
        Key: 'big.bin',
        Body: Readable.from(chunks),
        ContentLength: expected.length,
      }),
    );
    const got = await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.importsBucket, Key: 'big.bin' }));
    expect(got.ContentLength).toBe(expected.length);
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    expect(bytes.equals(expected)).toBe(true);
  });

  it('ListObjectsV2 paginates with continuation tokens (needs --openssl-legacy-provider)', async () => {
    for (let i = 0; i < 5; i++) {
      await p.clients.s3.send(
        new PutObjectCommand({ Bucket: p.config.materialsBucket, Key: `page/${i}.txt`, Body: `item ${i}` }),
      );
    }
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const out = await p.clients.s3.send(
        new ListObjectsV2Command({
          Bucket: p.config.materialsBucket,
          Prefix: 'page/',
          MaxKeys: 2,
          ContinuationToken: token,
        }),
      );
      pages.push((out.Contents ?? []).map((c) => c.Key!));
      token = out.NextContinuationToken;
    } while (token);
    expect(pages).toEqual([['page/0.txt', 'page/1.txt'], ['page/2.txt', 'page/3.txt'], ['page/4.txt']]);
  });

  it('mail sent through SES shows up in the local store, and the viewer answers', async () => {
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
    expect(mail[0]).toMatchObject({
      from: 'proxy@example.com',
      subject: 'Your proxy materials',
      body: { text: 'hello' },
    });
    expect(mail[0]?.destination.to).toEqual(['holder@example.com']);
    const viewer = await fetch(p.servers.sesViewerUrl);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/html/);
    await p.clearSes();
    expect(await p.sesStore()).toEqual([]);
  });
});

describe('a data directory keeps DynamoDB and S3 state across restarts', () => {
  it('an item and an object written before a stop are there after a start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxydesk-persist-'));
    try {
      const first = await startTestPlatform({ dataDir: dir });
      await first.clients.documents.send(
        new PutCommand({ TableName: first.config.tableName, Item: { pk: 'KEEP', sk: 'ME', n: 7 } }),
      );
      await first.clients.s3.send(
        new PutObjectCommand({ Bucket: first.config.importsBucket, Key: 'keep.txt', Body: 'kept' }),
      );
      await first.stop();
      await first.stop(); // idempotent

      const second = await startTestPlatform({ dataDir: dir });
      try {
        const got = await second.clients.documents.send(
          new GetCommand({ TableName: second.config.tableName, Key: { pk: 'KEEP', sk: 'ME' } }),
        );
        expect(got.Item?.n).toBe(7);
        const obj = await second.clients.s3.send(
          new GetObjectCommand({ Bucket: second.config.importsBucket, Key: 'keep.txt' }),
        );
        expect(await obj.Body!.transformToString()).toBe('kept');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a data directory already in use is refused cleanly, not with a crash on the first request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxydesk-locked-'));
    const first = await startLocalServers({ dataDir: dir });
    try {
      await expect(startLocalServers({ dataDir: dir })).rejects.toThrow(
        /in use by other local servers in this process/,
      );
    } finally {
      await first.stop();
    }
    // Another process holding the LevelDB lock (as `npm start` on the same data directory would).
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const { Level } = require('level'); const db = new Level(process.argv[1]); db.open().then(() => console.log('locked')); setInterval(() => {}, 1000);`,
        join(dir, 'dynamodb'),
      ],
      { cwd: dirname(createRequire(import.meta.url).resolve('dynalite')), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        holder.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
      });
      await expect(startLocalServers({ dataDir: dir })).rejects.toThrow(/in use by another process/);
    } finally {
      if (holder.exitCode === null && holder.signalCode === null) {
        const exited = once(holder, 'exit');
        holder.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stop()', () => {
  it('leaves no listening servers or sockets behind, and can be called again', async () => {
    const tcp = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    const before = tcp();
    const p = await startTestPlatform();
    await p.clients.s3.send(new PutObjectCommand({ Bucket: p.config.importsBucket, Key: 'x', Body: 'x' }));
    await p.clients.documents.send(new GetCommand({ TableName: p.config.tableName, Key: { pk: 'a', sk: 'b' } }));
    await fetch(p.servers.sesViewerUrl);
    expect(tcp()).toBeGreaterThan(before);
    await Promise.all([p.stop(), p.stop()]);
    await p.servers.stop();
    await new Promise((r) => setImmediate(r));
    expect(tcp()).toBe(before);
  });
});

describe('startLocalServers on a busy port', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it.each(['dynamodb', 's3', 'ses'] as const)(
    'rejects (and releases what it started) when the %s port is taken',
    async (which) => {
      await expect(startLocalServers({ ports: { [which]: port } })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    },
  );
});

describe('the harness and provisioning guards', () => {
  it('refuses endpoints that are not loopback', () => {
    expect(() => assertLoopback('http://127.0.0.1:4566')).not.toThrow();
    expect(() => assertLoopback('http://localhost:4566')).not.toThrow();
    expect(() => assertLoopback('http://[::1]:4566')).not.toThrow();
    for (const bad of [
      'https://dynamodb.us-east-1.amazonaws.com',
      'http://10.0.0.5:8000',
      'http://127.0.0.1.evil.example:80',
      'not a url',
      undefined,
    ]) {
      expect(() => assertLoopback(bad)).toThrow(/non-local endpoint/);
    }
  });

  it('createTableInput declares each key attribute once and projects indexes fully', () => {
    const def: TableDefinition = {
      id: 'Shared',
      description: 'an index that reuses the table sort key',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      globalSecondaryIndexes: [
        { indexName: 'bySk', partitionKey: { name: 'sk', type: 'S' }, sortKey: { name: 'n', type: 'N' } },
        { indexName: 'byN', partitionKey: { name: 'g', type: 'S' }, sortKey: { name: 'n', type: 'N' } },
      ],
    };
    const input = createTableInput(def, 'shared-table');
    expect(input).toMatchObject({
      TableName: 'shared-table',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keySchema('pk', 'sk'),
    });
    expect(input.AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'n', AttributeType: 'N' },
      { AttributeName: 'g', AttributeType: 'S' },
    ]);
    expect(input.GlobalSecondaryIndexes?.map((g) => g.Projection)).toEqual([
      { ProjectionType: 'ALL' },
      { ProjectionType: 'ALL' },
    ]);
    const clash = {
      ...def,
      globalSecondaryIndexes: [
        {
          indexName: 'x',
          partitionKey: { name: 'sk', type: 'N' as const },
          sortKey: { name: 'n', type: 'N' as const },
        },
      ],
    };
    expect(() => createTableInput(clash, 'clash-table')).toThrow(/declared both S and N/);
  });

  it('provision refuses a kept table whose indexes differ from shared/resources.ts (dynalite cannot add one)', async () => {
    const servers = await startLocalServers({});
    const config = localConfig(servers.endpoints);
    const clients = createClients(config);
    try {
      const older = { ...MAIN_TABLE, globalSecondaryIndexes: MAIN_TABLE.globalSecondaryIndexes.slice(0, 1) };
      await clients.dynamodb.send(new CreateTableCommand(createTableInput(older, config.tableName)));
      await expect(provision(clients, config)).rejects.toThrow(
        /other keys or indexes than shared\/resources.ts defines/,
      );
    } finally {
      clients.dynamodb.destroy();
      clients.s3.destroy();
      clients.ses.destroy();
      await servers.stop();
    }
  });
});
