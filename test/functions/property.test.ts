import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { handler as deadlines } from '../../functions/deadlines/handler.js';
import { apiEvent, context } from '../support/events.js';
import { readCsvRecords } from '../../shared/adapters/csv/records.js';
import { REGISTERED_COLUMNS, REGISTERED_REQUIRED, RegisteredRowSchema } from '../../shared/domain/holders/schema.js';
import { submitRequest } from '../../shared/domain/requests/use-cases.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Meeting } from '../../shared/domain/meetings/schema.js';
import type { SourceRecord } from '../../shared/domain/holders/model.js';

/**
 * Bad input, generated: arbitrary strings (unicode, control characters, huge fields, injection
 * attempts) and wrong types against the deadline API, the holder-file reader and schema, and the
 * request intake. Never a crash or a 500: always a precise 4xx or a row error naming its field.
 */
const RUNS = 200;
const huge = fc.string({ minLength: 10_000, maxLength: 100_000 }).map((s) => s.slice(0, 100_000));
const small = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '=cmd|" /C calc"!A0',
    "'; DROP TABLE holders; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000',
    '1e309',
    '-0',
    'NaN',
    '2024-02-30',
    '9999-99-99',
    '__proto__',
    'constructor',
  ),
);
const nasty = fc.oneof(small, small, small, huge);
/** A file's cell: a huge one now and then (a file of 120 cells, a quarter of them huge, reads slowly). */
const nastyCell = fc.oneof({ weight: 40, arbitrary: small }, { weight: 1, arbitrary: huge });
const anyJson = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom('controlNumber', 'kind', 'email', 'election', 'extra', '__proto__'),
    fc.oneof(nasty, fc.jsonValue()),
  ),
);

