import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Stable ids: the SHA-256 digest of a text, cut to a length. The same text gives the same id on
 * every run and every machine (a piece, a request, a household), so work done again finds what
 * was done before. Pure JavaScript (@noble/hashes): the domain imports no node:crypto.
 */

/**
 * The text's UTF-8 bytes. Ids are mostly ASCII, and copying ASCII characters is several times
 * faster than TextEncoder on short strings (a million ids in a large plan).
 */
function utf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return utf8ToBytes(text);
    out[i] = c;
  }
  return out;
}

// One hasher, reset from a blank one for each digest (JavaScript runs this synchronously, so it is
// never shared mid-digest): half the cost of a fresh hasher and output per call.
const blank = sha256.create();
let hasher = sha256.create();
const output = new Uint8Array(32);

/** The SHA-256 of the text (the returned bytes are overwritten by the next call). */
function digest(text: string): Uint8Array {
  hasher = blank._cloneInto(hasher);
  hasher.update(utf8(text));
  hasher.digestInto(output);
  return output;
}

/** The first `length` hex characters (at most 64) of the text's SHA-256. */
export function sha256Hex(text: string, length = 64): string {
  const bytes = digest(text);
  return bytesToHex(length >= 64 ? bytes : bytes.subarray(0, Math.ceil(length / 2))).slice(0, length);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The first `length` base64url characters (at most 43, no padding) of the text's SHA-256. */
export function sha256Base64url(text: string, length = 43): string {
  const bytes = digest(text);
  let out = '';
  // Three bytes make four characters; the last group (32 = 30 + 2 bytes) makes three.
  for (let i = 0; i < bytes.length && out.length < length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64URL[(n >> 18) & 63]! + BASE64URL[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += BASE64URL[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += BASE64URL[n & 63]!;
  }
  return out.slice(0, length);
}
