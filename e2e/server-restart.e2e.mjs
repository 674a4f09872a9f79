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

test('A sends while the server is down: the message arrives in B exactly once after it comes back', async () => {
  const a = await openDemo(fixture.browser, fixture.server.url, '/chat');
  const b = await openDemo(fixture.browser, fixture.server.url, '/chat');
  await joinChat(a.page, 'katherine');
  await joinChat(b.page, 'dorothy');
  await b.page.getByTestId('chat-online').filter({ hasText: 'katherine' }).waitFor();
  const text = 'written while the server was down';
  const messageBox = a.page.getByLabel('Message', { exact: true });

  await fixture.restartServer(async () => {
    await Promise.all([waitForState(a.page, 'reconnecting'), waitForState(b.page, 'reconnecting')]);
    await sendChat(a.page, text);
    // Queued, and the page says so; the box is free for the next message.
    await a.page.getByTestId('chat-queued').getByText(text, { exact: true }).waitFor();
    assert.equal(await messageBox.inputValue(), '');
    assert.equal(await a.page.getByTestId('queue-depth').textContent(), '1');
    assert.equal(await chatMessage(a.page, text).count(), 0);
  });

  await Promise.all([waitForState(a.page, 'open'), waitForState(b.page, 'open')]);
  await chatMessage(b.page, text).waitFor();
  await a.page.getByTestId('chat-queued').waitFor({ state: 'detached' });
  for (const { page } of [a, b]) {
    await waitForRejoin(page); // the rejoin's history is merged: it could have brought the message again
    await page.getByTestId('queue-depth').filter({ hasText: /^0$/ }).waitFor(); // A's message acknowledged
  }
  // The server sends in order: once B's next message is shown everywhere, anything sent before it has come.
  await sendChat(b.page, 'and after it');
  for (const { page } of [a, b]) {
    await chatMessage(page, 'and after it').waitFor();
    assert.equal(await page.getByText(text, { exact: true }).count(), 1, 'the message shows exactly once');
  }
  assert.deepEqual(
    await a.page.getByTestId('chat-text').allTextContents(),
    await b.page.getByTestId('chat-text').allTextContents(),
  );
  assert.deepEqual([...a.errors, ...b.errors], []);
  await Promise.all([a.close(), b.close()]);
});
