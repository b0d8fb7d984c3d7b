import { ConfigSchema, type Config } from '#shared/config.js';
import { IMPORTS_BUCKET, MAIN_TABLE, MATERIALS_BUCKET, localBucketName, localTableName } from '#shared/resources.js';

/** The fixed region the local platform claims (the local servers ignore it; the SDK needs one). */
export const LOCAL_REGION = 'us-east-1';

/**
 * Config for the local servers: names from shared/resources.ts, endpoints on loopback; the
 * control-number secret (hex), a rehearsed instant and the platform's public address when given.
 */
export function localConfig(
  endpoints: { dynamodb: string; s3: string; ses: string },
  opts: { fixedNow?: string; controlSecret?: string; publicUrl?: string } = {},
): Config {
  return ConfigSchema.parse({
    region: LOCAL_REGION,
    tableName: localTableName(MAIN_TABLE),
    importsBucket: localBucketName(IMPORTS_BUCKET),
    materialsBucket: localBucketName(MATERIALS_BUCKET),
    endpoints,
    fixedNow: opts.fixedNow,
    controlSecret: { hex: opts.controlSecret },
    publicUrl: opts.publicUrl,
  });
}
