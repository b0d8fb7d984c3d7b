import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { startTestPlatform, type TestPlatform } from '../harness/platform.js';
import { startCutProxy, type CutProxy } from '../harness/cut-proxy.js';
import { createClients, type Clients } from '../../shared/adapters/clients.js';
import type { Config } from '../../shared/config.js';
import type { HolderDeps as HolderAdapters } from '../../shared/composition/root.js';
import { testRoot } from '../harness/platform.js';
import { DynamoRequestRecords } from '../../shared/adapters/dynamodb/request-store.js';
import { uploadMaterial } from '../../shared/adapters/s3/materials.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { PIECE_HEADER } from '../../shared/adapters/ses/mailer.js';
import { importHolders } from '../../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../../shared/domain/holders/generate.js';
import {
  NOMINEE_COLUMNS,
  NOMINEE_REQUIRED,
  REGISTERED_COLUMNS,
  REGISTERED_REQUIRED,
} from '../../shared/domain/holders/schema.js';
import { distributeMeeting } from '../../shared/domain/distribution/use-cases.js';
import { fulfilRequest } from '../../shared/domain/requests/fulfil.js';
import { Temporal } from '../../shared/domain/calendar/dates.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';

/** The control-number secret (hex), in the platform's config. */
const SECRET = '8c'.repeat(32);

/**
 * Faults: the local DynamoDB or SES server goes away mid-distribution or mid-fulfilment (a proxy
 * in front of it resets every connection and refuses new ones), then comes back. Running again
 * completes, with every email in the SES store once and every mail piece in the manifests once.
 */
