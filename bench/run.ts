/**
 * `npm run bench`: speed and memory figures, written to BENCHMARKS.md with the machine and date.
 * Targets live here, not in timed tests. `BENCH_SECTIONS=core,import,households,distribution`
 * (default: all) runs some sections; the others keep their last figures, each with its own date
 * and machine (BENCHMARKS.json holds them; BENCHMARKS.md is rendered from it).
 */
import { cpus, totalmem, platform, release } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Temporal } from 'temporal-polyfill';
import { computeDeadlines, checkSubmission } from '../shared/domain/deadlines/engine.js';
import { addBusinessDays } from '../shared/domain/calendar/business-days.js';
import { startLocalServers } from '../cli/local/servers.js';
import { localConfig } from '../cli/local/config.js';
import { createClients } from '../shared/adapters/clients.js';
import { provision } from '../shared/adapters/provision.js';
import { benchImport } from './import.js';
import { benchGrouping } from './households.js';
import { benchDistribution } from './distribution.js';
import { benchLoad, type LoadFigure } from './load.js';
import { benchVotes } from './votes.js';
import { benchVoteImport } from './votes-import.js';
import { benchTabulation } from './tabulation.js';

interface Row {
  readonly name: string;
  readonly figure: string;
  readonly target: string;
  readonly met: boolean;
}

