/**
 * The built CLI: `cli/main.ts` and everything it imports from the repo bundled by esbuild into
 * `dist/cli/` (ESM, split so each command's code still loads only when it runs; packages stay
 * imports of node_modules, which some of them need to read files beside themselves). Run by
 * `npm run build:cli` and by `prepare` (so on `npm ci` / `npm install`).
 *
 * Beside the bundle, `build.json` lists the repo files it was built from and when: bin/proxydesk.js
 * runs the bundle only while none of them has changed since (bin/cli-entry.js), and otherwise the
 * sources through tsx, so an edited source is never run stale. It is written last: a build that
 * fails half-way leaves no bundle to run.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The bundle's directory, relative to the repo. */
export const OUT_DIR = 'dist/cli';
/** The list of the bundle's sources, in OUT_DIR (read by bin/cli-entry.js). */
export const MANIFEST = 'build.json';
/** Files that shape the build without being bundled: a change to them needs a new bundle too. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'cli/build.ts'];

export interface BuildManifest {
  /** The build's start, by the file system's clock (the mtime of a file written then). */
  readonly builtAt: number;
  /** The repo files the bundle was built from, relative to the repo. */
  readonly sources: string[];
}

/**
 * A bundled module finds files beside its source as it would unbundled: its `import.meta.url`
 * is its source file's URL, worked out from the chunk's own (every chunk is in OUT_DIR, so the
 * way from there to the source is fixed). cli/platform.ts reads ../examples/ that way.
 */
const sourceMetaUrl = (outDir: string): Esbuild.Plugin => ({
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromOut = relative(outDir, args.path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(fromOut)}, import.meta.url).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
});

/** The minimum Node version in package.json's engines (`>=20.18` → `node20.18`): what the bundle is written for. */
function nodeTarget(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
  const min = /(\d+(?:\.\d+){0,2})/.exec(pkg.engines?.node ?? '');
  return `node${min?.[1] ?? process.versions.node}`;
}

/** Builds the bundle; resolves to its manifest, or to undefined when esbuild is not installed (production installs). */
export async function buildCli(root = ROOT): Promise<BuildManifest | undefined> {
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  const outDir = join(root, OUT_DIR);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const stamp = join(outDir, '.started');
  writeFileSync(stamp, '');
  const builtAt = statSync(stamp).mtimeMs;
  rmSync(stamp);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'cli/main.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: nodeTarget(),
    splitting: true,
    // Flat: every chunk directly in OUT_DIR (sourceMetaUrl counts on it).
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    outdir: outDir,
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceMetaUrl(outDir)],
  });
  const bundled = Object.keys(result.metafile.inputs).filter((p) => !p.split('/').includes('node_modules'));
  const manifest: BuildManifest = { builtAt, sources: [...new Set([...BUILD_INPUTS, ...bundled])].sort() };
  writeFileSync(join(outDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = await buildCli();
  process.stdout.write(
    manifest
      ? `proxydesk: built the CLI into ${OUT_DIR}/ from ${manifest.sources.length} files\n`
      : 'proxydesk: esbuild is not installed; the CLI runs from its sources (through tsx)\n',
  );
}
