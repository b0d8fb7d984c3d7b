import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addressJson, jsonString } from '../../shared/domain/holders/address-json.js';
import { checkAddress, type ColumnIssue } from '../../shared/domain/holders/address.js';
import { generateAddressVariants } from '../../shared/domain/households/generate.js';
import { ownString } from '../../shared/domain/households/group.js';

/**
 * Grouping writes each distinct address's JSON by hand (one flat string, not JSON.stringify's rope of
 * parts): the text must be JSON.stringify's, character for character, for every address checkAddress
 * gives and every string, escapes included.
 */
describe('address JSON written by hand', () => {
  it('property: jsonString(s) is JSON.stringify(s) for any string (quotes, backslashes, controls, lone surrogates)', () => {
    const tricky = fc.constantFrom(
      '"',
      '\\',
      '\n',
      '\u0000',
      '\u001f',
      '\u007f',
      '\ud800',
      '\udfff',
      '😀',
      'é',
      'a',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(tricky).map((p) => p.join('')),
        ),
        (s) => {
          expect(jsonString(s)).toBe(JSON.stringify(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("is JSON.stringify's text for every address the household generator's messy forms check into", () => {
    let rows = 0;
    let compared = 0;
    for (const g of generateAddressVariants({ bases: 400, variants: 3, seed: 11 })) {
      rows++;
      const issues: ColumnIssue[] = [];
      const a = checkAddress({ ...g.fields }, issues);
      if (!a) continue;
      expect(addressJson(a)).toBe(JSON.stringify(a));
      compared++;
    }
    // Every base gives one row or more, and every generated row is a valid address.
    expect(rows).toBeGreaterThan(400);
    expect(compared).toBe(rows);
  });

  it('gives the optional parts as JSON.stringify does: no state or postal code abroad, military mail, a quote and a backslash', () => {
    const cases = [
      { address_line1: '10 Downing St', city: 'London', country: 'GB' },
      { address_line1: 'Unit 5 "Rear"', address_line2: 'c\\o Smith', city: 'Toronto', state: 'ON', country: 'CA' },
      { address_line1: 'PSC 1234 Box 5678', city: 'APO', state: 'AE', postal_code: '09012', country: 'US' },
    ];
    for (const raw of cases) {
      const a = checkAddress(raw, []);
      expect(a, JSON.stringify(raw)).toBeDefined();
      expect(addressJson(a!)).toBe(JSON.stringify(a));
    }
    expect(checkAddress(cases[2]!, [])!.military).toBe(true);
    expect(checkAddress(cases[0]!, [])!.state).toBeUndefined();
  });
});

describe('ownString (a kept string not tied to the chunk of the file it was read from)', () => {
  it('keeps the text whatever its length, around the 13 characters from which V8 makes a slice a view', () => {
    const text = `${'x'.repeat(100)}Nguyen-Smith, Josephine Alexandra${'y'.repeat(100)}`;
    for (let n = 0; n <= 34; n++) {
      const slice = text.slice(100, 100 + n);
      expect(ownString(slice)).toBe(slice);
    }
    expect(ownString('')).toBe('');
  });

  it('does not keep the long text it was sliced from alive (a raw slice does: the control)', () => {
    // A full collection on demand, as --expose-gc gives it.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    /** Heap kept by 40 twenty-character slices of 40 distinct one-megabyte strings, after a full collection. */
    const kept = (keep: (s: string) => string): number => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const slices: string[] = [];
      for (let i = 0; i < 40; i++) slices.push(keep(`${i}, Holder Name`.padEnd(1 << 20, 'x').slice(0, 20)));
      gc();
      const after = process.memoryUsage().heapUsed;
      expect(slices.join('').length).toBe(800);
      return after - before;
    };
    // 40 MB of text behind the raw slices; next to nothing behind their own copies.
    expect(kept((s) => s)).toBeGreaterThan(30 * 2 ** 20);
    expect(kept(ownString)).toBeLessThan(4 * 2 ** 20);
  });
});
