import { describe, expect, it } from 'vitest';
import { StringNumbers } from '../../shared/domain/households/group.js';

/** A small deterministic generator (no Math.random: a failure repeats). */
function strings(seed: number, count: number, alphabet: string, maxLength: number): string[] {
  let x = seed;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    let s = '';
    const n = Math.floor(next() * (maxLength + 1));
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  });
}

describe('StringNumbers (the grouping index)', () => {
  it('numbers strings 0, 1, 2… in the order first given, as a Map numbering them would, through many growths', () => {
    // Short strings over a tiny alphabet repeat often; longer ones mostly do not. The oracle is a Map.
    for (const [seed, alphabet, maxLength] of [
      [1, 'ab', 6],
      [2, 'aA1 |é', 12],
      [3, 'abcdefghijklmnopqrstuvwxyz0123456789', 40],
    ] as const) {
      const input = strings(seed, 20_000, alphabet, maxLength);
      const table = new StringNumbers();
      const oracle = new Map<string, number>();
      for (const s of input) {
        const before = oracle.get(s);
        expect(table.find(s)).toBe(before ?? -1);
        const expected = before ?? oracle.size;
        if (before === undefined) oracle.set(s, expected);
        expect(table.numberOf(s)).toBe(expected);
      }
      expect(table.size).toBe(oracle.size);
      expect(table.strings).toEqual([...oracle.keys()]);
      expect(table.find('not-there-at-all-😀')).toBe(-1);
    }
  });

  it('tells apart distinct strings, the empty string among them', () => {
    const table = new StringNumbers();
    expect(table.numberOf('')).toBe(0);
    expect(table.numberOf('Aa')).toBe(1);
    expect(table.numberOf('BB')).toBe(2);
    expect(table.numberOf('')).toBe(0);
    expect(table.find('BB')).toBe(2);
    expect(table.find('Ab')).toBe(-1);
  });
});
