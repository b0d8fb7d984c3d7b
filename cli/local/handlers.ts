import { configToEnv, type Config } from '../../shared/config.js';
import type { FunctionName, WorkerName } from '../../shared/resources.js';
import type { Handlers, LambdaHandler } from './http-server.js';

const FUNCTION_NAMES: readonly FunctionName[] = ['deadlines', 'meetings'];

/**
 * Loads the Lambda handlers (functions/<name>/handler.ts) into this process, with the environment
 * a deployed function would have, pointed at the local servers.
 */
export async function loadHandlers(config: Config): Promise<Handlers> {
  Object.assign(process.env, configToEnv(config));
  const entries = await Promise.all(
    FUNCTION_NAMES.map(async (name) => {
      const mod = (await import(`../../functions/${name}/handler.js`)) as { handler: LambdaHandler };
      return [name, mod.handler] as const;
    }),
  );
  return Object.fromEntries(entries) as Handlers;
}

/** A worker's handler (functions/<name>/handler.ts), invoked with S3 or SQS events. */
export type WorkerHandler = (event: unknown, context: import('aws-lambda').Context) => Promise<unknown>;

export async function loadWorker(config: Config, name: WorkerName): Promise<WorkerHandler> {
  Object.assign(process.env, configToEnv(config));
  const mod = (await import(`../../functions/${name}/handler.js`)) as { handler: WorkerHandler };
  return mod.handler;
}
