/**
 * Householding benchmark, measured the way a user runs it: `proxydesk households --file <f>
 * --json` in a child process (the real bin, running the built CLI as after `npm ci`: the bundle is
 * built first, untimed, and the figure says whether the bin ran it), output to a file, on a generated holder
 * file of messy Pub 28 address forms and near-misses. Against it, in the same run, the time to
 * merely parse the same file with csv-parse. Peak resident memory is the child's own (getrusage
 * maxRSS, reported at its exit by a preloaded hook), less a fixed base: the same command on a
 * ten-row file (and, as a detail, on a 4,000-row file).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse';
import { generateAddressVariants } from '../shared/domain/households/generate.js';
import { buildCli } from '../cli/build.js';
import { freshBundle } from '../bin/cli-entry.js';

export interface GroupingFigure {
  readonly rows: number;
  /** The median of three: csv-parse in the bench process, and in a process of its own; the CLI. */
  readonly parseSeconds: number;
  readonly parseProcessSeconds: number;
  /** Each run's seconds: the CLI's, the in-process parse's. */
  readonly runs: readonly number[];
  readonly parses: readonly number[];
  readonly cliSeconds: number;
  readonly ratio: number;
  /** The command's CPU less the 10-row command's, against the parse's CPU. */
  readonly cpuRatio: number;
  /** The ratio with the 10-row command's wall time (start-up) taken off. */
  readonly ratioPastStart: number;
  /** Load average over the last minute at the end (the machine may be shared). */
  readonly load: number;
  readonly peakRssMiB: number;
  readonly baseRssMiB: number;
  /** (peak − base) per row. */
  readonly bytesPerRow: number;
  /** (peak − peak on 4,000 rows) per row beyond those. */
  readonly bytesPerRowPastThread: number;
  readonly households: number;
  readonly copiesSaved: number;
  /** Whether the bin ran the built CLI (dist/cli/) in every run, rather than the sources through tsx. */
  readonly bundled: boolean;
}

const BIN = fileURLToPath(new URL('../bin/proxydesk.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIRST = ['Ann', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ida', 'José', 'Zoë'];
const LAST = ['Lee', 'Roe', 'Poe', 'Smith', 'García', "O'Brien", 'Nguyen', 'Kim', 'Müller'];
const CONSENT = ['affirmative', 'implied', 'implied', 'none', 'revoked'];
const csv = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A registered holder file whose addresses come from the variant generator (about two rows per delivery point). */
async function writeFile(path: string, rows: number): Promise<void> {
  const lines = function* () {
    yield 'account_id,name,address_line1,address_line2,address_line3,city,state,postal_code,country,shares,householding_consent\n';
    let n = 0;
    for (const g of generateAddressVariants({ bases: rows, variants: 3, seed: 7 })) {
      if (n >= rows) return;
      n++;
      const f = g.fields;
      const name = `${LAST[g.truth % LAST.length]}, ${FIRST[n % FIRST.length]}`;
      const row = [
        `TA-${n}`,
        name,
        f.address_line1,
        f.address_line2,
        f.address_line3,
        f.city,
        f.state,
        f.postal_code,
        f.country,
        String(1 + (n % 500)),
        CONSENT[n % CONSENT.length]!,
      ];
      yield `${row.map(csv).join(',')}\n`;
    }
  };
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

/** Seconds to parse the file with csv-parse (records counted, nothing else). */
async function parseSeconds(file: string): Promise<{ seconds: number; cpuSeconds: number; records: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let records = 0;
  for await (const _ of createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }))) records++;
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, records };
}

/** Runs of the CLI and of each parse (alternated); their median is the figure. */
const RUNS = 3;

/** The element with the median `key` (RUNS is odd). */
function median<T>(items: readonly T[], key: (t: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[items.length >> 1]!;
}

/** Seconds for a process of its own to parse the file with csv-parse (`node` started, csv-parse loaded, records counted). */
async function parseProcessSeconds(file: string): Promise<number> {
  const script =
    "const { parse } = await import('csv-parse'); const { createReadStream } = await import('node:fs'); " +
    `for await (const _ of createReadStream(${JSON.stringify(file)}).pipe(parse({ bom: true, relax_column_count: true })));`;
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`the parse process exited with ${code}`);
  return (performance.now() - t0) / 1000;
}

