// Which CLI bin/proxydesk.js runs: the bundle (dist/cli/, built by `npm run build:cli` and on
// `npm ci`) while it is fresh, otherwise the TypeScript sources through tsx. Plain JavaScript, so
// that deciding costs no loader: one small JSON read and a stat per source file (a few ms).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The bundle's directory and its manifest (written by cli/build.ts). */
export const BUNDLE_DIR = 'dist/cli';
export const BUNDLE_ENTRY = 'main.js';
export const BUNDLE_MANIFEST = 'build.json';

/**
 * The bundle's entry file under the repo at `root`, or undefined when the sources must be run:
 * no bundle or no manifest, a listed source missing, or one changed since the build started.
 */
export function freshBundle(root) {
  const dir = join(root, BUNDLE_DIR);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, BUNDLE_MANIFEST), 'utf8'));
    statSync(join(dir, BUNDLE_ENTRY));
  } catch {
    return undefined;
  }
  if (typeof manifest.builtAt !== 'number' || !Array.isArray(manifest.sources)) return undefined;
  for (const source of manifest.sources) {
    const stat = statSync(join(root, source), { throwIfNoEntry: false });
    // Changed at or after the build's start (the build may have read it before the change).
    if (!stat || stat.mtimeMs >= manifest.builtAt) return undefined;
  }
  return join(dir, BUNDLE_ENTRY);
}
