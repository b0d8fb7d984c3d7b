import type { PostalAddress } from './address.js';

/**
 * JSON.stringify(s), without its general machinery for the usual string that needs no escape:
 * JSON.stringify escapes a quote, a backslash, a control character and a lone surrogate (any
 * surrogate sends the string to it).
 */
export function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/**
 * JSON.stringify(address), for an address as checkAddress builds it (its keys in that order), as
 * one flat string: JSON.stringify gives a rope of parts, six or so objects where one will do for
 * text kept for every distinct address of a large file (and copied by each young-generation
 * collection it lives through). test/domain/address-json.test.ts holds the two equal.
 */
export function addressJson(a: PostalAddress): string {
  const parts = ['{"lines":['];
  for (let i = 0; i < a.lines.length; i++) parts.push(i === 0 ? '' : ',', jsonString(a.lines[i]!));
  parts.push('],"city":', jsonString(a.city));
  if (a.state !== undefined) parts.push(',"state":', jsonString(a.state));
  if (a.postalCode !== undefined) parts.push(',"postalCode":', jsonString(a.postalCode));
  parts.push(',"country":', jsonString(a.country), ',"military":', a.military ? 'true' : 'false', '}');
  return parts.join('');
}