/** Runs the CLI on a file, output to `out`: wall seconds and the child's peak RSS (bytes). */
async function runCli(
  dir: string,
  file: string,
  out: string,
): Promise<{ seconds: number; maxRss: number; cpuSeconds: number }> {
  const hook = join(dir, 'max-rss.mjs');
  const rssFile = join(dir, 'max-rss.txt');
  writeFileSync(
    hook,
    "import { writeFileSync } from 'node:fs';\n" +
      "process.on('exit', () => {\n" +
      '  const u = process.resourceUsage();\n' +
      `  writeFileSync(${JSON.stringify(rssFile)}, \`\${u.maxRSS} \${u.userCPUTime + u.systemCPUTime}\`);\n` +
      '});\n',
  );
  const t0 = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--openssl-legacy-provider',
        '--import',
        hook,
        BIN,
        'households',
        '--file',
        file,
        '--on',
        '2025-01-01',
        '--json',
      ],
      { env: { ...process.env, PROXYDESK_TARGET: '' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.stdout.pipe(createWriteStream(out));
    child.on('error', reject);
    child.on('close', resolve);
  });
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`proxydesk households exited with ${code}`);
  const [rssKiB, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
  return { seconds, maxRss: rssKiB! * 1024, cpuSeconds: cpuMicros! / 1e6 };
}

/** The figures at the head of the CLI's JSON output (it writes them before the households). */
function figuresOf(out: string): { holders: number; households: number; copiesSaved: number } {
  const head = readFileSync(out, 'utf8').slice(0, 4096);
  const m = /"figures":\s*(\{[^}]*\})/.exec(head);
  if (!m) throw new Error('no figures at the head of the output');
  return JSON.parse(m[1]!) as { holders: number; households: number; copiesSaved: number };
}

export async function benchGrouping(rows: number): Promise<GroupingFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-households-'));
  try {
    const tiny = join(dir, 'tiny.csv');
    const file = join(dir, 'holders.csv');
    const out = join(dir, 'out.json');
    const small = join(dir, 'small.csv');
    await writeFile(tiny, 10);
    await writeFile(small, 4000);
    await writeFile(file, rows);
    // The CLI as installed (npm ci builds it); built here, untimed, in case a source changed since.
    await buildCli();
    const builtBefore = freshBundle(ROOT) !== undefined;
    // The base: the same command on ten rows (runtime, tsx, the CLI's modules).
    const base = await runCli(dir, tiny, out);
    // A small file's peak too: what grows with the rows is what lies above it.
    const threaded = await runCli(dir, small, out);
    // Three of each, alternated, and the middle one taken: a single run swings by a third on a shared machine.
    const parses: Awaited<ReturnType<typeof parseSeconds>>[] = [];
    const runs: Awaited<ReturnType<typeof runCli>>[] = [];
    const processParses: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      parses.push(await parseSeconds(file));
      runs.push(await runCli(dir, file, out));
      processParses.push(await parseProcessSeconds(file));
    }
    const parsed = median(parses, (p) => p.seconds);
    if (parsed.records !== rows + 1) throw new Error(`parsed ${parsed.records} records of ${rows} rows and a header`);
    const run = median(runs, (r) => r.seconds);
    const parseProcess = median(processParses, (x) => x);
    const bundled = builtBefore && freshBundle(ROOT) !== undefined;
    const f = figuresOf(out);
    if (f.holders !== rows) throw new Error(`the CLI grouped ${f.holders} of ${rows} rows`);
    return {
      rows,
      parseSeconds: parsed.seconds,
      parseProcessSeconds: parseProcess,
      runs: runs.map((r) => r.seconds),
      parses: parses.map((p) => p.seconds),
      cliSeconds: run.seconds,
      ratio: run.seconds / parsed.seconds,
      cpuRatio: (run.cpuSeconds - base.cpuSeconds) / parsed.cpuSeconds,
      ratioPastStart: (run.seconds - base.seconds) / parsed.seconds,
      load: loadavg()[0]!,
      peakRssMiB: Math.max(...runs.map((r) => r.maxRss)) / 2 ** 20,
      baseRssMiB: base.maxRss / 2 ** 20,
      bytesPerRow: (Math.max(...runs.map((r) => r.maxRss)) - base.maxRss) / rows,
      bytesPerRowPastThread: (Math.max(...runs.map((r) => r.maxRss)) - threaded.maxRss) / (rows - 4000),
      households: f.households,
      copiesSaved: f.copiesSaved,
      bundled,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
