import { exportConfigToProcess, type Config } from '../../shared/config.js';
import type { FunctionName, WorkerName } from '../../shared/resources.js';
import type { Context } from 'aws-lambda';
import type { Handlers, LambdaHandler } from './http-server.js';

/** A worker's handler (functions/<name>/handler.ts), invoked with S3 or SQS events. */
export type WorkerHandler = (event: unknown, context: Context) => Promise<unknown>;

// Static imports per name (bundlers and vitest resolve these; a template import they cannot).
const FUNCTIONS: Record<FunctionName, () => Promise<{ handler: unknown }>> = {
  deadlines: () => import('../../functions/deadlines/handler.js'),
  meetings: () => import('../../functions/meetings/handler.js'),
  distributions: () => import('../../functions/distributions/handler.js'),
  requests: () => import('../../functions/requests/handler.js'),
  site: () => import('../../functions/site/handler.js'),
  openapi: () => import('../../functions/openapi/handler.js'),
};
const WORKERS: Record<WorkerName, () => Promise<{ handler: unknown }>> = {
  'holders-import': () => import('../../functions/holders-import/handler.js'),
  'distribution-worker': () => import('../../functions/distribution-worker/handler.js'),
  'requests-worker': () => import('../../functions/requests-worker/handler.js'),
  'requests-check': () => import('../../functions/requests-check/handler.js'),
  'email-events': () => import('../../functions/email-events/handler.js'),
};

/**
 * Loads the Lambda handlers (functions/<name>/handler.ts) into this process, with the environment
 * a deployed function would have, pointed at the local servers. Each module reads its config once,
 * when first loaded.
 */
export async function loadHandlers(config: Config): Promise<Handlers> {
  exportConfigToProcess(config);
  const entries = await Promise.all(
    (Object.keys(FUNCTIONS) as FunctionName[]).map(
      async (name) => [name, (await FUNCTIONS[name]()).handler as LambdaHandler] as const,
    ),
  );
  return Object.fromEntries(entries) as Handlers;
}

export async function loadWorker(config: Config, name: WorkerName): Promise<WorkerHandler> {
  exportConfigToProcess(config);
  return (await WORKERS[name]()).handler as WorkerHandler;
}
