#!/usr/bin/env node
// The e2e step of `npm test`: builds the library and the demo as `npm start` does, then runs every
// e2e/*.e2e.mjs with Node's test runner in real headless Chromium against the real reference server.
// Without Chromium it fails (never skips) and says how to install it.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './support/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

if (findChromium() === null) {
  console.error(
    'e2e: Chromium was not found, so the browser tests cannot run.\n' +
      '     Install it with:  apt-get install -y chromium\n' +
      '     (or point CHROMIUM_PATH at a Chromium/Chrome binary), then run npm test again.',
  );
  process.exit(1);
}

const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
};

if (!process.argv.includes('--no-build')) {
  run('npm', ['run', '--silent', 'build']);
  run('npm', ['run', '--silent', 'build:demo']);
}
const specs = readdirSync(here).filter((name) => name.endsWith('.e2e.mjs')).map((name) => join(here, name));
run(process.execPath, ['--test', '--test-concurrency=1', ...specs]);
