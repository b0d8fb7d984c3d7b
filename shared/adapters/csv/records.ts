import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { SourceRecord } from '../../domain/holders/model.js';
import { normaliseColumn } from '../../domain/holders/columns.js';

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

export async function* readCsvRecords(input: Readable, opts: CsvOptions): AsyncGenerator<SourceRecord> {
  for await (const batch of readCsvRecordBatches(input, opts)) yield* batch;
}

/** The same records in batches (at most 64 records each): for a reader of millions of rows, one await a batch. */
export async function* readCsvRecordBatches(input: Readable, opts: CsvOptions): AsyncGenerator<SourceRecord[]> {
  const rename = new Map(Object.entries(opts.columnMap ?? {}).map(([from, to]) => [normaliseColumn(from), to]));
  let columns: (string | undefined)[] | undefined;
  for await (const batch of csvLines(input)) {
    const records: SourceRecord[] = [];
    for (const entry of batch) {
      if (entry.fields === undefined) {
        records.push({ kind: 'malformed', line: entry.line, message: entry.message });
        continue;
      }
      const { fields: record, line } = entry;
      if (!columns) {
        const header = record.map(normaliseColumn);
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
        records.push({
          kind: 'malformed',
          line,
          message: `has ${record.length} fields; the header has ${columns.length}`,
        });
        continue;
      }
      const fields: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) {
        const c = columns[i];
        if (c) fields[c] = record[i]!;
      }
      records.push({ kind: 'row', line, fields });
    }
    if (records.length) yield records;
  }
  if (!columns) throw new MissingColumnsError(opts.required, []);
}

/** A record of the file with the line it starts on (lines end at LF), or a line the parser could not read. */
type CsvLine =
  | { readonly fields: string[]; readonly line: number }
  | { readonly fields?: undefined; readonly line: number; readonly message: string };

/** Records handed on at a time (one await each). */
const BATCH_ROWS = 64;

/** A record longer than this is left to csv-parse (the fast reader rescans a record split over chunks). */
const LONGEST_FAST_RECORD = 1 << 20;

/**
 * The file's records in batches (of at most BATCH_ROWS). Plain RFC 4180 text, the great majority of
 * files, is read here in one pass; from the first record that is not (a quote inside an unquoted
 * field, text after a closing quote, a lone CR, a quote left open), the rest of the file goes to
 * csv-parse, whose relaxed reading and error reports are the reference.
 */
