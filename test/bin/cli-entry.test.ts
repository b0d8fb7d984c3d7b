import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshBundle } from '../../bin/cli-entry.js';

// A repo in a temporary directory: two sources, and (per case) a bundle built from them at BUILT.
const BUILT = Date.UTC(2025, 0, 1, 12);
const at = (ms: number) => new Date(ms);

describe('bin/cli-entry.js: the bundle while it is fresh, else the sources', () => {
  let root: string;
  const write = (path: string, text: string, mtime = BUILT - 60_000) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    utimesSync(join(root, path), at(mtime), at(mtime));
  };
  const bundle = (sources = ['cli/main.ts', 'shared/a.ts']) => {
    write('dist/cli/main.js', 'export {}');
    write('dist/cli/build.json', JSON.stringify({ builtAt: BUILT, sources }));
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'proxydesk-entry-'));
    // Both sources last changed a minute before the build.
    write('cli/main.ts', 'export {}');
    write('shared/a.ts', 'export {}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('runs the bundle when no listed source changed since the build', () => {
    bundle();
    expect(freshBundle(root)).toBe(join(root, 'dist/cli/main.js'));
  });

  it('runs the sources when one was changed after the build, or in the millisecond it started', () => {
    bundle();
    write('shared/a.ts', 'export const a = 1;', BUILT + 5_000);
    expect(freshBundle(root)).toBeUndefined();
    write('shared/a.ts', 'export const a = 1;', BUILT);
    expect(freshBundle(root)).toBeUndefined();
  });

  it('runs the sources when a listed source is gone', () => {
    bundle();
    rmSync(join(root, 'shared/a.ts'));
    expect(freshBundle(root)).toBeUndefined();
  });

  it('runs the sources when there is no bundle, or no manifest beside it (a build that did not finish)', () => {
    expect(freshBundle(root)).toBeUndefined();
    write('dist/cli/main.js', 'export {}');
    expect(freshBundle(root)).toBeUndefined();
  });

  it('runs the sources when the manifest is there but the entry is not', () => {
    bundle();
    rmSync(join(root, 'dist/cli/main.js'));
    expect(freshBundle(root)).toBeUndefined();
  });
});
