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

/**
 * Bad input, generated: arbitrary strings (unicode, control characters, huge fields, injection
 * attempts) and wrong types against the deadline API, the holder-file reader and schema, and the
 * request intake. Never a crash or a 500: always a precise 4xx or a row error naming its field.
 */
const RUNS = 200;
const nasty = fc.oneof(
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
  fc.string({ minLength: 10_000, maxLength: 100_000 }).map((s) => s.slice(0, 100_000)),
);
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

  it(`a holder file of arbitrary cells: every line is a row or a rejection naming its line and field (${RUNS} files)`, async () => {
    const header = REGISTERED_COLUMNS.join(',');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(nasty, { minLength: REGISTERED_COLUMNS.length, maxLength: REGISTERED_COLUMNS.length }), {
          minLength: 1,
          maxLength: 8,
        }),
        async (rows) => {
          const csv = [header, ...rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))].join('\n');
          for await (const rec of readCsvRecords(Readable.from([csv]), {
            known: REGISTERED_COLUMNS,
            required: REGISTERED_REQUIRED,
          })) {
            if (rec.kind === 'malformed') {
              expect(rec.line).toBeGreaterThan(1);
              continue;
            }
            const parsed = RegisteredRowSchema.safeParse(rec.fields);
            if (!parsed.success) for (const issue of parsed.error.issues) expect(issue.path.length).toBeGreaterThan(0);
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
        const cn = (body as { controlNumber?: unknown } | null)?.controlNumber;
        // A number-like control number (what a guesser sends) is never repeated in the answer.
        if (typeof cn === 'string' && /\d{6,}/.test(cn)) expect((err as Error).message).not.toContain(cn);
      }),
      { numRuns: RUNS },
    );
  });
});
