import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The platform secret behind control numbers. Locally and in tests it comes from
 * PROXYDESK_CONTROL_SECRET (hex, 32+ bytes; the local runtime keeps one in the data directory).
 * On AWS it comes from Secrets Manager (PROXYDESK_CONTROL_SECRET_ARN), fetched once per process
 * and cached by Powertools Parameters. There is no default: a missing secret is an error.
 */
export async function loadControlSecret(env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const hex = env.PROXYDESK_CONTROL_SECRET;
  if (hex) {
    if (!/^[0-9a-fA-F]{64,}$/.test(hex))
      throw new Error('PROXYDESK_CONTROL_SECRET must be at least 64 hex digits (32 bytes)');
    return Buffer.from(hex, 'hex');
  }
  const arn = env.PROXYDESK_CONTROL_SECRET_ARN;
  if (!arn)
    throw new Error(
      'no control-number secret: set PROXYDESK_CONTROL_SECRET (local) or PROXYDESK_CONTROL_SECRET_ARN (AWS)',
    );
  const value = await getSecret(arn, { maxAge: 3600 });
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{64,}$/.test(value))
    throw new Error(`secret ${arn} must hold at least 64 hex digits`);
  return Buffer.from(value, 'hex');
}
