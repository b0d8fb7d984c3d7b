/**
 * Distribution benchmark: a meeting of `rows` registered holders (generated, about one in five
 * with email delivery) in a dynalite server of its own process; the time to merely read the list
 * back, the time to plan (read and plan: what the plan job does), and the time to produce every
 * piece through the real adapters: SES (the local server) for the email share, the piece ledger in
 * DynamoDB, manifest files in S3 (s3rver).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createClients } from '../shared/adapters/clients.js';
import { createTableInput, provision } from '../shared/adapters/provision.js';
import { MAIN_TABLE } from '../shared/resources.js';
import { ControlNumberCrypto } from '../shared/adapters/crypto/control-numbers.js';
import { DynamoHolderStore, controlNumberIssuer } from '../shared/adapters/dynamodb/holder-store.js';
import { createRoot } from '../shared/composition/root.js';
import { uploadMaterial } from '../shared/adapters/s3/materials.js';
import { generateRegisteredCsv } from '../shared/domain/holders/generate.js';
import { NomineeRowSchema, RegisteredRowSchema, type REGISTERED_COLUMNS } from '../shared/domain/holders/schema.js';
import type { Holder } from '../shared/domain/holders/model.js';
import { meetingHolders } from '../shared/domain/households/use-cases.js';
import { planDistribution } from '../shared/domain/distribution/plan.js';
import { chunkPlan, runDistribution } from '../shared/domain/distribution/run.js';
import { Temporal } from '../shared/domain/calendar/dates.js';
import type { Meeting } from '../shared/domain/meetings/schema.js';
import { localConfig } from '../cli/local/config.js';
import { startLocalServers } from '../cli/local/servers.js';
import { cpuSeconds, startDynalite } from './import.js';

export interface DistributionFigure {
  readonly holders: number;
  readonly loadSeconds: number;
  readonly readSeconds: number;
  readonly planSeconds: number;
  readonly planOnlySeconds: number;
  readonly ratio: number;
  readonly pieces: number;
  readonly emails: number;
  readonly mailPieces: number;
  readonly manifests: number;
  readonly households: number;
  readonly produceSeconds: number;
  readonly piecesPerSecond: number;
  readonly peakRssMiB: number;
  readonly baselineRssMiB: number;
  readonly serverBusy?: number;
  readonly checked: { readonly sesMessages: number; readonly manifestRows: number };
}

const parseCsvLine = (line: string) => {
  // The generator quotes fields with commas; a small reader suffices for its output.
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
};

export async function benchDistribution(rows: number): Promise<DistributionFigure> {
  const { endpoint, child } = await startDynalite();
  const servers = await startLocalServers({});
  const config = { ...localConfig({ ...servers.endpoints, dynamodb: endpoint }) };
  const clients = createClients(config);
  const sesClear = setInterval(
    () => void fetch(`${servers.endpoints.ses}/clear-store`, { method: 'POST' }).catch(() => undefined),
    5000,
  );
  try {
    await clients.dynamodb.send(new CreateTableCommand(createTableInput(MAIN_TABLE, config.tableName)));
    await waitUntilTableExists({ client: clients.dynamodb, maxWaitTime: 30 }, { TableName: config.tableName });
    await provision(clients, config); // the buckets (the table exists already)
    const store = new DynamoHolderStore(clients.documents, config.tableName);
    const crypto = new ControlNumberCrypto(Buffer.alloc(32, 4));
    const issuer = controlNumberIssuer(store, crypto);
    const base = JSON.parse(readFileSync(new URL('../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting;
    const meeting: Meeting = { ...base, id: 'bench-dist', createdAt: '', updatedAt: '' };

    // Setup (timed for the record only): the list, written as the import stores it.
    let t0 = performance.now();
    const header = [] as string[];
    let batch: Holder[] = [];
    let seq = 0;
    for (const line of generateRegisteredCsv({ rows, totalShares: Math.max(rows, 46_717_887), seed: 2025 })) {
      if (!header.length) {
        header.push(...line.split(','));
        continue;
      }
      const cells = parseCsvLine(line);
      const fields = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])) as Record<
        (typeof REGISTERED_COLUMNS)[number],
        string
      >;
      const row = RegisteredRowSchema.parse(fields);
      seq++;
      batch.push({
        ...row,
        meetingId: meeting.id,
        controlSeq: seq,
        controlHash: crypto.hash(meeting.id, crypto.controlNumber(meeting.id, seq)),
        source: { id: 'bench', line: seq + 1 },
        updatedAt: '2026-11-30T00:00:00Z',
      });
      if (batch.length === 1000) {
        await store.putHolders(batch);
        batch = [];
      }
    }
    if (batch.length) await store.putHolders(batch);
    const cede = NomineeRowSchema.parse({
      nominee_name: 'Cede & Co',
      dtc_participant: '0015',
      sets_requested: '400',
      address_line1: '570 Washington Blvd',
      city: 'Jersey City',
      state: 'NJ',
      postal_code: '07310',
    });
    await store.putNominees([
      { ...cede, meetingId: meeting.id, source: { id: 'bench', line: 2 }, updatedAt: '2026-11-30T00:00:00Z' },
    ]);
    await uploadMaterial(
      clients.s3,
      config.materialsBucket,
      meeting.id,
      'Proxy Statement.pdf',
      Buffer.from('%PDF-1.4 bench'),
    );
    const loadSeconds = (performance.now() - t0) / 1000;

    // Merely reading the list back.
    t0 = performance.now();
    let read = 0;
    for await (const _ of meetingHolders(store, meeting.id)) read++;
    const readSeconds = (performance.now() - t0) / 1000;
    if (read !== rows) throw new Error(`read ${read} of ${rows}`);

    // Planning: read the list and plan it (pieces, households, chunks), as the plan job does.
    const sendDate = Temporal.PlainDate.from('2024-06-05');
    t0 = performance.now();
    const holders = [];
    for await (const h of meetingHolders(store, meeting.id)) holders.push(h);
    const p0 = performance.now();
    const plan = planDistribution({
      meetingId: meeting.id,
      method: 'full-set',
      holders,
      nominees: await store.listNominees(meeting.id),
      on: sendDate,
    });
    const seqOf = new Map(holders.map((h) => [h.accountId, h.controlSeq]));
    const chunks = chunkPlan(plan, (a) => seqOf.get(a)!);
    const planOnlySeconds = (performance.now() - p0) / 1000;
    const planSeconds = (performance.now() - t0) / 1000;
    void chunks;

    // Producing every piece: the in-process run (the CLI's path; on AWS each chunk is a job).
    // The root's in-process distribution deps, with the same secret the store's issuer used.
    const d = await createRoot(config, clients, { secret: async () => Buffer.alloc(32, 4) }).distribution();
    void issuer;
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const c0 = cpuSeconds(child.pid);
    t0 = performance.now();
    const out = await runDistribution(d, {
      meeting,
      holders,
      nominees: await store.listNominees(meeting.id),
      method: 'full-set',
      sendDate,
      materials: ['Proxy Statement.pdf'],
    });
    const produceSeconds = (performance.now() - t0) / 1000;
    const c1 = cpuSeconds(child.pid);
    clearInterval(sampler);
    if (out.status !== 'done' || out.counts!.sent !== plan.pieces.length)
      throw new Error(`produced ${out.counts?.sent} of ${plan.pieces.length} pieces (${out.status})`);

    // Check what landed: manifest rows in S3 (SES messages are counted by the run: the store is cleared as it goes).
    let manifestRows = 0;
    let token: string | undefined;
    do {
      const list = await clients.s3.send(
        new ListObjectsV2Command({
          Bucket: config.materialsBucket,
          Prefix: `print/${meeting.id}/full-set/manifest-`,
          ContinuationToken: token,
        }),
      );
      for (const o of list.Contents ?? []) {
        const body = await (
          await clients.s3.send(new GetObjectCommand({ Bucket: config.materialsBucket, Key: o.Key! }))
        ).Body!.transformToString();
        manifestRows += body.split('\r\n').filter(Boolean).length - 1;
      }
      token = list.NextContinuationToken;
    } while (token);
    if (manifestRows !== out.counts!.mailPieces)
      throw new Error(`manifest rows ${manifestRows} ≠ mail pieces ${out.counts!.mailPieces}`);

    return {
      holders: rows,
      loadSeconds,
      readSeconds,
      planSeconds,
      planOnlySeconds,
      ratio: planSeconds / readSeconds,
      pieces: plan.pieces.length,
      emails: out.counts!.emails,
      mailPieces: out.counts!.mailPieces,
      manifests: out.counts!.manifests,
      households: plan.figures.households,
      produceSeconds,
      piecesPerSecond: plan.pieces.length / produceSeconds,
      peakRssMiB: peak / 2 ** 20,
      baselineRssMiB: baseline / 2 ** 20,
      serverBusy: c0 === undefined || c1 === undefined ? undefined : (c1 - c0) / produceSeconds,
      checked: { sesMessages: out.counts!.emails, manifestRows },
    };
  } finally {
    clearInterval(sesClear);
    for (const c of [clients.dynamodb, clients.s3, clients.ses, clients.sesv2, clients.sqs]) c.destroy();
    await servers.stop();
    child.kill();
  }
}
