import { z } from 'zod';

/**
 * Runtime configuration, read once per process from the environment and validated. The same
 * variables point the code at AWS (no endpoints) or at the local servers (endpoints on loopback).
 */
const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const HEX_SECRET = /^[0-9a-fA-F]{64,}$/;

export const ConfigSchema = z.object({
  region: z.string().min(1, 'AWS_REGION is required'),
  tableName: z.string().min(3, 'PROXYDESK_TABLE is required (the main DynamoDB table)'),
  importsBucket: z.string().min(3, 'PROXYDESK_IMPORTS_BUCKET is required'),
  materialsBucket: z.string().min(3, 'PROXYDESK_MATERIALS_BUCKET is required'),
  /** Where a long import queues its continuation (set for the import function only). */
  importQueueUrl: optionalUrl,
  /** Where distribution jobs are queued (the distributions API and worker). */
  distributionQueueUrl: optionalUrl,
  /** Where stockholder requests wait for fulfilment (the requests API and worker). */
  requestQueueUrl: optionalUrl,
  /**
   * Rehearsals and tests only: the instant the request functions take as now (ISO 8601), so a
   * past meeting's request window can be walked through. Never set on a live stage.
   */
  fixedNow: z.iso.datetime({ offset: true, message: 'PROXYDESK_NOW must be an ISO 8601 instant' }).optional(),
  /** Pieces per distribution chunk (one send job; a mail chunk is one manifest file). */
  distributionChunkSize: z.coerce.number().int().min(1).max(10_000).default(5000),
  /** The sender of proxy emails (a verified SES identity on AWS). */
  mailFrom: z
    .email({ message: 'PROXYDESK_MAIL_FROM must be an email address' })
    .default('proxy-materials@proxydesk.example'),
  /**
   * The platform's public base URL (PROXYDESK_PUBLIC_URL: the HTTP API's URL on AWS, the listening address of
   * `npm start` locally): the Notice and the materials emails name the voting page `<base>/vote/<meeting>`
   * under it. Unset: they name only a voting website the meeting file gives.
   */
  publicUrl: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .url({
          protocol: /^https?$/,
          message: 'PROXYDESK_PUBLIC_URL must be an http(s) URL, e.g. https://vote.example.com',
        })
        .optional(),
    )
    .optional(),
  /** The SES configuration set on AWS (event publishing: deliveries, bounces, complaints). */
  sesConfigurationSet: z.string().min(1).optional(),
  /**
   * Where the control-number secret comes from: hex (locally and in tests; the local runtime keeps
   * one in the data directory) or a Secrets Manager ARN (AWS). Neither: the secret is missing, an
   * error when a capability first needs it.
   */
  controlSecret: z
    .object({
      hex: z
        .string()
        .regex(HEX_SECRET, 'PROXYDESK_CONTROL_SECRET must be at least 64 hex digits (32 bytes)')
        .optional(),
      arn: z.string().min(1).optional(),
    })
    .default({}),
  endpoints: z.object({
    dynamodb: optionalUrl,
    s3: optionalUrl,
    ses: optionalUrl,
    sqs: optionalUrl,
  }),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError naming every missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse({
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
    tableName: env.PROXYDESK_TABLE ?? '',
    importsBucket: env.PROXYDESK_IMPORTS_BUCKET ?? '',
    materialsBucket: env.PROXYDESK_MATERIALS_BUCKET ?? '',
    importQueueUrl: env.PROXYDESK_IMPORT_QUEUE_URL,
    distributionQueueUrl: env.PROXYDESK_DISTRIBUTION_QUEUE_URL,
    distributionChunkSize: env.PROXYDESK_DISTRIBUTION_CHUNK_SIZE || undefined,
    requestQueueUrl: env.PROXYDESK_REQUEST_QUEUE_URL,
    fixedNow: env.PROXYDESK_NOW || undefined,
    mailFrom: env.PROXYDESK_MAIL_FROM || undefined,
    sesConfigurationSet: env.PROXYDESK_SES_CONFIGURATION_SET || undefined,
    publicUrl: env.PROXYDESK_PUBLIC_URL,
    controlSecret: {
      hex: env.PROXYDESK_CONTROL_SECRET || undefined,
      arn: env.PROXYDESK_CONTROL_SECRET_ARN || undefined,
    },
    endpoints: {
      dynamodb: env.PROXYDESK_ENDPOINT_DYNAMODB,
      s3: env.PROXYDESK_ENDPOINT_S3,
      ses: env.PROXYDESK_ENDPOINT_SES,
      sqs: env.PROXYDESK_ENDPOINT_SQS,
    },
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  return parsed.data;
}

/** The environment variables that express a Config: the names the CDK stack gives each function, and what a test sets to call a Lambda entry as on AWS. */
export function configToEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: config.region,
    PROXYDESK_TABLE: config.tableName,
    PROXYDESK_IMPORTS_BUCKET: config.importsBucket,
    PROXYDESK_MATERIALS_BUCKET: config.materialsBucket,
  };
  if (config.endpoints.dynamodb) env.PROXYDESK_ENDPOINT_DYNAMODB = config.endpoints.dynamodb;
  if (config.endpoints.s3) env.PROXYDESK_ENDPOINT_S3 = config.endpoints.s3;
  if (config.endpoints.ses) env.PROXYDESK_ENDPOINT_SES = config.endpoints.ses;
  if (config.endpoints.sqs) env.PROXYDESK_ENDPOINT_SQS = config.endpoints.sqs;
  if (config.importQueueUrl) env.PROXYDESK_IMPORT_QUEUE_URL = config.importQueueUrl;
  if (config.distributionQueueUrl) env.PROXYDESK_DISTRIBUTION_QUEUE_URL = config.distributionQueueUrl;
  env.PROXYDESK_DISTRIBUTION_CHUNK_SIZE = String(config.distributionChunkSize);
  if (config.requestQueueUrl) env.PROXYDESK_REQUEST_QUEUE_URL = config.requestQueueUrl;
  if (config.fixedNow) env.PROXYDESK_NOW = config.fixedNow;
  env.PROXYDESK_MAIL_FROM = config.mailFrom;
  if (config.sesConfigurationSet) env.PROXYDESK_SES_CONFIGURATION_SET = config.sesConfigurationSet;
  if (config.publicUrl) env.PROXYDESK_PUBLIC_URL = config.publicUrl;
  if (config.controlSecret.hex) env.PROXYDESK_CONTROL_SECRET = config.controlSecret.hex;
  if (config.controlSecret.arn) env.PROXYDESK_CONTROL_SECRET_ARN = config.controlSecret.arn;
  return env;
}

