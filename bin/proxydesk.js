#!/usr/bin/env -S node --openssl-legacy-provider
// The `proxydesk` command: runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli/main.ts');
await main(process.argv);
