#!/usr/bin/env -S node --openssl-legacy-provider
// The `proxydesk` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
// The AWS SDK's warning about this Node version is noise on a terminal (unless the user set it). Set here, before
// anything loads the SDK, and without loading shared/config.ts (zod) for commands that read no configuration.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../cli/main.ts');
await main(process.argv);
