/**
 * Householding benchmark: group a generated holder file (messy address variants and near-misses,
 * shared addresses) of `rows` rows, against the time to merely parse the same CSV, with the peak
 * memory of grouping. Both read the file from disk through the same CSV reader.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { readCsvRecords } from '../shared/adapters/csv/records.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED } from '../shared/domain/holders/schema.js';
import { fileHouseholds } from '../shared/domain/households/use-cases.js';
import { householdValidator } from '../shared/adapters/parallel/household-validator.js';
import { generateAddressVariants } from '../shared/domain/households/generate.js';
import { Temporal } from '../shared/domain/calendar/dates.js';

export interface GroupingFigure {
  readonly rows: number;
  readonly parseSeconds: number;
  readonly groupSeconds: number;
  readonly ratio: number;
  readonly peakRssMiB: number;
  readonly baselineRssMiB: number;
  readonly households: number;
  readonly copiesSaved: number;
}

const FIRST = ['Ann', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ida', 'José', 'Zoë'];
const LAST = ['Lee', 'Roe', 'Poe', 'Smith', 'García', "O'Brien", 'Nguyen', 'Kim', 'Müller'];
const CONSENT = ['affirmative', 'implied', 'implied', 'none', 'revoked'];
const csv = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A registered holder file whose addresses come from the variant generator (about two rows per delivery point). */
async function writeFile(path: string, rows: number): Promise<void> {
  const lines = function* () {
    yield 'account_id,name,address_line1,address_line2,city,state,postal_code,country,shares,householding_consent\n';
    let n = 0;
    for (const g of generateAddressVariants({ bases: rows, variants: 3, seed: 7 })) {
      if (n >= rows) return;
      n++;
      const f = g.fields;
      const name = `${LAST[g.truth % LAST.length]}, ${FIRST[n % FIRST.length]}`;
      const shares = String(1 + (n % 500));
      const consent = CONSENT[n % CONSENT.length]!;
      const row = [
        `TA-${n}`,
        name,
        f.address_line1,
        f.address_line2,
        f.city,
        f.state,
        f.postal_code,
        f.country,
        shares,
        consent,
      ];
      yield `${row.map(csv).join(',')}\n`;
    }
  };
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

export async function benchGrouping(rows: number): Promise<GroupingFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'proxydesk-households-'));
  try {
    const file = join(dir, 'holders.csv');
    await writeFile(file, rows);
    const records = () =>
      readCsvRecords(createReadStream(file), { known: REGISTERED_COLUMNS, required: REGISTERED_REQUIRED });

    let t0 = performance.now();
    let parsed = 0;
    for await (const _ of records()) parsed++;
    const parseSeconds = (performance.now() - t0) / 1000;
    if (parsed !== rows) throw new Error(`parsed ${parsed} of ${rows}`);

    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    t0 = performance.now();
    const validator = householdValidator(); // as the CLI does: validation on a second thread
    const report = await fileHouseholds(
      records(),
      'bench',
      Temporal.PlainDate.from('2025-01-01'),
      {},
      process.env.NO_THREAD ? undefined : validator.validate,
    );
    const groupSeconds = (performance.now() - t0) / 1000;
    await validator.close();
    clearInterval(sampler);
    if (report.rejections?.length)
      throw new Error(
        `grouping rejected ${report.rejections.length} rows: ${JSON.stringify(report.rejections.slice(0, 3))}`,
      );
    return {
      rows,
      parseSeconds,
      groupSeconds,
      ratio: groupSeconds / parseSeconds,
      peakRssMiB: peak / 2 ** 20,
      baselineRssMiB: baseline / 2 ** 20,
      households: report.figures.households,
      copiesSaved: report.figures.copiesSaved,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
