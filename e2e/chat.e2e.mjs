import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatMessage, joinChat, openDemo, saveScreenshot, sendChat, useBrowserAndServer, waitForRejoin } from './support/demo.mjs';

const fixture = useBrowserAndServer();

test('chat: a message from A shows in B, an @mention is flagged for B only, and a newcomer gets the history', async () => {
  const a = await openDemo(fixture.browser, fixture.server.url, '/chat');
  const b = await openDemo(fixture.browser, fixture.server.url, '/chat');
  await joinChat(a.page, 'ada');
  await joinChat(b.page, 'grace');
  await b.page.getByTestId('chat-online').filter({ hasText: 'ada' }).waitFor();

  await sendChat(a.page, 'Hello from A');
  await chatMessage(b.page, 'Hello from A').waitFor();
  await sendChat(a.page, 'Have a look, @grace');
  await chatMessage(b.page, 'Have a look, @grace').getByTestId('chat-mention').waitFor();
  await chatMessage(a.page, 'Have a look, @grace').waitFor();
  assert.equal(await chatMessage(a.page, 'Have a look, @grace').getByTestId('chat-mention').count(), 0);
  await sendChat(b.page, 'Hi ada!');
  await chatMessage(a.page, 'Hi ada!').waitFor();

  const newcomer = await openDemo(fixture.browser, fixture.server.url, '/chat');
  await joinChat(newcomer.page, 'linus');
  for (const text of ['Hello from A', 'Have a look, @grace', 'Hi ada!']) {
    assert.equal(await chatMessage(newcomer.page, text).count(), 1, `history shows "${text}" once`);
  }
  await a.page.getByTestId('chat-online').filter({ hasText: 'linus' }).waitFor();
  await newcomer.close();
  await a.page.getByTestId('chat-online').filter({ hasNotText: 'linus' }).waitFor();

  // The screenshot the README shows: B's chat (with its mention) and the connection panel after a real drop.
  await b.page.getByRole('button', { name: 'Drop connection' }).click();
  await b.page.getByTestId('reconnect-log').getByText('reconnected (#1)').waitFor({ timeout: 15_000 });
  await waitForRejoin(b.page);
  await b.page.getByRole('img', { name: /Round-trip chart, last ([3-9]|\d\d):/ }).waitFor({ timeout: 20_000 });
  await saveScreenshot(b.page, 'chat');
  assert.deepEqual([...a.errors, ...b.errors, ...newcomer.errors], []);
  await Promise.all([a.close(), b.close()]);
});

test('chat: markup in a message is shown as text in B and never runs', async () => {
  const a = await openDemo(fixture.browser, fixture.server.url, '/chat');
  const b = await openDemo(fixture.browser, fixture.server.url, '/chat');
  await joinChat(a.page, 'mallory');
  await joinChat(b.page, 'bob');

  const attack = '<img src=x onerror="window.__xss=1">';
  await sendChat(a.page, attack);
  const shown = chatMessage(b.page, attack);
  await shown.waitFor();

  assert.equal(await shown.getByTestId('chat-text').textContent(), attack);
  assert.equal(await b.page.locator('[data-testid="chat-messages"] img').count(), 0);
  // No fake clock reaches the browser's image loading: give a broken image the time to fire onerror, had
  // one been created anywhere on the page.
  await b.page.waitForTimeout(300);
  assert.equal(await b.page.evaluate(() => typeof window.__xss), 'undefined');
  assert.equal(await a.page.evaluate(() => typeof window.__xss), 'undefined');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await Promise.all([a.close(), b.close()]);
});
