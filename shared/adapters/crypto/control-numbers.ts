import { createHmac, hkdfSync } from 'node:crypto';
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
 */
export const CONTROL_NUMBER_DIGITS = 12;
const MAX_SEQUENCE = 10 ** CONTROL_NUMBER_DIGITS;

export class ControlNumberCrypto {
  private readonly ciphers = new Map<string, FF3Cipher>();
  private readonly hashKeys = new Map<string, Buffer>();

  /** @param secret the platform secret (32+ random bytes; Secrets Manager on AWS, the data directory locally). */
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the control-number secret must be at least 32 bytes');
  }

  private derive(meetingId: string, purpose: string, length: number): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, Buffer.from(meetingId, 'utf8'), `proxydesk/control-number/${purpose}`, length));
  }

  private cipher(meetingId: string): FF3Cipher {
    let c = this.ciphers.get(meetingId);
    if (!c) {
      const key = this.derive(meetingId, 'ff3-key', 32).toString('hex');
      const tweak = this.derive(meetingId, 'ff3-tweak', 7).toString('hex'); // FF3-1: 56-bit tweak
      c = new FF3Cipher(key, tweak, 10);
      this.ciphers.set(meetingId, c);
    }
    return c;
  }

  controlNumber(meetingId: string, seq: number): string {
    if (!Number.isSafeInteger(seq) || seq < 0 || seq >= MAX_SEQUENCE) throw new RangeError(`control sequence out of range: ${seq}`);
    return this.cipher(meetingId).encrypt(String(seq).padStart(CONTROL_NUMBER_DIGITS, '0'));
  }

  hash(meetingId: string, controlNumber: string): string {
    let key = this.hashKeys.get(meetingId);
    if (!key) {
      key = this.derive(meetingId, 'hmac-key', 32);
      this.hashKeys.set(meetingId, key);
    }
    return createHmac('sha256', key).update(normaliseControlNumber(controlNumber) ?? controlNumber).digest('base64url');
  }
}

/** "1234 5678 9012" or "1234-5678-9012" → "123456789012"; undefined unless 12 digits. */
export function normaliseControlNumber(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '');
  return /^\d{12}$/.test(digits) ? digits : undefined;
}
