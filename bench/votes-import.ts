/**
 * Vote-file import benchmark: a generated mailed-card file of 100,000 rows (one card per holder of a
 * 100,000-holder list) imported through the path `proxydesk votes import` runs (content digest, CSV reader,
 * importVotes over the composition's adapters) into a dynalite server in its own process, against the raw
 * BatchWriteItem rate of the same server for vote items of the same shape, sampled just before and after.
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { createClients } from '../shared/adapters/clients.js';
import { createTableInput } from '../shared/adapters/provision.js';
import { readCsvRecords } from '../shared/adapters/csv/records.js';
import { contentDigest } from '../shared/adapters/s3/vote-files.js';
import { batchPut } from '../shared/adapters/dynamodb/batch.js';
import { importedVoteItem } from '../shared/adapters/dynamodb/vote-store.js';
import { createRoot } from '../shared/composition/root.js';
import { importHolders } from '../shared/domain/holders/import.js';
import { generateRegisteredCsv } from '../shared/domain/holders/generate.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../shared/domain/holders/schema.js';
import { createMeeting } from '../shared/domain/meetings/use-cases.js';
import type { Meeting } from '../shared/domain/meetings/schema.js';
import type { VoteRecord } from '../shared/domain/voting/cast.js';
import {
  VOTE_FILE_REQUIRED,
  isVoteFileColumn,
  readVoteRow,
  voteFileLateFrom,
  type VoteFileContext,
} from '../shared/domain/voting/vote-file.js';
import { importVotes } from '../shared/domain/voting/vote-import.js';
import { localConfig } from '../cli/local/config.js';
import { MAIN_TABLE } from '../shared/resources.js';
import { againstRawFloor, cpuSeconds, startDynalite, type RawFloorFigure } from './import.js';

export interface VoteImportFigure extends RawFloorFigure {
  readonly rows: number;
  readonly stored: number;
  readonly reimportNew: number;
  readonly reimportSeconds: number;
  /** The next day's cumulative file: every card again and a tenth more (rows, seconds, new, already stored). */
  readonly cumulativeRows: number;
  readonly cumulativeSeconds: number;
  readonly cumulativeNew: number;
  readonly cumulativeAlready: number;
  readonly holdersSeconds: number;
  readonly serverBusyImport?: number;
  readonly serverBusyRaw?: number;
}

const NOMINEES = ['James Cassano', 'Peter Liu', 'Mike Mulica', 'Jack Steenstra', 'Jeffrey Wang'];
const HEADER = [
  'account',
  'signed',
  'card_date',
  'received_at',
  ...NOMINEES.map((n) => `p1:${n}`),
  'p2',
  'p3',
  'p4',
  'p5',
  'p6',
];

/**
 * One card per account: marks vary with the row, a few unsigned, all in time, received 2024-06-08 to 06-17. With
 * `later`: the same rows, then a second card of each of the first `later` accounts received 2024-06-18 (a vendor's
 * cumulative file of the next day).
 */
function* cardFile(rows: number, later = 0): Generator<string> {
  yield `${HEADER.join(',')}\n`;
  const pick = ['FOR', 'AGAINST', 'ABSTAIN', ''];
  for (let i = 0; i < rows; i++) {
    const day = 6 + (i % 10);
    const marks = NOMINEES.map((_, j) => ((i + j) % 7 === 0 ? 'WITHHOLD' : (i + j) % 3 === 0 ? 'FOR' : ''));
    const others = [0, 1, 2, 3, 4].map((j) => pick[(i * 7 + j) % 4]!);
    yield `${[
      `TA-${String(i + 1).padStart(7, '0')}`,
      i % 50 === 0 ? 'no' : 'yes',
      `2024-06-${String(day).padStart(2, '0')}`,
      `2024-06-${String(day + 2).padStart(2, '0')}T10:00:00-07:00`,
      ...marks,
      ...others,
    ].join(',')}\n`;
  }
  const blank = NOMINEES.map(() => '');
  for (let i = 0; i < later; i++)
    yield `${[`TA-${String(i + 1).padStart(7, '0')}`, 'yes', '2024-06-17', '2024-06-18T10:00:00-07:00', ...blank, 'FOR', '', '', '', ''].join(',')}\n`;
}

