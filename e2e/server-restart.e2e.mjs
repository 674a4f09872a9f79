import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatMessage, joinChat, openDemo, sendChat, useBrowserAndServer, waitForRejoin, waitForState } from './support/demo.mjs';

const fixture = useBrowserAndServer();

const show = (page, name) => page.getByRole('link', { name }).click();
const valueOf = (page) => page.getByTestId('counter-value');

test('the server restarts: both browsers reconnect by themselves, and counter and chat agree again', async () => {
  const a = await openDemo(fixture.browser, fixture.server.url, '/chat');
  const b = await openDemo(fixture.browser, fixture.server.url, '/chat');
  await joinChat(a.page, 'ada');
  await joinChat(b.page, 'grace');
  await sendChat(a.page, 'before the restart');
  await chatMessage(b.page, 'before the restart').waitFor();
  await show(a.page, 'Counter');
  await show(b.page, 'Counter');
  await a.page.getByRole('button', { name: 'Increase by one' }).click();
  await valueOf(b.page).filter({ hasText: /^1$/ }).waitFor();

  await fixture.restartServer(() => Promise.all([waitForState(a.page, 'reconnecting'), waitForState(b.page, 'reconnecting')]));
  await Promise.all([waitForState(a.page, 'open'), waitForState(b.page, 'open')]);

  // The new server starts from 0 and tells everyone: both show the same value, and it moves for both again.
  await valueOf(a.page).filter({ hasText: /^0$/ }).waitFor();
  await valueOf(b.page).filter({ hasText: /^0$/ }).waitFor();
  await b.page.getByRole('button', { name: 'Increase by one' }).click();
  await valueOf(a.page).filter({ hasText: /^1$/ }).waitFor();
  await a.page.getByTestId('users-count').filter({ hasText: '2 users connected' }).waitFor();
  for (const { page } of [a, b]) {
    await page.getByTestId('reconnect-log').getByText(/^dropped: 1001 "server shutting down"; retry in/).waitFor();
  }

  // Both rejoined the chat under their names by themselves; what was said before shows once; talk goes on.
  await show(a.page, 'Chat');
  await show(b.page, 'Chat');
  for (const { page } of [a, b]) {
    await waitForRejoin(page);
    await page.getByTestId('chat-online').filter({ hasText: 'ada' }).filter({ hasText: 'grace' }).waitFor();
    assert.equal(await chatMessage(page, 'before the restart').count(), 1);
  }
  await sendChat(b.page, 'after the restart');
  await chatMessage(a.page, 'after the restart').waitFor();
  assert.deepEqual(
    await a.page.getByTestId('chat-text').allTextContents(),
    await b.page.getByTestId('chat-text').allTextContents(),
  );
  assert.deepEqual([...a.errors, ...b.errors], []);
  await Promise.all([a.close(), b.close()]);
});

// Still to come with the offline queue (withOfflineQueue + acks): "A sends while the server is down: the
// message arrives in B exactly once after it comes back". Today a send while down is refused (the chat keeps
// the text and says so), so there is nothing honest to test yet.
