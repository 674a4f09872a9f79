import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDemo, useBrowserAndServer, waitForState } from './support/demo.mjs';

const fixture = useBrowserAndServer();

test('the demo connects, measures a heartbeat round trip, and reconnects by itself after a server restart', async () => {
  const { page, errors, close } = await openDemo(fixture.browser, fixture.server.url);
  await page.getByTestId('rtt').filter({ hasText: /^\d+ ms$/ }).waitFor({ timeout: 15_000 });

  await fixture.restartServer(() => waitForState(page, 'reconnecting', 10_000));
  await waitForState(page, 'open');
  assert.deepEqual(errors, []);
  await close();
});

test('"Drop connection" makes the server cut the link (1006) and the demo reconnects; offline/online closes (4000) and reopens', async () => {
  const { page, errors, close } = await openDemo(fixture.browser, fixture.server.url, '/counter');
  const log = page.getByTestId('reconnect-log');

  await page.getByRole('button', { name: 'Drop connection' }).click();
  await log.getByText(/^dropped: 1006; retry in \d+\.\d s$/).waitFor();
  await log.getByText('reconnected (#1)').waitFor({ timeout: 15_000 });
  await waitForState(page, 'open');
  assert.equal(await page.getByTestId('reconnects').textContent(), '1');

  await page.getByRole('button', { name: 'Go offline' }).click();
  await waitForState(page, 'closed');
  await log.getByText('closed: 4000 "offline (demo)"').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Drop connection' }).isDisabled(), true);
  assert.equal(await page.getByRole('button', { name: 'Increase by one' }).isDisabled(), true);
  await page.waitForTimeout(1_000);
  assert.equal(await page.getByTestId('state').textContent(), 'closed', 'an app close is not retried');

  await page.getByRole('button', { name: 'Go online' }).click();
  await waitForState(page, 'open');
  assert.equal(await log.getByText('connected', { exact: true }).count(), 2);
  assert.deepEqual(errors, []);
  await close();
});
