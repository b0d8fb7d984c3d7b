import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Base64url, sha256Hex } from '../../shared/domain/digest.js';

// The reference is node:crypto (OpenSSL), which the domain used before: every stored id
// (pieces, requests, households) must come out the same from the pure-JS digest.
const inputs = [
  '',
  'abc',
  'm-2026-annual\u0000holder\u0000ACC00000042\u0000notice\u0000email',
  'm1\u0000bounce\u0000request-0123456789abcdef',
  'Zoë Ångström\u0000Straße 5\u0000東京都',
  'x'.repeat(55), // one block with padding exactly
  'y'.repeat(56), // padding spills into a second block
  'z'.repeat(1000),
];
const node = (text: string, encoding: 'hex' | 'base64url') => createHash('sha256').update(text).digest(encoding);

describe('stable digests', () => {
  it('hex: the known SHA-256 of "abc" (FIPS 180-2 example)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abc', 32)).toBe('ba7816bf8f01cfea414140de5dae2223');
  });

  it.each(inputs)('hex slices equal node:crypto for %j', (text) => {
    for (const n of [1, 31, 32, 33, 64]) expect(sha256Hex(text, n)).toBe(node(text, 'hex').slice(0, n));
  });

  it.each(inputs)('base64url slices equal node:crypto for %j', (text) => {
    for (const n of [1, 15, 16, 17, 40, 43]) expect(sha256Base64url(text, n)).toBe(node(text, 'base64url').slice(0, n));
    expect(sha256Base64url(text)).toBe(node(text, 'base64url'));
  });
});
