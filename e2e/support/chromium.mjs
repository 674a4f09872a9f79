import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium binary to drive: CHROMIUM_PATH if set, else Debian's. `null` when there is none. */
export function findChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    return existsSync(configured) ? configured : null;
  }
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/**
 * Launches headless Chromium with the flags this machine needs: no sandbox (we run as root), and no
 * background networking (the only network is loopback, so Chromium's own calls home would just fail).
 */
export function launchChromium() {
  const executablePath = findChromium();
  if (executablePath === null) {
    throw new Error('Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH.');
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
