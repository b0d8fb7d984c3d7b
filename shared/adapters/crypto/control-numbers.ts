import { createCipheriv, createHmac, hkdfSync } from 'node:crypto';
import FF3Cipher from 'ff3';

/**
 * Control numbers: 12 digits (the seed's format), unique within a meeting, not derivable from the
 * account, never stored in clear.
 *
 * - Unique by construction: the number is the FF3-1 format-preserving encryption (NIST SP 800-38G
 *   Rev. 1) of the holder's sequence number within the meeting — a permutation of the 10^12
 *   twelve-digit strings, so distinct sequence numbers give distinct control numbers, with no
 *   look-up or retry. (Random draws would collide: at a million holders a birthday collision is
 *   more likely than not.)
 * - Unguessable: the FF3 key is derived (HKDF-SHA256) from the platform secret and the meeting id;
 *   without the secret, a sequence number and an account reveal nothing.
 * - Stored only as a keyed hash: HMAC-SHA256 under a second derived key; look-ups hash the
 *   number a holder types and compare.
 * - Numbering a whole import chunk at once (`controlNumbers`) runs the same FF3-1 rounds with one
 *   AES call per round for all the chunk's numbers, instead of one per number per round in the
 *   `ff3` package; every batch is spot-checked against `ff3`, and the tests compare the two.
 */
export const CONTROL_NUMBER_DIGITS = 12;
const MAX_SEQUENCE = 10 ** CONTROL_NUMBER_DIGITS;

const HALF = 6; // FF3-1 splits the 12 digits into halves of u = v = 6
const HALF_MODULUS = 10 ** HALF;
const ROUNDS = 8;

interface BatchKey {
  readonly aesKey: Buffer; // REVB(K), as FF3 uses it
  readonly tweakLeft: Buffer; // T_L of the 64-bit tweak derived from the 56-bit FF3-1 tweak
  readonly tweakRight: Buffer; // T_R
}

export class ControlNumberCrypto {
  private readonly ciphers = new Map<string, FF3Cipher>();
  private readonly batchKeys = new Map<string, BatchKey>();
  private readonly hashKeys = new Map<string, Buffer>();

