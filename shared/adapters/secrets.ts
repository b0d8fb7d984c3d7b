import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { Config } from '../config.js';

const HEX = /^[0-9a-fA-F]{64,}$/;

/**
 * The platform secret behind control numbers, from where the config says: hex (locally and in
 * tests) or a Secrets Manager ARN (AWS), fetched and cached by Powertools Parameters. There is no
 * default: a missing secret is an error.
 */
export async function loadControlSecret(source: Config['controlSecret']): Promise<Buffer> {
  if (source.hex) {
    if (!HEX.test(source.hex)) throw new Error('PROXYDESK_CONTROL_SECRET must be at least 64 hex digits (32 bytes)');
    return Buffer.from(source.hex, 'hex');
  }
  if (!source.arn)
    throw new Error(
      'no control-number secret: set PROXYDESK_CONTROL_SECRET (local) or PROXYDESK_CONTROL_SECRET_ARN (AWS)',
    );
  const value = await getSecret(source.arn, { maxAge: 3600 });
  if (typeof value !== 'string' || !HEX.test(value))
    throw new Error(`secret ${source.arn} must hold at least 64 hex digits`);
  return Buffer.from(value, 'hex');
}
