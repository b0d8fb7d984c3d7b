import { loadConfig } from '../../shared/config.js';
import { clientsFor } from '../../shared/adapters/clients.js';
import { createRoot, type Root } from '../../shared/composition/root.js';

const roots = new Map<string, Root>();

/**
 * The Lambda runtime's composition root: built from the validated config on first use and reused,
 * so on AWS once per process. Handler modules call it when loaded; the local runtime loads each
 * with its own config (cli/local/handlers.ts), which gets its own root.
 */
export function root(): Root {
  const config = loadConfig();
  const key = JSON.stringify(config);
  let r = roots.get(key);
  if (!r) {
    r = createRoot(config, clientsFor(config));
    roots.set(key, r);
  }
  return r;
}