export async function benchVoteImport(rows: number): Promise<VoteImportFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-bench-votes-'));
  const { endpoint, child } = await startDynalite();
  const config = {
    ...localConfig({ dynamodb: endpoint, s3: 'http://127.0.0.1:1', ses: 'http://127.0.0.1:1' }),
    controlSecret: { hex: '3c'.repeat(32) },
  };
  const clients = createClients(config);
  try {
    await clients.dynamodb.send(new CreateTableCommand(createTableInput(MAIN_TABLE, config.tableName)));
    await waitUntilTableExists({ client: clients.dynamodb, maxWaitTime: 30 }, { TableName: config.tableName });
    const root = createRoot(config, clients);
    const seed = JSON.parse(readFileSync(new URL('../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting;
    const { meeting } = await createMeeting(
      { meetings: root.meetings(), now: root.clock },
      { ...seed, id: 'bench-votes' },
    );

    // The holder list (untimed): one holder per card.
    const h0 = performance.now();
    const h = await root.holders();
    await importHolders(
      { ...h, now: root.clock },
      {
        meeting,
        kind: 'registered',
        sourceId: 'bench',
        sourceName: 'holders.csv',
        records: readCsvRecords(
          Readable.from(
            (function* () {
              for (const line of generateRegisteredCsv({
                rows,
                totalShares: meeting.meeting.sharesOutstanding,
                seed: 12,
              }))
                yield `${line}\n`;
            })(),
          ),
          { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED },
        ),
      },
    );
    const holdersSeconds = (performance.now() - h0) / 1000;
    const file = join(dir, 'cards.csv');
    await pipeline(Readable.from(cardFile(rows)), createWriteStream(file));
    // The next day's cumulative file: every card again, and a tenth of the accounts' second cards.
    const later = Math.ceil(rows / 10);
    const cumulative = join(dir, 'cards-cumulative.csv');
    await pipeline(Readable.from(cardFile(rows, later)), createWriteStream(cumulative));

    // Raw: the items the import writes (importedVoteItem: the record, its key and its VOTED# index entry) by
    // BatchWriteItem (25 per call, 16 in flight), under another meeting.
    const sample = Math.min(rows, 50_000);
    // The records the import makes of the file's first `sample` rows (the domain's own reading, untimed): the raw
    // writes store exactly these items, under another meeting.
    const holderMap = await h.holders.allVotingHolders(meeting.id, { controlHash: false });
    const ctx: VoteFileContext = {
      meeting,
      channel: 'mail',
      fileDigest: (await contentDigest(createReadStream(file))).digest,
      sourceName: 'cards.csv',
      controlHash: () => '',
      lateFromMs: voteFileLateFrom(meeting, 'mail'),
    };
    const sampled: VoteRecord[] = [];
    for await (const row of readCsvRecords(createReadStream(file), {
      known: (c) => isVoteFileColumn('mail', c),
      required: VOTE_FILE_REQUIRED.mail,
    })) {
      if (sampled.length >= sample) break;
      if (row.kind !== 'row') continue;
      const out = readVoteRow(ctx, row, (a) => holderMap.get(a));
      if (out.status === 'stored') sampled.push(out.record);
    }
    const rawWrite = async (tag: string) => {
      const items = sampled.map((r) => importedVoteItem({ ...r, meetingId: `raw-${tag}` }));
      const c0 = cpuSeconds(child.pid);
      const t0 = performance.now();
      await batchPut(clients.documents, config.tableName, items);
      const ms = performance.now() - t0;
      return { ms, server: (cpuSeconds(child.pid) ?? 0) - (c0 ?? 0) };
    };
    /** The command's path: digest the file, read it as CSV, import over the composition's adapters. */
    const runImport = async (path = file) => {
      const { digest: fileDigest, lines } = await contentDigest(createReadStream(path));
      return importVotes(await root.voteImport(), {
        meeting,
        channel: 'mail',
        fileDigest,
        expectedRows: lines - 1,
        sourceName: basename(path),
        records: readCsvRecords(createReadStream(path), {
          known: (c) => isVoteFileColumn('mail', c),
          required: VOTE_FILE_REQUIRED.mail,
        }),
      });
    };

    await rawWrite('warm'); // untimed warm-up of the server and connections
    const before = await rawWrite('before');
    const c0 = cpuSeconds(child.pid);
    const t0 = performance.now();
    const report = await runImport();
    const importSeconds = (performance.now() - t0) / 1000;
    const serverBusyImport = c0 === undefined ? undefined : ((cpuSeconds(child.pid) ?? 0) - c0) / importSeconds;
    const after = await rawWrite('after');
    if (report.counts.rowsRead !== rows || report.counts.rejected !== 0)
      throw new Error(`votes import: ${JSON.stringify(report.counts)}`);
    const r0 = performance.now();
    const again = await runImport();
    const reimportSeconds = (performance.now() - r0) / 1000;
    const k0 = performance.now();
    const next = await runImport(cumulative);
    const cumulativeSeconds = (performance.now() - k0) / 1000;

    const importRowsPerSecond = rows / importSeconds;
    return {
      rows,
      ...againstRawFloor(importRowsPerSecond, sample, before.ms, after.ms),
      stored: report.counts.newlyStored,
      reimportNew: again.counts.newlyStored,
      reimportSeconds,
      cumulativeRows: rows + later,
      cumulativeSeconds,
      cumulativeNew: next.counts.newlyStored,
      cumulativeAlready: next.counts.alreadyStored,
      holdersSeconds,
      serverBusyImport,
      serverBusyRaw:
        serverBusyImport === undefined ? undefined : (before.server + after.server) / ((before.ms + after.ms) / 1000),
    };
  } finally {
    clients.dynamodb.destroy();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
