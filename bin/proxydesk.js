#!/usr/bin/env -S node --openssl-legacy-provider
// The `proxydesk` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
// The process's environment is set in one place (shared/config.ts), before the SDK loads.
const { quietSdkVersionWarning } = await import('../shared/config.ts');
quietSdkVersionWarning();
const { main } = await import('../cli/main.ts');
await main(process.argv);