function rate(name: string, n: number, target: number, fn: (i: number) => void): Row {
  for (let i = 0; i < Math.min(n, 500); i++) fn(i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const perSecond = n / ((performance.now() - t0) / 1000);
  return {
    name,
    figure: `${Math.round(perSecond).toLocaleString('en-US')} /s`,
    target: `≥ ${target.toLocaleString('en-US')} /s`,
    met: perSecond >= target,
  };
}

type Section = 'core' | 'import' | 'households' | 'distribution' | 'load' | 'votes' | 'votes-import' | 'tabulation';
const SECTIONS: readonly Section[] = [
  'core',
  'import',
  'households',
  'distribution',
  'load',
  'votes',
  'votes-import',
  'tabulation',
];
const TITLES: Record<Section, string> = {
  core: 'Deadlines, calendars, local start',
  import: 'Holder-list import',
  households: 'Households',
  distribution: 'Distribution',
  load: 'Load on the local API',
  votes: 'Voting load on the local API',
  'votes-import': 'Vote-file import',
  tabulation: 'Tabulation',
};

interface SectionResult {
  readonly date: string;
  readonly machine: string;
  readonly settings: string;
  readonly rows: Row[];
  readonly detail?: string[];
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function core(): Promise<SectionResult['rows']> {
  const rows: Row[] = [];
  const start = Temporal.PlainDate.from('2020-01-01');
  rows.push(
    rate('deadline report (computeDeadlines, seed-like inputs, varying dates)', 20_000, 2_000, (i) => {
      const prior = start.add({ days: i % 1500 });
      computeDeadlines({
        priorMeeting: prior.toString(),
        priorRelease: prior.subtract({ days: 15 }).toString(),
        timeZone: 'America/Los_Angeles',
      });
    }),
  );
  const report = computeDeadlines({
    priorMeeting: '2024-06-20',
    priorRelease: '2024-06-05',
    timeZone: 'America/Los_Angeles',
  });
  const received = Temporal.Instant.from('2025-03-22T17:00:00-07:00');
  rows.push(
    rate(
      'timeliness check (checkSubmission)',
      50_000,
      10_000,
      () => void checkSubmission(report, 'advance-notice', received),
    ),
  );
  rows.push(
    rate(
      'add 3 business days (copy-request due date)',
      100_000,
      20_000,
      (i) => void addBusinessDays(start.add({ days: i % 3000 }), 3),
    ),
  );

  const t0 = performance.now();
  const servers = await startLocalServers({});
  const config = localConfig(servers.endpoints);
  const clients = createClients(config);
  await provision(clients, config);
  const startup = performance.now() - t0;
  rows.push({
    name: 'local platform start (dynalite + s3rver + SES, tables and buckets)',
    figure: `${Math.round(startup)} ms`,
    target: '≤ 3,000 ms',
    met: startup <= 3000,
  });
  clients.dynamodb.destroy();
  clients.s3.destroy();
  clients.ses.destroy();
  clients.sqs.destroy();
  await servers.stop();
  return rows;
}

async function imports(sizes: number[]): Promise<Pick<SectionResult, 'rows' | 'detail'>> {
  const rows: Row[] = [];
  // Holder-list import: rows/s against the raw BatchWriteItem rate of the same server, and memory.
  const imports = await benchImport(sizes);
  for (const f of imports) {
    rows.push({
      name: `holder import, ${f.rows.toLocaleString('en-US')} rows (dynalite in its own process)`,
      figure:
        `${Math.round(f.importRowsPerSecond).toLocaleString('en-US')} rows/s vs raw BatchWriteItem ` +
        `${Math.round(f.rawItemsPerSecond).toLocaleString('en-US')} items/s = ${(f.ratio * 100).toFixed(0)}%`,
      target: '≥ 80% of raw',
      met: f.ratio >= 0.8,
    });
  }
  // Flat as rows grow: the largest run, 10× the rows of the one before, needs no more than 50 MiB
  // more (buffering would need 10× the memory). The smallest run is too short for the heap to settle.
  const growth = imports.map((f) => f.peakRssMiB - f.baselineRssMiB);
  const [before, last] = [growth.at(-2) ?? growth[0]!, growth.at(-1)!];
  rows.push({
    name: `import peak memory above baseline at ${sizes.map((n) => n.toLocaleString('en-US')).join(' / ')} rows`,
    figure: `${growth.map((g) => `${Math.round(g)} MiB`).join(' / ')}`,
    target: 'flat: the largest run ≤ the one before + 50 MiB',
    met: last <= before + 50,
  });
  const heap = process.memoryUsage().rss / 1024 / 1024;
  rows.push({
    name: 'resident memory after the import runs',
    figure: `${Math.round(heap)} MiB`,
    target: '≤ 500 MiB',
    met: heap <= 500,
  });
  const detail = [
    "Raw BatchWriteItem: samples of min(rows, 50,000) items of the import's shape, written through the " +
      'same BatchWriteItem code (25 per call, 16 calls in flight) just before the import (parsed from the ' +
      'same file, unnumbered) and just after it (the very items it wrote, read back), under other ' +
      'meetings; only the writes are timed, and the two samples are pooled. Bracketing the import this way ' +
      'keeps the growing table (dynalite slows as it grows) from favouring either side. An untimed ' +
      '2,000-row warm-up comes first. Both sides share the machine: the DynamoDB server runs in its own ' +
      'process, and "server busy" is the share of one core it used (Linux only; above 1 when its garbage ' +
      "collector runs in parallel). The client figure is this process's CPU per row: everything an import " +
      'does (parse, validate, number, hash, match the household address, marshal, send) against sending ' +
      'alone.',
    '',
    '| rows | import rows/s | raw items/s before / after (pooled) | ratio | server busy, import / raw | ' +
      'client CPU µs per row, import / raw | peak memory above baseline |',
    '|---|---|---|---|---|---|---|',
    ...imports.map(
      (f) =>
        `| ${fmt(f.rows)} | ${fmt(f.importRowsPerSecond)} | ${fmt(f.rawBeforePerSecond)} / ` +
        `${fmt(f.rawAfterPerSecond)} (${fmt(f.rawItemsPerSecond)}) | ${(f.ratio * 100).toFixed(0)}% | ` +
        `${f.serverBusyImport?.toFixed(2) ?? 'n/a'} / ${f.serverBusyRaw?.toFixed(2) ?? 'n/a'} | ` +
        `${Math.round(f.clientMicrosPerRow)} / ${Math.round(f.clientMicrosPerRawItem)} | ` +
        `${fmt(f.peakRssMiB - f.baselineRssMiB)} MiB |`,
    ),
  ];
  return { rows, detail };
}

async function households(sizes: readonly number[]): Promise<Pick<SectionResult, 'rows' | 'detail'>> {
  // Householding as users run it: the CLI on a file of messy Pub 28 address forms, against merely parsing the file.
  const rows: Row[] = [];
  for (const n of sizes) {
    const g = await benchGrouping(n);
    const size = n.toLocaleString('en-US');
    rows.push(
      {
        name: `households: \`proxydesk households --file <${size} rows> --json\` (start, read, validate, match, group, write)`,
        figure:
          `${g.cliSeconds.toFixed(1)} s = ${g.ratio.toFixed(2)}× the ${g.parseSeconds.toFixed(1)} s to ` +
          `merely parse the file with csv-parse (${g.households.toLocaleString('en-US')} households, ` +
          `${g.copiesSaved.toLocaleString('en-US')} copies saved); past the ${(g.cliSeconds - g.ratioPastStart * g.parseSeconds).toFixed(1)} s start-up ` +
          `${g.ratioPastStart.toFixed(2)}×; CPU past start-up ${g.cpuRatio.toFixed(2)}× the parse's CPU; ` +
          `load average ${g.load.toFixed(1)} on ${cpus().length} cores; the median of ${g.runs.length} runs ` +
          `(${g.runs.map((x) => x.toFixed(2)).join(', ')} s; parses ${g.parses.map((x) => x.toFixed(2)).join(', ')} s); ` +
          `against a parse in a process of its own (${g.parseProcessSeconds.toFixed(2)} s, as the command starts one) ` +
          `${(g.cliSeconds / g.parseProcessSeconds).toFixed(2)}×; ` +
          (g.bundled ? 'the built CLI (dist/cli/)' : 'the CLI from its sources through tsx (no fresh bundle)'),
        target: '≤ 2.5× parse',
        met: g.ratio <= 2.5,
      },
      {
        name: `households: peak resident memory of that command on ${size} rows, above the same command on 10 rows`,
        figure:
          `${Math.round(g.peakRssMiB)} MiB − ${Math.round(g.baseRssMiB)} MiB = ${Math.round(g.bytesPerRow)} bytes per row ` +
          `(${Math.round(g.bytesPerRowPastThread)} bytes per row above the command on 4,000 rows)`,
        target: '≤ 1 KB per row',
        met: g.bytesPerRow <= 1024,
      },
    );
  }
  const detail = [
    'Measured as a user runs it: the real `bin/proxydesk.js` in a child process (the CLI built by `npm ci`, ' +
      'rebuilt untimed before the runs; each figure says whether the bin ran it), `--json` written to a file. ' +
      'The parse time is csv-parse reading the same file in the bench process ' +
      "in the same run, records counted and nothing else (the target's yardstick); also shown, the same parse " +
      'in a `node` process of its own, which pays a start as the command does. Each is run three times, alternated, ' +
      "and the median taken. Peak memory is the child's own (the largest of the runs; getrusage maxRSS, " +
      'reported at its exit by a preloaded hook). The file is the address-variant ' +
      "generator's (shared/domain/households/generate.ts): floors either way round, split rural routes, " +
      'Saint/Mount/Fort/Highway, ordinals in words, units on any line, spelled directionals, and near-misses.',
  ];
  return { rows, detail };
}

async function distribution(holders: number): Promise<Pick<SectionResult, 'rows' | 'detail'>> {
  const f = await benchDistribution(holders);
  const n = f.holders.toLocaleString('en-US');
  return {
    rows: [
      {
        name: `distribution: plan ${n} holders (read the list from DynamoDB and plan pieces, households and chunks) vs merely reading the list back`,
        figure:
          `${f.planSeconds.toFixed(1)} s = ${f.ratio.toFixed(2)}× the ${f.readSeconds.toFixed(1)} s read ` +
          `(planning itself: ${f.planOnlySeconds.toFixed(1)} s)`,
        target: '≤ 3× read',
        met: f.ratio <= 3,
      },
      {
        name:
          `distribution: produce ${fmt(f.pieces)} pieces for ${n} holders, full set (${fmt(f.emails)} emails ` +
          `through the local SES, ${fmt(f.mailPieces)} mail pieces in ${fmt(f.manifests)} manifest files; each ` +
          `claimed and marked in the ledger)`,
        figure:
          `${fmt(f.piecesPerSecond)} pieces/s (${f.produceSeconds.toFixed(0)} s); every piece once: ` +
          `${fmt(f.checked.manifestRows)} manifest rows, ${fmt(f.checked.sesMessages)} emails`,
        target: 'recorded; every piece exactly once (checked)',
        met: true,
      },
      {
        name: `distribution: peak memory above baseline while producing the pieces of ${n} holders (the list and plan in memory)`,
        figure: `${fmt(f.peakRssMiB - f.baselineRssMiB)} MiB`,
        target: 'recorded (no target set)',
        met: true,
      },
    ],
    detail: [
      `The list (${n} generated holders, ${fmt(f.households)} households applied to the mail, one nominee ` +
        `with 400 sets) is written first as the import stores it (${f.loadSeconds.toFixed(0)} s, untimed). ` +
        `"Read" pages through the 16 holder shards; "plan" reads again and plans, as the plan job does. ` +
        `Producing is the in-process run (the CLI's path): emails at most 1,000/s (the local SES rate the ` +
        `mailer is given), each claimed (a conditional write), sent and marked; then each manifest file's ` +
        `pieces claimed 16 at a time, the file written, and the pieces marked sent in batches of 25. ` +
        `DynamoDB (dynalite, its own process) was busy ${f.serverBusy?.toFixed(2) ?? 'n/a'} of a core while ` +
        `producing. The local SES store is cleared every 5 s during the run so the in-process SES server ` +
        `does not hold every message.`,
    ],
  };
}

async function load(f: LoadFigure): Promise<Pick<SectionResult, 'rows' | 'detail'>> {
  return {
    rows: [
      {
        name: `POST /meetings/{id}/requests, ${f.connections} connections for ${f.seconds} s (loopback; the real handlers against dynalite)`,
        figure: `${fmt(f.perSecond)} requests/s, p50 ${f.p50} ms, p99 ${f.p99} ms (${fmt(f.requests)} requests, ${fmt(f.non2xx)} not 2xx)`,
        target: 'p99 ≤ 1,000 ms; no error',
        met: f.p99 <= 1000 && f.non2xx === 0,
      },
      {
        name: 'request records after the load: each accepted request stored once, repeats the same record',
        figure: `${fmt(f.distinct)} distinct requests accepted, ${fmt(f.stored)} stored, ${fmt(f.lost)} lost`,
        target: 'stored = distinct accepted; none lost',
        met: f.lost === 0 && f.stored === f.distinct,
      },
    ],
    detail: [
      'The requests cycle through 1,500 distinct ones (500 holders × paper copy, separate set, ' +
        'householding opt-out), so most submissions repeat a stored request and must come back as that same ' +
        'request (conditional put on a deterministic id). Without a fulfilment queue configured, the ' +
        'requests are stored only. One process holds the load generator, the API stand-in, the handlers and ' +
        'the local servers.',
    ],
  };
}

/** Votes through the local API beside the requests figure of the same run (bench/votes.ts). */
async function votes(seconds: number, requests: LoadFigure): Promise<Pick<SectionResult, 'rows' | 'detail'>> {
  const f = await benchVotes(seconds);
  return {
    rows: [
      {
        name: `POST /meetings/{id}/votes, ${f.connections} connections for ${f.seconds} s (loopback; the real handlers against dynalite)`,
        figure:
          `${fmt(f.perSecond)} votes/s, p50 ${f.p50} ms, p99 ${f.p99} ms (${fmt(f.votes)} votes, ${fmt(f.non2xx)} not 2xx); ` +
          `requests in the same run: ${fmt(requests.perSecond)} /s`,
        target: 'votes/s ≥ requests/s of the same run; p99 ≤ 250 ms; no error',
        met: f.perSecond >= requests.perSecond && f.p99 <= 250 && f.non2xx === 0,
      },
      {
        name: 'vote histories read back after the load: each accepted vote stored exactly once, none lost',
        figure:
          `${fmt(f.accepted)} receipts, ${fmt(f.stored)} stored, ${fmt(f.duplicated)} twice, ${fmt(f.lost)} lost ` +
          `(read back in ${fmt(f.readBackMs)} ms)`,
        target: 'stored = accepted; none twice; none lost',
        met: f.lost === 0 && f.duplicated === 0 && f.stored === f.accepted,
      },
    ],
    detail: [
      `The votes cycle through ${fmt(f.holders)} generated holders' control numbers, each round with a changed ballot, ` +
        'so every vote is a new submission of its account (the holder by control number, the history read, a ' +
        'conditional put at the next place; a receipt email to the local SES server for holders with an email). ' +
        'The read-back is the status query (16 gsi1 shards). The requests figure is the load section of the same run ' +
        '(run beside it when the load section is not chosen).',
    ],
  };
}

async function votesImport(rows: number): Promise<Pick<SectionResult, 'rows' | 'detail'>> {
  const f = await benchVoteImport(rows);
  const n = fmt(f.rows);
  return {
    rows: [
      {
        name: `votes import: a ${n}-row mailed-card file (the command's path; dynalite in its own process)`,
        figure:
          `${fmt(f.importRowsPerSecond)} rows/s vs raw BatchWriteItem ${fmt(f.rawItemsPerSecond)} items/s = ` +
          `${Math.round(f.ratio * 100)}%`,
        target: '≥ 80% of raw',
        met: f.ratio >= 0.8,
      },
      {
        name: 'votes import: every row stored once; the same file again stores nothing',
        figure: `${fmt(f.stored)} stored; again: ${fmt(f.reimportNew)} new (${f.reimportSeconds.toFixed(1)} s)`,
        target: `${n} stored; 0 new`,
        met: f.stored === f.rows && f.reimportNew === 0,
      },
      {
        name: `votes import: the next day's cumulative file (the ${n} cards again and ${fmt(f.cumulativeRows - f.rows)} new)`,
        figure:
          `${fmt(f.cumulativeRows / f.cumulativeSeconds)} rows/s (${f.cumulativeSeconds.toFixed(1)} s); ` +
          `${fmt(f.cumulativeNew)} new, ${fmt(f.cumulativeAlready)} already stored`,
        target: `recorded; ${fmt(f.cumulativeRows - f.rows)} new, ${n} already stored`,
        met: f.cumulativeNew === f.cumulativeRows - f.rows && f.cumulativeAlready === f.rows,
      },
    ],
    detail: [
      `One card per holder of a ${n}-holder list (imported first, untimed: ${f.holdersSeconds.toFixed(0)} s); ` +
        'one card in 50 unsigned (stored as not counting). The import is what `proxydesk votes import` runs: ' +
        "the file's content digest, the CSV reader, the meeting's file runs read (the latest receipt declared), then " +
        "per 1,000 rows the holders (the file's line count, taken with its digest, passes a quarter of the list, so " +
        "the list's 16 shards are read once by Query), the rows read against the meeting (readCard, the mail cut-off), the " +
        "chunk's latest receipt declared, a BatchWriteItem of the rows (none can be stored yet: the meeting's first " +
        "file), and the file's progress saved; eight chunks at once, each with four calls in flight. Raw: " +
        `the records the import makes of the file's first ${fmt(f.rawSample)} rows (the domain's readVoteRow, ` +
        'untimed), as the import writes them (`importedVoteItem`: the record, its key and its `VOTED#` index ' +
        'entry) under another meeting, through the same BatchWriteItem code (25 per call, ' +
        `16 calls in flight), just before (${fmt(f.rawBeforePerSecond)}/s) and just after (${fmt(f.rawAfterPerSecond)}/s) ` +
        `the import, pooled. DynamoDB server busy, import / raw: ${f.serverBusyImport?.toFixed(2) ?? 'n/a'} / ` +
        `${f.serverBusyRaw?.toFixed(2) ?? 'n/a'} of a core. The cumulative file's old cards were received no later ` +
        'than the first file declared, so each is looked for (BatchGetItem) and found; its new cards are written.',
    ],
  };
}

/** The count against reading its votes back, at a smaller and the full size (memory must not grow with holders). */
async function tabulation(sizes: readonly number[]): Promise<Pick<SectionResult, 'rows' | 'detail'>> {
  const f = await benchTabulation(sizes);
  const rows: Row[] = f.runs.map((r) => ({
    name:
      `tabulate --final: ${fmt(r.votes)} registered votes + ${fmt(f.reports)} nominee reports (runTabulation over ` +
      'root.tabulation(), dynalite in its own process) vs a raw Query of the 16 VOTED# shards',
    figure: `${r.tallySeconds.toFixed(1)} s = ${r.ratio.toFixed(2)}× the ${r.rawSeconds.toFixed(1)} s raw read`,
    target: '≤ 2× raw',
    met: r.ratio <= 2,
  }));
  const [small, large] = [f.runs[0]!, f.runs.at(-1)!];
  rows.push({
    name: `tabulate peak memory above baseline at ${f.runs.map((r) => fmt(r.votes)).join(' / ')} votes (RSS; heap)`,
    figure: f.runs.map((r) => `${fmt(r.peakRssMiB)} MiB; ${fmt(r.peakHeapMiB)} MiB`).join(' / '),
    target: 'flat: the largest ≤ the smallest + 50 MiB (RSS and heap)',
    met: large.peakRssMiB <= small.peakRssMiB + 50 && large.peakHeapMiB <= small.peakHeapMiB + 50,
  });
  return {
    rows,
    detail: [
      'Each size is a meeting of its own in one dynalite server: one internet vote per account written straight ' +
        "in the vote store's item shape (BatchWriteItem, untimed), 1,000 nominee reports (10 lines each: five " +
        'directors and proposals 2–6) made the reports that count, and a position list of the 1,000 participants. ' +
        'Raw: every item of the 16 `VOTED#` shards by Query through the document client (the SDK unmarshals; ' +
        'nothing else), four shards in flight, after a one-shard warm-up. Tabulate: `runTabulation(root.tabulation(), ' +
        "meeting, { mode: 'final' })`, the code `proxydesk tabulate --final` runs (the store reads four shards " +
        'ahead, each buffering at most 2,000 items; each account is counted and dropped). Memory, in a second (untimed) ' +
        'run of the count: this process’s peak RSS (sampled every 20 ms) and peak live V8 heap (heapUsed just ' +
        'after a forced full GC, every 250 ms), less the values just before it; the two runs must give the same ' +
        'tabulation. Compare the rows: the larger run holds no more than the smaller one.',
      '',
      '| votes | seed s (untimed) | raw s | tabulate s | ratio | server busy raw / tabulate | peak RSS / heap above baseline |',
      '|---|---|---|---|---|---|---|',
      ...f.runs.map(
        (r) =>
          `| ${fmt(r.votes)} | ${r.seedSeconds.toFixed(0)} | ${r.rawSeconds.toFixed(1)} | ${r.tallySeconds.toFixed(1)} | ` +
          `${r.ratio.toFixed(2)} | ${r.serverBusyRaw?.toFixed(2) ?? 'n/a'} / ${r.serverBusyTally?.toFixed(2) ?? 'n/a'} | ` +
          `${fmt(r.peakRssMiB)} / ${fmt(r.peakHeapMiB)} MiB |`,
      ),
    ],
  };
}

async function main(): Promise<void> {
  const chosen = (process.env.BENCH_SECTIONS ?? SECTIONS.join(',')).split(',').map((x) => x.trim()) as Section[];
  for (const c of chosen)
    if (!SECTIONS.includes(c)) throw new Error(`BENCH_SECTIONS: unknown section ${c} (${SECTIONS.join(', ')})`);
  const stateFile = new URL('../BENCHMARKS.json', import.meta.url);
  const state = (existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {}) as Partial<
    Record<Section, SectionResult>
  >;
  const cpu = cpus();
  const machine =
    `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ` +
    `${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const missed: string[] = [];
  const save = (section: Section, settings: string, result: Pick<SectionResult, 'rows' | 'detail'>) => {
    state[section] = { date, machine, settings, ...result };
    missed.push(...result.rows.filter((r) => !r.met).map((r) => r.name));
    writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  };
  if (chosen.includes('core')) save('core', '', { rows: await core() });
  if (chosen.includes('import')) {
    const sizes = (process.env.BENCH_IMPORT_ROWS ?? '10000,100000').split(',').map(Number);
    save('import', `BENCH_IMPORT_ROWS=${sizes.join(',')}`, await imports(sizes));
  }
  if (chosen.includes('households')) {
    const sizes = (process.env.BENCH_GROUP_ROWS ?? '100000,1000000').split(',').map(Number);
    save('households', `BENCH_GROUP_ROWS=${sizes.join(',')}`, await households(sizes));
  }
  if (chosen.includes('distribution')) {
    const holders = Number(process.env.BENCH_DIST_HOLDERS ?? 100_000);
    save('distribution', `BENCH_DIST_HOLDERS=${holders}`, await distribution(holders));
  }
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
  let requests: LoadFigure | undefined;
  if (chosen.includes('votes-import')) {
    const rows = Number(process.env.BENCH_VOTE_ROWS ?? 100_000);
    save('votes-import', `BENCH_VOTE_ROWS=${rows}`, await votesImport(rows));
  }
  if (chosen.includes('tabulation')) {
    const votes = Number(process.env.BENCH_TALLY_VOTES ?? 1_000_000);
    const sizes = [...new Set([Math.min(100_000, Math.max(1, Math.floor(votes / 10))), votes])];
    save('tabulation', `BENCH_TALLY_VOTES=${votes}`, await tabulation(sizes));
  }
  if (chosen.includes('load')) {
    requests = await benchLoad(seconds);
    save('load', `BENCH_LOAD_SECONDS=${seconds}`, await load(requests));
  }
  if (chosen.includes('votes')) {
    // Votes are compared with requests of the same run: measured here when the load section was not chosen.
    requests ??= await benchLoad(seconds);
    save('votes', `BENCH_LOAD_SECONDS=${seconds}`, await votes(seconds, requests));
  }

  const md = [
    '# Benchmarks',
    '',
    '`npm run bench` writes this file. Each section shows when and where it last ran, and with which ' +
      "settings. `BENCH_SECTIONS` runs some sections and keeps the others' figures. The sizes are set by " +
      '`BENCH_IMPORT_ROWS` (default `10000,100000`; `10000,100000,1000000` takes about 20 minutes here), ' +
      '`BENCH_GROUP_ROWS` (default `100000,1000000`), `BENCH_DIST_HOLDERS` (default 100,000; 1,000,000 takes ' +
      'about half an hour here and over 11 GiB for the in-memory DynamoDB server) and `BENCH_TALLY_VOTES` ' +
      '(default 1,000,000; the tabulation also runs at a tenth of it, at most 100,000, to compare memory).',
    '',
    ...SECTIONS.flatMap((section) => {
      const r = state[section];
      if (!r) return [`## ${TITLES[section]}`, '', 'Not run yet.', ''];
      return [
        `## ${TITLES[section]}`,
        '',
        `Run on ${r.date}${r.settings ? ` with \`${r.settings}\`` : ''}; machine: ${r.machine}.`,
        '',
        '| benchmark | figure | target | met |',
        '|---|---|---|---|',
        ...r.rows.map((row) => `| ${row.name} | ${row.figure} | ${row.target} | ${row.met ? 'yes' : '**no**'} |`),
        '',
        ...(r.detail ? [...r.detail, ''] : []),
      ];
    }),
  ].join('\n');
  writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), md);
  process.stdout.write(md);
  if (missed.length) {
    process.stderr.write(`missed targets: ${missed.join('; ')}\n`);
    process.exitCode = 1;
  }
}

await main();
