import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { readCsvRecordBatches, readCsvRecords } from '../../shared/adapters/csv/records.js';
import type { SourceRecord } from '../../shared/domain/holders/model.js';

/**
 * The CSV reader (shared/adapters/csv/records.ts) reads plain RFC 4180 text itself, for speed, and hands
 * anything irregular to csv-parse. These properties hold it to an oracle that is not a parser: files are
 * written from generated fields (quoted where RFC 4180 says they must be, and sometimes where it need not),
 * so the records expected, and the line each starts on, are known before anything is read. Irregular files
 * are held to csv-parse itself, the reference the reader hands them to.
 */

const COLUMNS = ['a', 'b', 'c'];
const OPTS = { required: COLUMNS, known: COLUMNS };

/** A field's text: letters, spaces, accents, and the characters quoting exists for. */
const fieldText = fc
  .array(fc.constantFrom('x', 'Y', ' ', 'é', ',', '"', '\n', '\r\n', '1'), { maxLength: 6 })
  .map((parts) => parts.join(''));

interface Written {
  readonly text: string;
  /** The data records with the line (counted at LF, from 1) each starts on. */
  readonly records: { fields: string[]; line: number }[];
}

/** Writes a file: header, then each row; CR LF or LF after each record; blank lines between some records. */
function write(rows: string[][], crlf: boolean[], blanks: boolean[], quoteAll: boolean[], bom: boolean): Written {
  const quote = (f: string, always: boolean) => (always || /[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
  let text = bom ? '\uFEFF' : '';
  let line = 1;
  const records: Written['records'] = [];
  const add = (fields: string[], i: number, data: boolean) => {
    if (data) records.push({ fields, line });
    const record = fields.map((f) => quote(f, quoteAll[i % quoteAll.length]!)).join(',');
    const end = crlf[i % crlf.length] ? '\r\n' : '\n';
    text += record + end;
    line += (record.match(/\n/g)?.length ?? 0) + 1;
    if (blanks[i % blanks.length]) {
      text += '\n';
      line += 1;
    }
  };
  add(COLUMNS, 0, false);
  rows.forEach((r, i) => add(r, i + 1, true));
  return { text, records };
}

/** The file as a stream cut into chunks at the given places (a record, a quote or a CR LF may be split). */
function chunked(text: string, cuts: number[]): Readable {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
  const parts: Buffer[] = [];
  let from = 0;
  for (const c of [...at, text.length]) {
    // Cut the bytes, not the characters: a multi-byte character may be split too.
    parts.push(
      Buffer.from(text, 'utf8').subarray(Buffer.byteLength(text.slice(0, from)), Buffer.byteLength(text.slice(0, c))),
    );
    from = c;
  }
  return Readable.from(parts.filter((p) => p.length > 0));
}

async function readAll(input: Readable): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const r of readCsvRecords(input, OPTS)) out.push(r);
  return out;
}

describe('the CSV reader', () => {
  it('property: a well-formed file gives exactly the records written, each with the line it starts on, however it is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fieldText, fieldText, fieldText), { maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.array(fc.nat(400), { maxLength: 6 }),
        async (rows, crlf, blanks, quoteAll, bom, cuts) => {
          // A row of three empty unquoted fields is the line ",,", not a blank line: fine. A data row that is
          // one empty field cannot occur (three columns).
          const { text, records } = write(
            rows.map((r) => [...r]),
            crlf,
            blanks,
            quoteAll,
            bom,
          );
          const got = await readAll(chunked(text, cuts));
          const expected = records.map((r) => ({
            kind: 'row',
            line: r.line,
            fields: { a: r.fields[0], b: r.fields[1], c: r.fields[2] },
          }));
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: a file of many records comes in batches of at most 64, every record once, in order, on its line', async () => {
    // A chunk's records are handed on 64 at a time (their objects die young): the batches split
    // records that share a chunk, and a record whose quoted field spans lines may fall on a batch's edge.
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fieldText, fieldText, fieldText), { minLength: 60, maxLength: 300 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(4000), { maxLength: 3 }),
        async (rows, crlf, blanks, cuts) => {
          const { text, records } = write(
            rows.map((r) => [...r]),
            crlf,
            blanks,
            [false],
            false,
          );
          const got: SourceRecord[] = [];
          for await (const batch of readCsvRecordBatches(chunked(text, cuts), OPTS)) {
            expect(batch.length).toBeLessThanOrEqual(64);
            got.push(...batch);
          }
          expect(got).toEqual(
            records.map((r) => ({
              kind: 'row',
              line: r.line,
              fields: { a: r.fields[0], b: r.fields[1], c: r.fields[2] },
            })),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('property: an irregular file (stray quotes, text after a closing quote, a lone CR) reads as csv-parse reads it', async () => {
    const messy = fc
      .array(fc.constantFrom('x', ',', '"', '\n', '\r', '\r\n', ' ', 'é'), { maxLength: 60 })
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(messy, fc.array(fc.nat(80), { maxLength: 4 }), async (body, cuts) => {
        const text = `a,b,c\n${body}`;
        const got = (await readAll(chunked(text, cuts))).filter((r) => r.kind === 'row').map((r) => r.fields);
        // The reference: csv-parse with the reader's own relaxed options, rows of three fields named by the header.
        let reference: string[][];
        try {
          reference = parse(text, {
            bom: true,
            relax_column_count: true,
            record_delimiter: ['\r\n', '\n'],
            skip_empty_lines: true,
            skip_records_with_error: true,
            relax_quotes: true,
          }) as string[][];
        } catch {
          return; // csv-parse gives up on the whole text: nothing to compare record by record.
        }
        const expected = reference
          .slice(1)
          .filter((r) => r.length === 3)
          .map((r) => ({ a: r[0], b: r[1], c: r[2] }));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