  /** @param secret the platform secret (32+ random bytes; Secrets Manager on AWS, the data directory locally). */
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the control-number secret must be at least 32 bytes');
  }

  private derive(meetingId: string, purpose: string, length: number): Buffer {
    return Buffer.from(
      hkdfSync('sha256', this.secret, Buffer.from(meetingId, 'utf8'), `proxydesk/control-number/${purpose}`, length),
    );
  }

  private cipher(meetingId: string): FF3Cipher {
    let c = this.ciphers.get(meetingId);
    if (!c) {
      c = new FF3Cipher(
        this.derive(meetingId, 'ff3-key', 32).toString('hex'),
        this.tweak(meetingId).toString('hex'),
        10,
      );
      this.ciphers.set(meetingId, c);
    }
    return c;
  }

  private tweak(meetingId: string): Buffer {
    return this.derive(meetingId, 'ff3-tweak', 7); // FF3-1: 56-bit tweak
  }

  private batchKey(meetingId: string): BatchKey {
    let k = this.batchKeys.get(meetingId);
    if (!k) {
      // NIST SP 800-38G Rev. 1, FF3-1 step 3: T_L = T[0..27] || 0000, T_R = T[32..55] || T[28..31] || 0000.
      const t = this.tweak(meetingId);
      const tweakLeft = Buffer.from([t[0]!, t[1]!, t[2]!, t[3]! & 0xf0]);
      const tweakRight = Buffer.from([t[4]!, t[5]!, t[6]!, (t[3]! & 0x0f) << 4]);
      k = { aesKey: Buffer.from(this.derive(meetingId, 'ff3-key', 32)).reverse(), tweakLeft, tweakRight };
      this.batchKeys.set(meetingId, k);
    }
    return k;
  }

  controlNumber(meetingId: string, seq: number): string {
    checkSequence(seq);
    return this.cipher(meetingId).encrypt(String(seq).padStart(CONTROL_NUMBER_DIGITS, '0'));
  }

  /**
   * The control numbers for many sequence numbers: FF3-1 (radix 10, 12 digits, 8 Feistel rounds),
   * each round one AES-ECB call over all the numbers' blocks. Same results as controlNumber().
   *
   * With halves as numbers — a = NUM(REV(A)), b = NUM(REV(B)) — a round is
   * c = (a + NUM(REVB(AES(REVB(W xor i || NUM(REV(B)) as 12 bytes))))) mod 10^6, then a ← b, b ← c;
   * and the result is REV(STR(a)) || REV(STR(b)).
   */
  controlNumbers(meetingId: string, seqs: readonly number[]): string[] {
    const n = seqs.length;
    if (n === 0) return [];
    const { aesKey, tweakLeft, tweakRight } = this.batchKey(meetingId);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const seq = seqs[j]!;
      checkSequence(seq);
      const digits = String(seq).padStart(CONTROL_NUMBER_DIGITS, '0');
      a[j] = reversedValue(digits.slice(0, HALF));
      b[j] = reversedValue(digits.slice(HALF));
    }
    const blocks = Buffer.alloc(16 * n);
    for (let round = 0; round < ROUNDS; round++) {
      const w = round % 2 === 0 ? tweakRight : tweakLeft;
      for (let j = 0, o = 0; j < n; j++, o += 16) {
        // REVB(P): P = W xor [0,0,0,round] || b as a 12-byte big-endian number, byte-reversed.
        const v = b[j]!;
        blocks[o] = v & 0xff;
        blocks[o + 1] = (v >>> 8) & 0xff;
        blocks[o + 2] = (v >>> 16) & 0xff;
        blocks.fill(0, o + 3, o + 12);
        blocks[o + 12] = w[3]! ^ round;
        blocks[o + 13] = w[2]!;
        blocks[o + 14] = w[1]!;
        blocks[o + 15] = w[0]!;
      }
      const cipher = createCipheriv('aes-256-ecb', aesKey, null).setAutoPadding(false);
      const s = cipher.update(blocks);
      for (let j = 0, o = 0; j < n; j++, o += 16) {
        // y = NUM(REVB(S)): S read little-endian; only y mod 10^6 matters.
        let y = 0;
        for (let k = 15; k >= 0; k--) y = (y * 256 + s[o + k]!) % HALF_MODULUS;
        const c = (a[j]! + y) % HALF_MODULUS;
        a[j] = b[j]!;
        b[j] = c;
      }
    }
    const out = new Array<string>(n);
    for (let j = 0; j < n; j++) out[j] = reversedDigits(a[j]!) + reversedDigits(b[j]!);
    // A spot check against the reference implementation on every batch.
    if (out[0] !== this.controlNumber(meetingId, seqs[0]!)) throw new Error('batched FF3-1 disagrees with ff3');
    return out;
  }

  hash(meetingId: string, controlNumber: string): string {
    let key = this.hashKeys.get(meetingId);
    if (!key) {
      key = this.derive(meetingId, 'hmac-key', 32);
      this.hashKeys.set(meetingId, key);
    }
    return createHmac('sha256', key)
      .update(normaliseControlNumber(controlNumber) ?? controlNumber)
      .digest('base64url');
  }
}

function checkSequence(seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq >= MAX_SEQUENCE)
    throw new RangeError(`control sequence out of range: ${seq}`);
}

/** NUM(REV(X)) for a half of 6 digits. */
function reversedValue(digits: string): number {
  let v = 0;
  for (let i = digits.length - 1; i >= 0; i--) v = v * 10 + (digits.charCodeAt(i) - 48);
  return v;
}

/** REV(STR(v)) as 6 digits. */
function reversedDigits(v: number): string {
  return String(v).padStart(HALF, '0').split('').reverse().join('');
}

/** "1234 5678 9012" or "1234-5678-9012" → "123456789012"; undefined unless 12 digits. */
export function normaliseControlNumber(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{12}$/.test(digits) ? digits : undefined;
}
