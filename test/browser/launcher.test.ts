import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumBinary } from '../support/browser.js';

describe('which Chromium the browser tests launch (launchChromium asks for /usr/bin/chromium)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'proxydesk-launcher-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the system one, as it is, when installed', async () => {
    const system = join(dir, 'chromium');
    writeFileSync(system, '#!/bin/sh\n', { mode: 0o755 });
    expect(await chromiumBinary(system)).toEqual({ executablePath: system });
  });

  it('is the build @sparticuz/chromium ships, unpacked with its libraries and fonts, when none is installed', async () => {
    const bundled = await chromiumBinary(join(dir, 'no-such-chromium'));
    const home = join(tmpdir(), 'proxydesk-chromium-153.0.0'); // the devDependency's version, package.json
    expect(bundled).toEqual({
      executablePath: join(home, 'chromium'),
      env: { LD_LIBRARY_PATH: join(home, 'lib'), FONTCONFIG_FILE: join(home, 'fonts.conf') },
    });
    for (const file of ['chromium', 'lib/libnss3.so', 'libGLESv2.so', 'fonts/Open_Sans/OpenSans-Regular.ttf'])
      expect(existsSync(join(home, file)), file).toBe(true);
  });
});
