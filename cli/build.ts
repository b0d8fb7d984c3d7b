/**
 * The built CLI: `cli/main.ts` and everything it imports from the repo bundled by esbuild into
 * `dist/cli/` (ESM, split so each command's code still loads only when it runs; a few small
 * packages bundled too, the rest left imports of node_modules: BUNDLED_PACKAGES). Run by
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
const BUILD_INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'cli/build.ts'];

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

/**
 * The packages bundled with the CLI's code (and what they import): plain JavaScript that reads
 * no file beside itself, loaded by the commands users run most. Bundled, each is no longer a
 * module resolved and loaded on its own: `households --file` starts some 50 ms sooner. Every
 * other package stays an import of node_modules (the AWS SDK, the local servers, which read
 * files beside themselves, …).
 */
const BUNDLED_PACKAGES = new Set([
  'commander',
  'temporal-polyfill',
  '@18f/us-federal-holidays',
  'i18n-iso-countries',
  '@noble/hashes',
  'parse-full-name',
]);

/** The packages left as imports: package.json's others, and anything under them. */
function externalPackages(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
    .filter((name) => !BUNDLED_PACKAGES.has(name))
    .flatMap((name) => [name, `${name}/*`]);
}

/** Lets a bundled CommonJS package require Node's modules from an ES module chunk. */
const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

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
    external: externalPackages(root),
    banner: { js: REQUIRE_BANNER },
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
