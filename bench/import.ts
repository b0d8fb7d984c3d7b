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
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../shared/domain/holders/schema.js';
import { localConfig } from '../cli/local/config.js';
import type { Meeting } from '../shared/domain/meetings/schema.js';
import { readFileSync } from 'node:fs';

export interface ImportFigure {
  readonly rows: number;
  readonly importRowsPerSecond: number;
  readonly rawItemsPerSecond: number;
  readonly ratio: number;
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
function cpuSeconds(pid: number | undefined): number | undefined {
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

async function startDynalite(): Promise<{ endpoint: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL('../node_modules/dynalite/cli.js', import.meta.url).pathname, '--port', String(port), '--host', '127.0.0.1', '--createTableMs', '0'], { stdio: 'ignore' });
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

    for (const rows of sizes) {
      const file = join(dir, `holders-${rows}.csv`);
      const lines = async function* () {
        for (const line of generateRegisteredCsv({ rows, totalShares: Math.max(rows, 46_717_887) })) yield `${line}\n`;
      };
      await pipeline(Readable.from(lines()), createWriteStream(file));

      // Import: the real path (stream, parse, validate, read existing, number, write, checkpoint, reconcile).
      global.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const cpu0 = cpuSeconds(child.pid);
      const own0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await importHolders(
        { holders: store, controlNumbers: issuer, now: () => new Date().toISOString() },
        {
          meeting: { ...base, id: `bench-${rows}`, createdAt: '', updatedAt: '' },
          kind: 'registered',
          sourceId: `bench-${rows}`,
          sourceName: file,
          records: readCsvRecords(createReadStream(file), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED }),
        },
      );
      const importSeconds = (performance.now() - t0) / 1000;
      const own = process.cpuUsage(own0);
      const serverBusyImport = busy(cpu0, cpuSeconds(child.pid), importSeconds);
      const importRowsPerSecond = out.counts.rowsImported / importSeconds;
      clearInterval(sampler);
      if (out.counts.rowsImported !== rows) throw new Error(`imported ${out.counts.rowsImported} of ${rows}`);

      // Raw: the very items the import wrote, read back page by page and written again under
      // another meeting with the same BatchWriteItem batching; only the writes are timed.
      let writing = 0;
      let rawCpu = 0;
      let rawOwn = 0;
      let cursor: string | undefined;
      do {
        const page = await store.listHolders(`bench-${rows}`, { cursor, limit: 1000 });
        const copies = page.holders.map((h) => ({ ...h, meetingId: `raw-${rows}` }));
        const c0 = cpuSeconds(child.pid);
        const w0 = performance.now();
        const o0 = process.cpuUsage();
        await store.putHolders(copies);
        const o1 = process.cpuUsage(o0);
        rawOwn += o1.user + o1.system;
        writing += performance.now() - w0;
        rawCpu += (cpuSeconds(child.pid) ?? 0) - (c0 ?? 0);
        cursor = page.cursor;
      } while (cursor);
      const rawItemsPerSecond = rows / (writing / 1000);
      figures.push({
        rows,
        importRowsPerSecond,
        rawItemsPerSecond,
        ratio: importRowsPerSecond / rawItemsPerSecond,
        peakRssMiB: peak / 2 ** 20,
        baselineRssMiB: baseline / 2 ** 20,
        serverBusyImport,
        clientMicrosPerRow: (own.user + own.system) / rows,
        clientMicrosPerRawItem: rawOwn / rows,
        serverBusyRaw: serverBusyImport === undefined ? undefined : rawCpu / (writing / 1000),
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
