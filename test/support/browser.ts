import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';

/** A system Chromium (Debian's `chromium` package), used when installed. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The flags that keep Chromium off the (closed) network, and let it run as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser to launch: its executable, and the environment it needs beyond the process's own. */
export interface ChromiumBinary {
  readonly executablePath: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The system Chromium when `system` exists; otherwise the Chromium build that the
 * `@sparticuz/chromium` devDependency ships inside node_modules (so `npm ci` is all a machine needs),
 * unpacked once into the temp directory.
 */
export async function chromiumBinary(system: string = SYSTEM_CHROMIUM): Promise<ChromiumBinary> {
  return existsSync(system) ? { executablePath: system } : bundledChromium();
}

/**
 * The @sparticuz/chromium build, unpacked into <tmp>/proxydesk-chromium-<version>: the browser, the
 * swiftshader GL libraries beside it, the NSS/expat libraries it links (its lib/) and its fonts
 * (without any font the renderer aborts). It is unpacked into a fresh directory that is then renamed
 * into place, so test files launching at once in parallel never see half a browser; one that loses
 * the race uses the winner's. The package's own executablePath() writes straight to <tmp>/chromium
 * and reads fonts from wherever the system's fontconfig says, which this avoids.
 */
async function bundledChromium(): Promise<ChromiumBinary> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`no ${SYSTEM_CHROMIUM}, and @sparticuz/chromium ships a build for linux x64 only`);
  const main = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const root = join(dirname(main), '..');
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `proxydesk-chromium-${version}`);
  if (!existsSync(join(dir, 'chromium'))) await unpack(join(root, 'bin'), dir);
  return {
    executablePath: join(dir, 'chromium'),
    env: { LD_LIBRARY_PATH: join(dir, 'lib'), FONTCONFIG_FILE: join(dir, 'fonts.conf') },
  };
}

async function unpack(bin: string, dir: string): Promise<void> {
  const staging = await mkdtemp(`${dir}.partial-`);
  try {
    const untar = (archive: string) =>
      execFileSync('tar', ['-x', '--no-same-owner', '-C', staging], {
        input: brotliDecompressSync(readFileSync(join(bin, archive))),
      });
    untar('swiftshader.tar.br'); // libEGL, libGLESv2, vulkan: beside the binary, where Chromium loads them from
    untar('al2023.tar.br'); // lib/: libnss3, libnspr4, libexpat
    untar('fonts.tar.br'); // fonts/Open_Sans; its fonts.conf (for <tmp>/fonts) is replaced by one for this directory
    const conf = [`<dir>${dir}/fonts</dir>`, `<cachedir>${dir}/fonts-cache</cachedir>`];
    await writeFile(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<fontconfig>\n${conf.join('\n')}\n</fontconfig>\n`,
    );
    await pipeline(
      createReadStream(join(bin, 'chromium.br')),
      createBrotliDecompress(),
      createWriteStream(join(staging, 'chromium'), { mode: 0o755 }),
    );
    await rename(staging, dir);
  } catch (err) {
    // Another test file unpacked it first (rename onto a non-empty directory fails): use that one.
    if (!existsSync(join(dir, 'chromium'))) throw err;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Launches Chromium headless, off the network: the system's if installed, else the bundled one. */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, env } = await chromiumBinary();
  return chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    ...(env && { env: { ...definedEnv(), ...env } }),
  });
}

/** The test process's environment without unset entries (the launch option takes strings only). */
function definedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Submits a form by `action` and waits for the answer page. */
export async function submitted(page: Page, action: () => Promise<void>): Promise<Response> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), action()]);
  await page.waitForLoadState('domcontentloaded');
  return res;
}
