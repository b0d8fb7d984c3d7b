import type { Config } from '#shared/config.js';
import { rootFor, type Root } from '#shared/composition/root.js';
import type { FunctionName, WorkerName } from '#shared/resources.js';
import type { Context } from 'aws-lambda';
import type { Handlers, LambdaHandler } from './http-server.js';

/** A worker's handler (functions/<name>/handler.ts), invoked with S3 or SQS events. */
export type WorkerHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A handler module's factory: the handler over a composition root (functions/<name>/handler.ts). */
type HandlerModule = { makeHandler: (r: Root) => unknown };

// Static imports per name (bundlers and vitest resolve these; a template import they cannot).
const FUNCTIONS: Record<FunctionName, () => Promise<HandlerModule>> = {
  deadlines: () => import('../../functions/deadlines/handler.js'),
  meetings: () => import('../../functions/meetings/handler.js'),
  distributions: () => import('../../functions/distributions/handler.js'),
  requests: () => import('../../functions/requests/handler.js'),
  votes: () => import('../../functions/votes/handler.js'),
  results: () => import('../../functions/results/handler.js'),
  site: () => import('../../functions/site/handler.js'),
  'voting-site': () => import('../../functions/voting-site/handler.js'),
  openapi: () => import('../../functions/openapi/handler.js'),
};
const WORKERS: Record<WorkerName, () => Promise<HandlerModule>> = {
  'holders-import': () => import('../../functions/holders-import/handler.js'),
  'votes-import': () => import('../../functions/votes-import/handler.js'),
  'distribution-worker': () => import('../../functions/distribution-worker/handler.js'),
  'requests-worker': () => import('../../functions/requests-worker/handler.js'),
  'requests-check': () => import('../../functions/requests-check/handler.js'),
  'email-events': () => import('../../functions/email-events/handler.js'),
};

/** The local runtime's composition root for a config: one per config, built on first use and reused. */
export const localRoot = (config: Config): Root => rootFor(config);

/**
 * The Lambda handlers (functions/<name>/handler.ts) built in this process over the local root for
 * `config` (or the root given), pointed at the local servers: the same handlers as on AWS, from
 * the same factories (makeHandler). Nothing is written to the environment.
 */
export async function loadHandlers(config: Config, root: Root = localRoot(config)): Promise<Handlers> {
  const entries = await Promise.all(
    (Object.keys(FUNCTIONS) as FunctionName[]).map(
      async (name) => [name, (await FUNCTIONS[name]()).makeHandler(root) as LambdaHandler] as const,
    ),
  );
  return Object.fromEntries(entries) as Handlers;
}

/** One worker's handler, built like loadHandlers' over the local root for `config` (or the root given). */
export async function loadWorker(
  config: Config,
  name: WorkerName,
  root: Root = localRoot(config),
): Promise<WorkerHandler> {
  return (await WORKERS[name]()).makeHandler(root) as WorkerHandler;
}
