import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import type { SourceRecord } from '../../domain/holders/model.js';

/**
 * Reads a holder file as a stream of records (never the whole file in memory): RFC 4180 quoting,
 * UTF-8 with or without a BOM, header row renamed through the column map and matched
 * case-insensitively. A line the parser cannot read becomes a 'malformed' record with its line
 * number; reading goes on.
 */
export interface CsvOptions {
  /** Source header → canonical column name (`--columns map.json`). */
  readonly columnMap?: Readonly<Record<string, string>>;
  /** Columns a file must have; a file missing one is refused before any row is read. */
  readonly required: readonly string[];
  /** Every canonical column (or a test of one, for files whose columns follow a pattern); other headers are ignored. */
  readonly known: readonly string[] | ((column: string) => boolean);
}

export class MissingColumnsError extends Error {
  constructor(
    readonly missing: readonly string[],
    readonly header: readonly string[],
  ) {
    super(
      `the file has no ${missing.map((m) => `"${m}"`).join(', ')} column${missing.length > 1 ? 's' : ''} (header: ${header.join(', ')})`,
    );
    this.name = 'MissingColumnsError';
  }
}

const normaliseHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export async function* readCsvRecords(input: Readable, opts: CsvOptions): AsyncGenerator<SourceRecord> {
  const rename = new Map(Object.entries(opts.columnMap ?? {}).map(([from, to]) => [normaliseHeader(from), to]));
  let columns: (string | undefined)[] | undefined;
  const parser = input.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      // Files from different systems end lines differently, sometimes within one file.
      record_delimiter: ['\r\n', '\n'],
      skip_empty_lines: true,
      skip_records_with_error: true,
      // A quote inside an unquoted field is kept as text rather than losing the rest of the file.
      relax_quotes: true,
      info: true,
      raw: true,
    }),
  );
  const malformed: SourceRecord[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => {
    malformed.push({ kind: 'malformed', line: err.lines ?? 0, message: `unreadable CSV: ${err.message}` });
  });
  // The parser counts a carriage return inside a quoted field as a line of its own (CR LF as two);
  // a line of the file ends at LF only (the record delimiters): the CRs read so far are taken off.
  let extraCr = 0;
  for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    const { record, info, raw } = entry;
    // The raw text ends with its record delimiter, less the final LF (CR LF: a CR is left).
    const body = raw.replace(/\r?\n?$/, '');
    // The record's first line as the parser counts: its last line minus the breaks inside quoted fields.
    const parserLine = info.lines - (body.match(/[\r\n]/g)?.length ?? 0);
    const line = parserLine - extraCr;
    // The parser runs ahead of this loop: hand over skipped lines in file order.
    while (malformed.length && malformed[0]!.line < parserLine) {
      const m = malformed.shift()!;
      yield { ...m, line: m.line - extraCr };
    }
    extraCr += body.match(/\r/g)?.length ?? 0;
    if (!columns) {
      const header = record.map(normaliseHeader);
      columns = header.map((h) => {
        const name = rename.get(h) ?? h;
        const known = typeof opts.known === 'function' ? opts.known(name) : opts.known.includes(name);
        return known ? name : undefined;
      });
      const missing = opts.required.filter((r) => !columns!.includes(r));
      if (missing.length) throw new MissingColumnsError(missing, record);
      continue;
    }
    if (record.length !== columns.length) {
      yield { kind: 'malformed', line, message: `has ${record.length} fields; the header has ${columns.length}` };
      continue;
    }
    const fields: Record<string, string> = {};
    columns.forEach((c, i) => {
      if (c) fields[c] = record[i] ?? '';
    });
    yield { kind: 'row', line, fields };
  }
  for (const m of malformed.splice(0)) yield { ...m, line: m.line - extraCr };
  if (!columns) throw new MissingColumnsError(opts.required, []);
}