async function* csvLines(input: Readable): AsyncGenerator<CsvLine[]> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const decoder = new StringDecoder('utf8');
  const reader = new PlainCsv();
  let text = '';
  let started = false;
  try {
    for (;;) {
      const next = await chunks.next();
      text += next.done ? decoder.end() : typeof next.value === 'string' ? next.value : decoder.write(next.value);
      if (!started && text !== '') {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      // The chunk's records in batches of BATCH_ROWS: a batch's objects are garbage before the young
      // generation's next collection, rather than a whole chunk's outliving it.
      let end = 0;
      for (;;) {
        const out: CsvLine[] = [];
        end = reader.read(text, next.done === true, out, end, BATCH_ROWS);
        if (out.length) yield out;
        if (out.length < BATCH_ROWS || reader.irregular) break;
      }
      text = text.slice(end);
      if (reader.irregular || (!next.done && text.length > LONGEST_FAST_RECORD)) {
        yield* csvParseLines(text, reader.line - 1, next.done ? undefined : chunks, decoder);
        return;
      }
      if (next.done) return;
    }
  } finally {
    // Stopped early (a refused header): the file is closed.
    await chunks.return?.();
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The fast reader: RFC 4180 records, lines ending LF or CR LF, empty lines skipped. */
class PlainCsv {
  /** The line the unread text starts on. */
  line = 1;
  /** The unread text opens with a record this reader leaves to csv-parse. */
  irregular = false;

  /**
   * Reads the whole records of `text` from `from` into `out` (all of them when `final`), at most
   * `max`, and returns where the unread text starts.
   */
  read(text: string, final: boolean, out: CsvLine[], from = 0, max = Infinity): number {
    const n = text.length;
    let pos = from;
    let line = this.line;
    records: while (pos < n && out.length < max) {
      const start = pos;
      const startLine = line;
      const first = text.charCodeAt(pos);
      if (first === LF) {
        pos++;
        line++;
        continue;
      }
      if (first === CR && pos + 1 < n && text.charCodeAt(pos + 1) === LF) {
        pos += 2;
        line++;
        continue;
      }
      const fields: string[] = [];
      for (;;) {
        let value: string;
        let p: number;
        if (pos < n && text.charCodeAt(pos) === QUOTE) {
          value = '';
          let from = pos + 1;
          for (;;) {
            const q = text.indexOf('"', from);
            if (q < 0 || (q + 1 >= n && !final)) return this.stop(start, startLine, final);
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(from, q + 1);
              from = q + 2;
              continue;
            }
            value += text.slice(from, q);
            p = q + 1;
            break;
          }
          // A line break inside the quotes: the record goes on on the next line.
          for (let lf = value.indexOf('\n'); lf !== -1; lf = value.indexOf('\n', lf + 1)) line++;
        } else {
          p = pos;
          while (p < n) {
            const c = text.charCodeAt(p);
            if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
            p++;
          }
          value = text.slice(pos, p);
        }
        if (p >= n) {
          if (!final) return this.stop(start, startLine, final);
          fields.push(value);
          out.push({ fields, line: startLine });
          pos = n;
          break records;
        }
        const c = text.charCodeAt(p);
        fields.push(value);
        if (c === COMMA) {
          pos = p + 1;
          continue;
        }
        if (c === LF) pos = p + 1;
        else if (c === CR && p + 1 < n && text.charCodeAt(p + 1) === LF) pos = p + 2;
        else if (c === CR && p + 1 >= n && !final) return this.stop(start, startLine, final);
        else {
          this.irregular = true;
          return this.stop(start, startLine, false);
        }
        line++;
        out.push({ fields, line: startLine });
        continue records;
      }
    }
    this.line = line;
    return pos;
  }

  private stop(start: number, line: number, final: boolean): number {
    // A record cut off at the end of the file (a quote left open, a lone CR) is csv-parse's to report.
    if (final) this.irregular = true;
    this.line = line;
    return start;
  }
}

/**
 * csv-parse's reading of the rest of a file: `text` (starting at a record, `lineOffset` lines
 * into the file), then whatever is left of `chunks`; lines (and those its messages name) counted from the file's start.
 */
async function* csvParseLines(
  text: string,
  lineOffset: number,
  chunks: AsyncIterator<Buffer | string> | undefined,
  decoder: StringDecoder,
): AsyncGenerator<CsvLine[]> {
  const rest = async function* () {
    if (text !== '') yield text;
    if (!chunks) return;
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      yield typeof next.value === 'string' ? next.value : decoder.write(next.value);
    }
    const tail = decoder.end();
    if (tail !== '') yield tail;
  };
  // Loaded only for a file that needs it.
  const { parse } = await import('csv-parse');
  const parser = Readable.from(rest()).pipe(
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
  const malformed: { line: number; message: string }[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => {
    // Its message names a line as the parser counts them from where it started: from the file's start.
    const message = err.message.replace(
      /\b(at|on) line (\d+)/g,
      (_m, at: string, n: string) => `${at} line ${Number(n) + lineOffset}`,
    );
    malformed.push({ line: err.lines ?? 0, message: `unreadable CSV: ${message}` });
  });
  // The parser counts a carriage return inside a quoted field as a line of its own (CR LF as two);
  // a line of the file ends at LF only (the record delimiters): the CRs read so far are taken off.
  let extraCr = 0;
  for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number }; raw: string }>) {
    const { record, info, raw } = entry;
    const out: CsvLine[] = [];
    // The raw text ends with its record delimiter, less the final LF (CR LF: a CR is left).
    const body = raw.replace(/\r?\n?$/, '');
    // The record's first line as the parser counts: its last line minus the breaks inside quoted fields.
    const parserLine = info.lines - (body.match(/[\r\n]/g)?.length ?? 0);
    // The parser runs ahead of this loop: hand over skipped lines in file order.
    while (malformed.length && malformed[0]!.line < parserLine) {
      const m = malformed.shift()!;
      out.push({ line: m.line - extraCr + lineOffset, message: m.message });
    }
    out.push({ fields: record, line: parserLine - extraCr + lineOffset });
    extraCr += body.match(/\r/g)?.length ?? 0;
    yield out;
  }
  const out = malformed.splice(0).map((m) => ({ line: m.line - extraCr + lineOffset, message: m.message }));
  if (out.length) yield out;
}
