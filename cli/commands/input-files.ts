import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Rejection } from '#shared/domain/holders/model.js';
import type { PositionImport } from '#shared/domain/tabulation/inputs.js';
import type { InputSource } from '#shared/domain/tabulation/ports.js';
import { UsageError, table } from '../output.js';

/** Shared by the street-name input imports (votes import-nominee-report, holders import-positions). */

export const fmt = (n: number) => n.toLocaleString('en-US');

/** The file named by `--file`: its name and the SHA-256 of its bytes (the same file, the same id). */
export async function inputSource(
  path: string | undefined,
  what: string,
): Promise<{ path: string; source: InputSource }> {
  if (!path) throw new UsageError('--file', `is required (${what})`);
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
  } catch {
    throw new UsageError('--file', `cannot read ${path}`);
  }
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return { path, source: { name: basename(path), id: `sha256:${hash.digest('hex')}` } };
}

/** Rows whose cells from column `from` on are numbers: padded to the column's width, so they line up on the right. */
export function alignNumbers(
  rows: readonly (readonly string[])[],
  from: number,
  header?: readonly string[],
): string[][] {
  const all = header ? [header, ...rows] : rows;
  const widths = all.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => r.map((c, i) => (i >= from ? c.padStart(widths[i] ?? 0) : c)));
}

/** The counts line and the rejected rows (line, field, reason), for people. */
export function rowsText(r: {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rejections: readonly Rejection[];
}): { counts: string; rejected: string[] } {
  const counts = `Rows read ${fmt(r.rowsRead)}, accepted ${fmt(r.rowsAccepted)}, rejected ${fmt(r.rowsRejected)}`;
  if (!r.rejections.length) return { counts, rejected: [] };
  return {
    counts,
    rejected: [
      'Rejected rows:',
      table(
        r.rejections.map((x) => [String(x.line), x.field, x.message]),
        ['line', 'field', 'reason'],
      ),
    ],
  };
}

/** Positions listed one by one up to this many; a longer list is summed only (the JSON has every one). */
const LISTED = 50;

const POSITION_HEADER = ['participant', 'name', 'shares'];

const percent = (part: number, whole: number) => (whole ? `${((part * 100) / whole).toFixed(1)}%` : '-');

export function positionsText(r: PositionImport): string {
  const rows = rowsText(r);
  const what = {
    stored: 'stored',
    replaced: `stored; replaces the list from ${r.replaced?.source.name} imported ${r.replaced?.importedAt}`,
    unchanged: 'already imported from this file: unchanged',
    nothing: 'no valid row: nothing stored',
  }[r.outcome];
  const lines = [`DTC security position report for ${r.meetingId} from ${r.source.name}: ${what}`, rows.counts];
  const list = r.list;
  if (list && r.outcome !== 'nothing') {
    if (list.positions.length <= LISTED)
      lines.push(
        '',
        table(
          alignNumbers(
            list.positions.map((p) => [p.participant, p.participantName ?? '', fmt(p.shares)]),
            2,
            POSITION_HEADER,
          ),
          POSITION_HEADER,
        ),
      );
    lines.push(
      '',
      `${fmt(list.positions.length)} participant${list.positions.length === 1 ? '' : 's'}, ${fmt(list.totalShares)} shares: ` +
        `${percent(list.totalShares, r.sharesOutstanding)} of the ${fmt(r.sharesOutstanding)} shares outstanding on the record date`,
    );
    if (r.exceedsOutstanding)
      lines.push(
        `Warning: the positions add up to more than the shares outstanding (by ${fmt(list.totalShares - r.sharesOutstanding)}): check the file`,
      );
  }
  if (rows.rejected.length) lines.push('', ...rows.rejected);
  return lines.join('\n');
}
