import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchChromium } from './support/chromium.mjs';
import referenceServer from '../tests/support/reference-server-process.cjs';

const { spawnReferenceServer } = referenceServer;

let browser;
let server;

before(async () => {
  browser = await launchChromium();
  server = await spawnReferenceServer();
});

after(async () => {
  await browser?.close();
  await server?.kill();
});

const stateOf = (page) => page.getByTestId('state');

test('the demo connects, measures a heartbeat round trip, and reconnects by itself after a server restart', async () => {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(server.url);

  await stateOf(page).filter({ hasText: /^open$/ }).waitFor({ timeout: 10_000 });
  await page.getByTestId('rtt').filter({ hasText: /\d+ ms/ }).waitFor({ timeout: 15_000 });

  const { port } = server;
  await server.stop();
  await stateOf(page).filter({ hasText: /^reconnecting$/ }).waitFor({ timeout: 10_000 });

  server = await spawnReferenceServer({ port });
  await stateOf(page).filter({ hasText: /^open$/ }).waitFor({ timeout: 15_000 });
  assert.deepEqual(pageErrors, []);
  await page.close();
});
