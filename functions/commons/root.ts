import type { Context } from 'aws-lambda';
import { loadConfig } from '#shared/config.js';
import { rootFor, type Root } from '#shared/composition/root.js';

/**
 * The Lambda runtime's composition root: built from the validated config (loadConfig, the
 * function's environment) on first use and reused, so on AWS once per process. Only lambdaEntry
 * calls it; the local runtime builds its own root per config and never writes the environment
 * (cli/local/handlers.ts).
 */
export const root = (): Root => rootFor(loadConfig());

/** A Lambda handler as the runtimes call it. */
export type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * A handler module's Lambda entry (`export const handler = lambdaEntry(makeHandler)`): the handler
 * is built from root() on the first invocation and kept, so importing the module reads no
 * environment and builds nothing, and on AWS the cold-start work is done once per process.
 */
export function lambdaEntry<E, R>(makeHandler: (r: Root) => Handler<E, R>): Handler<E, R> {
  let built: Handler<E, R> | undefined;
  return (event, context) => (built ??= makeHandler(root()))(event, context);
}
