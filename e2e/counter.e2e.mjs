import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDemo, saveScreenshot, useBrowserAndServer } from './support/demo.mjs';

const fixture = useBrowserAndServer();

const valueOf = (page) => page.getByTestId('counter-value');
const usersOf = (page) => page.getByTestId('users-count');

test('counter: a click in A shows in B, and the users count follows joins and leaves', async () => {
  const a = await openDemo(fixture.browser, fixture.server.url, '/counter');
  await usersOf(a.page).filter({ hasText: '1 user connected (you)' }).waitFor();
  await valueOf(a.page).filter({ hasText: /^0$/ }).waitFor();

  const b = await openDemo(fixture.browser, fixture.server.url, '/counter');
  await usersOf(a.page).filter({ hasText: '2 users connected' }).waitFor();
  await usersOf(b.page).filter({ hasText: '2 users connected' }).waitFor();

  await a.page.getByRole('button', { name: 'Increase by one' }).click();
  await a.page.getByRole('button', { name: 'Increase by one' }).click();
  await valueOf(b.page).filter({ hasText: /^2$/ }).waitFor();
  await b.page.getByRole('button', { name: 'Decrease by one' }).click();
  await valueOf(a.page).filter({ hasText: /^1$/ }).waitFor();
  await valueOf(b.page).filter({ hasText: /^1$/ }).waitFor();

  await saveScreenshot(a.page, 'counter');
  const narrow = await openDemo(fixture.browser, fixture.server.url, '/counter', { viewport: { width: 390, height: 844 } });
  await saveScreenshot(narrow.page, 'counter-narrow');
  await usersOf(a.page).filter({ hasText: '3 users connected' }).waitFor();
  await narrow.close();

  await b.close();
  await usersOf(a.page).filter({ hasText: '1 user connected (you)' }).waitFor();
  assert.equal(await valueOf(a.page).textContent(), '1');
  assert.deepEqual([...a.errors, ...b.errors, ...narrow.errors], []);
  // Nothing in the console either: no 404 for /favicon.ico, no failed socket.
  assert.deepEqual([...a.consoleErrors, ...b.consoleErrors, ...narrow.consoleErrors], []);
  await a.close();
});