describe('property: bad input never crashes', () => {
  it(`GET /deadlines and POST /deadlines/check answer 200 or 400 with named fields, never 500 (${RUNS} inputs each)`, async () => {
    const fields = [
      'priorMeeting',
      'priorRelease',
      'nextMeeting',
      'announced',
      'tz',
      'closeOfBusiness',
      'anchor',
      'bylawOpensDays',
      'bylawClosesDays',
    ];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...fields), nasty), async (query) => {
        const res = await deadlines(apiEvent('GET /deadlines', { query }), context('deadlines'));
        expect([200, 400]).toContain(res.statusCode);
        if (res.statusCode === 400) expect(JSON.parse(res.body!).error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nasty,
          anyJson.map((v) => JSON.stringify(v)),
        ),
        async (body) => {
          const res = await deadlines(apiEvent('POST /deadlines/check', { body }), context('deadlines'));
          expect([200, 400]).toContain(res.statusCode);
        },
      ),
      { numRuns: RUNS },
    );
  });

  /** A holder file: the header, then each row's cells quoted (RFC 4180: a quote doubled), lines ending LF or CR LF. */
  const holderFile = (rows: readonly (readonly string[])[], eol = '\n') =>
    [REGISTERED_COLUMNS.join(','), ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))].join(eol);
  /**
   * The file line each row starts on, worked out from the text written: the header is line 1, each
   * row starts on the line after the previous row ends, and a row spans one line more for every line
   * break inside its quoted cells.
   */
  const startLines = (rows: readonly (readonly string[])[]) => {
    let line = 2;
    return rows.map((r) => {
      const at = line;
      line += 1 + r.join('').split('\n').length - 1;
      return at;
    });
  };
  const eol = fc.constantFrom('\n', '\r\n');
  const read = async (csv: string) => {
    const out: SourceRecord[] = [];
    for await (const rec of readCsvRecords(Readable.from([csv]), {
      known: REGISTERED_COLUMNS,
      required: REGISTERED_REQUIRED,
    }))
      out.push(rec);
    return out;
  };
  const cellsOf = (row: Record<(typeof REGISTERED_COLUMNS)[number], string>) => REGISTERED_COLUMNS.map((c) => row[c]);

  /**
   * A valid registered row from known-good values: names with commas, quotes, accents and a line
   * break; US (a state, a ZIP+4, an APO) and foreign addresses; shares with thousands separators;
   * consents and elections with the email they need.
   */
  const validRow = fc
    .record({
      account_id: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,20}$/),
      name: fc.constantFrom(
        'Ada Lovelace',
        'Smith, John & Mary',
        'The "Blue" Trust',
        'Line one\nline two',
        'José Ñúñez',
        '大塚 Ōtsuka',
      ),
      co_owner: fc.constantFrom('', 'Mary Smith', "O'Brien, Pat"),
      address: fc.constantFrom(
        ['4445 Eastgate Mall', 'Suite 200', '', 'San Diego', 'CA', '92121', 'US'],
        ['1 Main St', '', '', 'New York', 'new york', '10001-1234', 'USA'],
        ['Unit 2050 Box 4190', '', '', 'APO', 'AE', '09012', 'US'],
        ['100 King St W', 'Floor 5', 'Attn: "Proxy"', 'Toronto', 'ON', 'M5V 2T6', 'CA'],
        ['10 Downing St', '', '', 'London', '', 'SW1A 2AA', 'GB'],
      ),
      shares: fc
        .integer({ min: 1, max: 2_000_000_000 })
        .chain((n) => fc.constantFrom(String(n), n.toLocaleString('en-US'))),
      delivery: fc.constantFrom(
        ['', '', '', ''],
        ['', 'N', 'none', 'paper'],
        ['holder@example.com', 'Y', 'affirmative', 'email'],
        ['Other.Holder@Example.ORG', 'yes', 'implied', ''],
      ),
    })
    .map(
      ({ account_id, name, co_owner, address, shares, delivery }) =>
        ({
          account_id,
          name,
          co_owner,
          address_line1: address[0]!,
          address_line2: address[1]!,
          address_line3: address[2]!,
          city: address[3]!,
          state: address[4]!,
          postal_code: address[5]!,
          country: address[6]!,
          shares,
          email: delivery[0]!,
          edelivery_consent: delivery[1]!,
          householding_consent: delivery[2]!,
          delivery_election: delivery[3]!,
        }) as Record<(typeof REGISTERED_COLUMNS)[number], string>,
    );

  it(`a file of valid rows: every row comes out, in order, on the line it starts on, with its cells, and validates (${RUNS} files)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validRow, { minLength: 1, maxLength: 12 }), eol, async (rows, end) => {
        const cells = rows.map(cellsOf);
        const out = await read(holderFile(cells, end));
        expect(out).toEqual(
          cells.map((c, i) => ({
            kind: 'row',
            line: startLines(cells)[i],
            fields: Object.fromEntries(REGISTERED_COLUMNS.map((col, j) => [col, c[j]])),
          })),
        );
        for (const [i, rec] of out.entries()) {
          const parsed = RegisteredRowSchema.safeParse(rec.kind === 'row' ? rec.fields : undefined);
          expect(parsed.error?.issues).toBeUndefined();
          expect(parsed.data?.accountId).toBe(rows[i]!.account_id);
        }
      }),
      { numRuns: RUNS },
    );
  });

  /** One bad cell and the field a rejection must name (US address columns are checked on a US row). */
  const badCell = fc.constantFrom(
    ['shares', '-5'],
    ['shares', '1.5'],
    ['shares', 'lots'],
    ['shares', '0'],
    ['account_id', '!bad'],
    ['account_id', ''],
    ['name', '  '],
    ['state', 'ZZ'],
    ['postal_code', '1234'],
    ['postal_code', 'ABCDE'],
    ['country', 'Atlantis'],
    ['email', 'not-an-email'],
    ['edelivery_consent', 'perhaps'],
    ['householding_consent', 'maybe'],
    ['delivery_election', 'pigeon'],
  ) as fc.Arbitrary<[(typeof REGISTERED_COLUMNS)[number], string]>;

  it(`a file with one bad cell: that row is rejected naming its line and that field only; every other row passes (${RUNS} files)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(validRow, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        badCell,
        async (rows, pick, [field, value]) => {
          const bad = pick % rows.length;
          const withBad = rows.map((r, i) =>
            i === bad
              ? { ...r, city: 'San Diego', state: 'CA', postal_code: '92121', country: 'US', [field]: value }
              : r,
          );
          const cells = withBad.map(cellsOf);
          const lines = startLines(cells);
          const rejections: { line: number; fields: string[] }[] = [];
          const seen: number[] = [];
          for (const rec of await read(holderFile(cells))) {
            expect(rec.kind).toBe('row');
            seen.push(rec.line);
            const parsed = RegisteredRowSchema.safeParse(rec.kind === 'row' ? rec.fields : undefined);
            if (!parsed.success)
              rejections.push({
                line: rec.line,
                fields: [...new Set(parsed.error.issues.map((i) => String(i.path[0])))],
              });
          }
          expect(seen).toEqual(lines);
          expect(rejections).toEqual([{ line: lines[bad], fields: [field] }]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`a holder file of arbitrary quoted cells: every row comes out in order, cells as written; every issue names a field (${RUNS} files)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(nastyCell, { minLength: REGISTERED_COLUMNS.length, maxLength: REGISTERED_COLUMNS.length }), {
          minLength: 1,
          maxLength: 8,
        }),
        eol,
        async (rows, end) => {
          const out = await read(holderFile(rows, end));
          expect(out.map((r) => r.kind)).toEqual(rows.map(() => 'row'));
          expect(out.map((r) => r.line)).toEqual(startLines(rows));
          for (const [i, rec] of out.entries()) {
            const fields = rec.kind === 'row' ? rec.fields : {};
            expect(REGISTERED_COLUMNS.map((c) => fields[c])).toEqual(rows[i]);
            const parsed = RegisteredRowSchema.safeParse(fields);
            for (const issue of parsed.error?.issues ?? []) expect(REGISTERED_COLUMNS).toContain(issue.path[0]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`a request body of anything is a named 4xx error, never a crash, and the control number is never echoed (${RUNS} bodies)`, async () => {
    const meeting = {
      ...(JSON.parse(readFileSync(new URL('../../examples/sonim-2024.json', import.meta.url), 'utf8')) as Meeting),
      createdAt: '',
      updatedAt: '',
    };
    const deps = {
      findHolder: async () => undefined,
      requests: {
        create: async () => {
          throw new Error('never reached');
        },
      },
      attempts: { blockedFor: async () => 0, fail: async () => undefined },
      now: () => '2024-06-14T20:00:00Z',
    };
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const err = await submitRequest(deps, { meeting, body, client: 'c', firstSent: undefined }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(DomainError);
        // No holder has any number here: a body of the right form is "not accepted"; any other names its fields.
        const e = err as DomainError;
        expect(['INVALID_INPUT', 'NOT_ACCEPTED']).toContain(e.code);
        if (e.code === 'INVALID_INPUT') expect(e.issues.length).toBeGreaterThan(0);
        else expect(e.issues).toEqual([]);
        const cn = (body as { controlNumber?: unknown } | null)?.controlNumber;
        // A number-like control number (what a guesser sends) is never repeated in the answer.
        if (typeof cn === 'string' && /\d{6,}/.test(cn)) expect((err as Error).message).not.toContain(cn);
      }),
      { numRuns: RUNS },
    );
  });
});
