import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { closeWhenFileEnds } from './close-when-file-ends';

/** Debian's chromium package; `.ci/run` installs it. Never `npx playwright install`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];

export function browserAvailable(): boolean {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Each launch gets a fresh temporary profile (playwright's default), so no state leaks between runs.
 * One still open or starting when the file ends (a failed start-up beside it skipped its close()) is closed then.
 */
export function launchBrowser(): Promise<Browser> {
  const launching = chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  closeWhenFileEnds(async () => {
    const browser = await launching.catch(() => undefined);
    if (browser?.isConnected()) await browser.close();
  });
  return launching;
}

const INSTALL_HINT = `Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (Debian/Ubuntu, as root).`;

/**
 * `describe` for browser suites. Without Chromium the suite is skipped with a visible notice, unless
 * FRONTDESK_REQUIRE_BROWSER=1 (CI), where a missing browser fails the run instead of hiding it.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (browserAvailable()) {
    describe(name, body);
    return;
  }
  if (process.env.FRONTDESK_REQUIRE_BROWSER === '1') {
    describe(name, () => {
      test('Chromium is installed (FRONTDESK_REQUIRE_BROWSER=1)', () => {
        throw new Error(`${INSTALL_HINT} FRONTDESK_REQUIRE_BROWSER=1 makes this a failure.`);
      });
    });
    return;
  }
  process.stderr.write(`\n  NOTICE: browser tests "${name}" SKIPPED. ${INSTALL_HINT}\n\n`);
  describe.skip(`${name} (SKIPPED: ${INSTALL_HINT})`, body);
}
