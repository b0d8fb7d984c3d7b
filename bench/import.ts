/**
 * Import benchmark: generated registered-holder files of 10k, 100k (and, with BENCH_IMPORT_ROWS,
 * more) rows into a dynalite server running in its own process, against the raw BatchWriteItem
 * rate of the same server for items of the same shape, with peak memory of the importing process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { createClients } from '../shared/adapters/clients.js';
import { createTableInput } from '../shared/adapters/provision.js';
import { MAIN_TABLE } from '../shared/resources.js';
import { ControlNumberCrypto } from '../shared/adapters/crypto/control-numbers.js';
import { DynamoHolderStore, controlNumberIssuer } from '../shared/adapters/dynamodb/holder-store.js';
import { readCsvRecords } from '../shared/adapters/csv/records.js';
import { importHolders } from '../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../shared/domain/holders/generate.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED, RegisteredRowSchema } from '../shared/domain/holders/schema.js';
import type { Holder } from '../shared/domain/holders/model.js';
import { localConfig } from '../cli/local/config.js';
import type { Meeting } from '../shared/domain/meetings/schema.js';
import { readFileSync } from 'node:fs';

/**
 * An import's rate against its floor: the same server's raw BatchWriteItem rate for `rawSample` items
 * of the import's shape, written just before and just after the import, pooled.
 */
export interface RawFloorFigure {
  readonly importRowsPerSecond: number;
  readonly rawItemsPerSecond: number;
  readonly rawBeforePerSecond: number;
  readonly rawAfterPerSecond: number;
  readonly rawSample: number;
  /** importRowsPerSecond / rawItemsPerSecond. */
  readonly ratio: number;
}

/** The figure of an import of `importRowsPerSecond` against `sample` raw writes before (`beforeMs`) and after (`afterMs`). */
export function againstRawFloor(
  importRowsPerSecond: number,
  sample: number,
  beforeMs: number,
  afterMs: number,
): RawFloorFigure {
  const rawItemsPerSecond = (2 * sample) / ((beforeMs + afterMs) / 1000);
  return {
    importRowsPerSecond,
    rawItemsPerSecond,
    rawBeforePerSecond: sample / (beforeMs / 1000),
    rawAfterPerSecond: sample / (afterMs / 1000),
    rawSample: sample,
    ratio: importRowsPerSecond / rawItemsPerSecond,
  };
}

export interface ImportFigure extends RawFloorFigure {
  readonly rows: number;
  readonly peakRssMiB: number;
  readonly baselineRssMiB: number;
  /** Share of one core the DynamoDB server process used while importing / while writing raw (Linux only). */
  readonly serverBusyImport?: number;
  readonly serverBusyRaw?: number;
  /** CPU time of the importing process per row imported / per item written raw, in µs. */
  readonly clientMicrosPerRow: number;
  readonly clientMicrosPerRawItem: number;
}