describe('servers that stop mid-run', () => {
  let p: TestPlatform;
  let ses: CutProxy;
  let dynamo: CutProxy;
  let s3: CutProxy;
  let clients: Clients;
  let config: Config;
  let a: HolderAdapters;
  // A run that died may hold a chunk's lease for a minute: the retry runs "two minutes later".
  const later = () => new Date(Date.now() + 120_000).toISOString();

  const meetingFrom = (id: string): Meeting => ({
    ...(JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting),
    id,
    createdAt: '',
    updatedAt: '',
  });
  const load = async (meeting: Meeting) => {
    const text = [
      ...generateRegisteredCsv({ rows: 60, totalShares: meeting.meeting.sharesOutstanding, seed: 21 }),
    ].join('\n');
    const direct = await testRoot(p, SECRET).holders();
    await importHolders(
      { ...direct, now: () => '2026-11-30T12:00:00Z' },
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
      { ...direct, now: () => '2026-11-30T12:00:00Z' },
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
  };
  const emailsByPiece = async () => {
    const by = new Map<string, number>();
    for (const m of await p.sesStore()) {
      const id = m.headers?.find((h) => h.name === PIECE_HEADER)?.value;
      if (id) by.set(id, (by.get(id) ?? 0) + 1);
    }
    return by;
  };
  const manifestRows = async (meetingId: string) => {
    const list = await p.clients.s3.send(
      new ListObjectsV2Command({ Bucket: p.config.materialsBucket, Prefix: `print/${meetingId}/full-set/manifest-` }),
    );
    const rows: Record<string, string>[] = [];
    for (const o of list.Contents ?? [])
      rows.push(
        ...(parse(
          await (
            await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: o.Key! }))
          ).Body!.transformToString(),
          { columns: true },
        ) as Record<string, string>[]),
      );
    return rows;
  };

  beforeAll(async () => {
    p = await startTestPlatform({ controlSecret: SECRET });
    ses = await startCutProxy(p.config.endpoints.ses!);
    dynamo = await startCutProxy(p.config.endpoints.dynamodb!);
    s3 = await startCutProxy(p.config.endpoints.s3!);
    config = {
      ...p.config,
      endpoints: { ...p.config.endpoints, ses: ses.endpoint, dynamodb: dynamo.endpoint, s3: s3.endpoint },
    };
    clients = createClients(config);
    a = await testRoot({ config, clients }, SECRET).holders();
  });
  afterAll(async () => {
    for (const c of [clients?.dynamodb, clients?.s3, clients?.ses, clients?.sesv2, clients?.sqs]) c?.destroy();
    await ses?.close();
    await dynamo?.close();
    await s3?.close();
    await p?.stop();
  });

  it.each([
    ['SES', () => ses, 5],
    ['DynamoDB', () => dynamo, 60],
    ['S3', () => s3, 3], // the materials list, then the first manifest file, then the second
  ] as const)(
    '%s stops mid-distribution; once it is back, running again sends every piece exactly once',
    async (name, proxy, after) => {
      const meeting = meetingFrom(`fault-${name.toLowerCase()}`);
      await load(meeting);
      await p.clearSes();
      const d = await testRoot({ config, clients }, SECRET).distribution();
      const req = {
        meeting,
        method: 'full-set' as const,
        sendDate: Temporal.PlainDate.from('2024-06-05'),
        chunkSize: 10,
      };
      proxy().cutAfter(after);
      await expect(distributeMeeting(d, req)).rejects.toThrow();
      await proxy().up();
      const out = await distributeMeeting({ ...d, now: later, leaseClock: later }, req);
      expect(out.status).toBe('done');
      expect(out.counts?.inDoubt).toBe(0);
      const emails = await emailsByPiece();
      expect(emails.size).toBe(out.figures.byChannelAndContent['email:full-set']);
      expect([...emails.values()].every((n) => n === 1)).toBe(true);
      const rows = await manifestRows(meeting.id);
      expect(rows).toHaveLength(out.figures.byChannelAndContent['mail:full-set']);
      expect(new Set(rows.map((r) => r.piece_id)).size).toBe(rows.length);
    },
  );

  it.each([
    ['SES', () => ses, 1, 'email-copy'],
    ['DynamoDB', () => dynamo, 3, 'email-copy'],
    ['S3', () => s3, 1, 'paper-copy'],
  ] as const)(
    '%s stops while a request is fulfilled (its answer lost); once it is back, fulfilling again delivers it once',
    async (name, proxy, after, kind) => {
      const meeting = meetingFrom(`fault-fulfil-${name.toLowerCase()}`);
      await load(meeting);
      const { DynamoMeetingRepository } = await import('../../shared/adapters/dynamodb/meeting-repository.js');
      await new DynamoMeetingRepository(p.clients.documents, p.config.tableName).create(meeting);
      await p.clearSes();
      const holder = (await a.holders.listHolders(meeting.id, { limit: 1 })).holders[0]!;
      const requestId = `${name === 'SES' ? 'f' : name === 'S3' ? 'e' : 'd'}`.repeat(32);
      await new DynamoRequestRecords(p.clients.documents, p.config.tableName).create({
        meetingId: meeting.id,
        requestId,
        kind,
        accountId: holder.accountId,
        ...(kind === 'email-copy' ? { email: 'fault.reader@example.com' } : {}),
        receivedAt: '2024-06-14T20:00:00Z',
        countsFrom: '2024-06-14',
        dueBy: '2024-06-20',
        basis: 'test',
        status: 'received',
      });
      const f = await testRoot({ config, clients }, SECRET).fulfilment();
      proxy().cutAfter(after);
      await expect(fulfilRequest(f, meeting.id, requestId)).rejects.toThrow();
      await proxy().up();
      const out = await fulfilRequest({ ...f, now: later, leaseClock: later }, meeting.id, requestId);
      expect(out.status).toBe('fulfilled');
      if (kind === 'email-copy') {
        expect((await p.sesStore()).filter((m) => m.destination.to.includes('fault.reader@example.com'))).toHaveLength(
          1,
        );
      } else {
        const [, key] = /^print: (.+)#\d+$/.exec(out.how!)!;
        const rows = parse(
          await (
            await p.clients.s3.send(new GetObjectCommand({ Bucket: p.config.materialsBucket, Key: key! }))
          ).Body!.transformToString(),
          { columns: true },
        ) as Record<string, string>[];
        expect(rows.filter((r) => r.piece_id === requestId)).toHaveLength(1);
      }
    },
  );
});
