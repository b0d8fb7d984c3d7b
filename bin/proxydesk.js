#!/usr/bin/env -S node --openssl-legacy-provider
// The `proxydesk` command: the built CLI (dist/cli/, see cli/build.ts) while it is fresh, otherwise
// the TypeScript CLI's sources through tsx, so an edited source is never run stale (bin/cli-entry.js).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './cli-entry.js';

// The AWS SDK's warning about this Node version is noise on a terminal (unless the user set it). Set here, before
// anything loads the SDK, and without loading shared/config.ts (zod) for commands that read no configuration.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const bundle = freshBundle(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (bundle) ({ main } = await import(pathToFileURL(bundle).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
await main(process.argv);