/** The CLI's and the local runtime's own settings (not the functions' config). */
export interface LocalSettings {
  /** `aws`: the CLI talks to the deployed stack (its outputs in the environment); else the local platform. */
  readonly target: 'local' | 'aws';
  /** The data directory (PROXYDESK_DATA_DIR), unless a --data-dir option says otherwise. */
  readonly dataDir?: string;
  /** npm start's port (PROXYDESK_PORT), unless --port says otherwise. */
  readonly port?: string;
  /** A rehearsed instant (PROXYDESK_NOW) for the local platform's one clock. */
  readonly fixedNow?: string;
  /** A control-number secret given in the environment (hex); else the data directory's. */
  readonly controlSecretHex?: string;
}

const LocalSettingsSchema = z.object({
  target: z.enum(['local', 'aws']),
  dataDir: z.string().min(1).optional(),
  port: z.string().min(1).optional(),
  fixedNow: ConfigSchema.shape.fixedNow,
  controlSecretHex: z
    .string()
    .regex(HEX_SECRET, 'PROXYDESK_CONTROL_SECRET must be at least 64 hex digits (32 bytes)')
    .optional(),
});

/** Reads and validates the local settings; throws a ConfigError naming what is wrong. */
export function loadLocalSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  const parsed = LocalSettingsSchema.safeParse({
    target: env.PROXYDESK_TARGET === 'aws' ? 'aws' : 'local',
    dataDir: env.PROXYDESK_DATA_DIR || undefined,
    port: env.PROXYDESK_PORT || undefined,
    fixedNow: env.PROXYDESK_NOW || undefined,
    controlSecretHex: env.PROXYDESK_CONTROL_SECRET || undefined,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  return parsed.data;
}
