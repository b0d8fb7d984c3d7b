import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it), driven by playwright-core; never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Fails with what to install when Chromium is missing; the flags keep it off the (closed) network. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Submits a form by `action` and waits for the answer page. */
export async function submitted(page: Page, action: () => Promise<void>): Promise<Response> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), action()]);
  await page.waitForLoadState('domcontentloaded');
  return res;
}