/** CPU seconds a process has used so far (Linux /proc), or undefined elsewhere. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}
const busy = (before: number | undefined, after: number | undefined, seconds: number) =>
  before === undefined || after === undefined ? undefined : (after - before) / seconds;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });

export async function startDynalite(): Promise<{ endpoint: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      new URL('../node_modules/dynalite/cli.js', import.meta.url).pathname,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--createTableMs',
      '0',
    ],
    { stdio: 'ignore' },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(endpoint, { method: 'POST' });
      return { endpoint, child };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('dynalite did not start');
}

export async function benchImport(sizes: readonly number[]): Promise<ImportFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-bench-'));
  const { endpoint, child } = await startDynalite();
  const config = localConfig({ dynamodb: endpoint, s3: 'http://127.0.0.1:1', ses: 'http://127.0.0.1:1' });
  const clients = createClients(config);
  const figures: ImportFigure[] = [];
  try {
    await clients.dynamodb.send(new CreateTableCommand(createTableInput(MAIN_TABLE, config.tableName)));
    await waitUntilTableExists({ client: clients.dynamodb, maxWaitTime: 30 }, { TableName: config.tableName });
    const store = new DynamoHolderStore(clients.documents, config.tableName);
    const crypto = new ControlNumberCrypto(Buffer.alloc(32, 9));
    const issuer = controlNumberIssuer(store, crypto);
    const base = JSON.parse(readFileSync(new URL('../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting;

    /** Writes holders under another meeting in pages of 1,000 through the store's BatchWriteItem code; only the writes are timed. */
    const rawWrite = async (items: Holder[], meetingId: string) => {
      let ms = 0;
      let server = 0;
      let own = 0;
      for (let i = 0; i < items.length; i += 1000) {
        const copies = items.slice(i, i + 1000).map((h) => ({ ...h, meetingId }));
        const c0 = cpuSeconds(child.pid);
        const o0 = process.cpuUsage();
        const w0 = performance.now();
        await store.putHolders(copies);
        ms += performance.now() - w0;
        const o1 = process.cpuUsage(o0);
        own += o1.user + o1.system;
        server += (cpuSeconds(child.pid) ?? 0) - (c0 ?? 0);
      }
      return { ms, server, own };
    };
    const importFile = (file: string, meetingId: string) =>
      importHolders(
        { holders: store, controlNumbers: issuer, now: () => new Date().toISOString() },
        {
          meeting: { ...base, id: meetingId, createdAt: '', updatedAt: '' },
          kind: 'registered',
          sourceId: meetingId,
          sourceName: file,
          records: readCsvRecords(createReadStream(file), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
        },
      );
    const writeFile = async (file: string, rows: number, seed: number) => {
      const lines = async function* () {
        for (const line of generateRegisteredCsv({ rows, totalShares: Math.max(rows, 46_717_887), seed }))
          yield `${line}\n`;
      };
      await pipeline(Readable.from(lines()), createWriteStream(file));
    };
    /** Holder items of the import's shape from a file's first rows, without numbering (for the raw sample before an import). */
    const itemsFrom = async (file: string, count: number): Promise<Holder[]> => {
      const items: Holder[] = [];
      for await (const r of readCsvRecords(createReadStream(file), {
        known: REGISTERED_COLUMNS,
        required: REGISTERED_REQUIRED,
      })) {
        if (items.length >= count) break;
        if (r.kind !== 'row') continue;
        const row = RegisteredRowSchema.parse(r.fields);
        const seq = items.length;
        items.push({
          ...row,
          meetingId: '',
          controlSeq: seq,
          controlHash: crypto.hash('raw', String(seq).padStart(12, '0')),
          source: { id: 'raw', line: r.line },
          updatedAt: new Date().toISOString(),
        });
      }
      return items;
    };

    // Warm-up (untimed): JIT, caches and connections, so the first size is not charged for them.
    const warm = join(dir, 'warm-up.csv');
    await writeFile(warm, 2000, 1);
    await importFile(warm, 'bench-warm-up');
    await rawWrite(await itemsFrom(warm, 2000), 'raw-warm-up');

    for (const rows of sizes) {
      const file = join(dir, `holders-${rows}.csv`);
      await writeFile(file, rows, 2024);
      const sample = Math.min(rows, 50_000);
      // Raw, before: items of the same shape, written just before the import.
      const before = await rawWrite(await itemsFrom(file, sample), `raw-before-${rows}`);

      // Import: the real path (stream, parse, validate, read existing, number, write, checkpoint, reconcile).
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const cpu0 = cpuSeconds(child.pid);
      const own0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await importFile(file, `bench-${rows}`);
      const importSeconds = (performance.now() - t0) / 1000;
      const own = process.cpuUsage(own0);
      const serverBusyImport = busy(cpu0, cpuSeconds(child.pid), importSeconds);
      const importRowsPerSecond = out.counts.rowsImported / importSeconds;
      clearInterval(sampler);
      if (out.counts.rowsImported !== rows) throw new Error(`imported ${out.counts.rowsImported} of ${rows}`);

      // Raw, after: the very items the import wrote (the first `sample`), read back and written again.
      const imported: Holder[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listHolders(`bench-${rows}`, { cursor, limit: 1000 });
        imported.push(...page.holders);
        cursor = page.cursor;
      } while (cursor && imported.length < sample);
      const after = await rawWrite(imported.slice(0, sample), `raw-after-${rows}`);

      figures.push({
        rows,
        ...againstRawFloor(importRowsPerSecond, sample, before.ms, after.ms),
        peakRssMiB: peak / 2 ** 20,
        baselineRssMiB: baseline / 2 ** 20,
        serverBusyImport,
        clientMicrosPerRow: (own.user + own.system) / rows,
        clientMicrosPerRawItem: (before.own + after.own) / (2 * sample),
        serverBusyRaw:
          serverBusyImport === undefined ? undefined : (before.server + after.server) / ((before.ms + after.ms) / 1000),
      });
      rmSync(file);
    }
  } finally {
    clients.dynamodb.destroy();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
