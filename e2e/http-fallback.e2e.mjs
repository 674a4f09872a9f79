import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startBlockingProxy } from './support/blocking-proxy.mjs';
import { describeTally, expectLostAtReader, readChat, tallyArrivals, waitForArrivals } from './support/chat-reader.mjs';
import { chatMessage, counterMoves, joinChat, openDemo, submitChat, useBrowserAndServer, waitForRejoin, waitForState } from './support/demo.mjs';

// Issue 13: the demo in real Chromium behind a proxy that blocks WebSockets (403, or the connection cut) and
// passes plain HTTP. The page falls back to the HTTP transport; counter and chat work; the chat's offline
// queue and delivery hold through a server restart (0 lost, 0 duplicated at a reader elsewhere); once the
// proxy lets upgrades through, the page moves back to WebSocket by itself.

/** How long the arrival checks wait: a healthy run needs a second or two after the server is back. */
const ARRIVAL_TIMEOUT_MS = 20_000;
/** How long the loss control waits before it calls undelivered messages lost: delivery takes well under 2 s. */
const CONTROL_WAIT_MS = 6_000;
/** The upgrade probe's interval the demo is told to use (query parameter), so the move back is quick. */
const UPGRADE_PROBE_MS = 500;

/**
 * Two proxies in front of the one server: the sender's pages load through `blocking` (WebSockets refused or
 * cut), the reader's through `passing` (WebSockets pass), so the reader sees the room over a plain WebSocket,
 * independent of the transport under test. Both are set up before the server starts: the server allows
 * exactly their two origins, as an operator lists the origins the app is served from.
 */
const proxies = { blocking: undefined, passing: undefined };
let stateDir;
before(async () => {
  const upstreamPort = () => fixture.server.port;
  proxies.blocking = await startBlockingProxy({ upstreamPort, mode: 'refuse' });
  proxies.passing = await startBlockingProxy({ upstreamPort, mode: 'pass' });
  // Delivery sessions in a journal: they survive the restart, so a message whose ack the restart swallowed
  // is recognised when it comes again (without it, a restart may forget what it processed).
  stateDir = await mkdtemp(join(tmpdir(), 'nls-http-fallback-'));
});
const fixture = useBrowserAndServer({
  serverEnv: () => ({ ALLOWED_ORIGINS: `${proxies.blocking.origin},${proxies.passing.origin}`, STATE_FILE: join(stateDir, 'sessions.jsonl') }),
});
after(async () => {
  await proxies.blocking?.close();
  await proxies.passing?.close();
  if (stateDir !== undefined) {
    await rm(stateDir, { recursive: true, force: true });
  }
});

const transportOf = (page) => page.getByTestId('connection-transport');
const waitForTransport = (page, name, timeout = 15_000) => transportOf(page).filter({ hasText: new RegExp(`^${name}$`) }).waitFor({ timeout });
const show = (page, name) => page.getByRole('link', { name }).click();

/** The demo loaded through the blocking proxy, open on the HTTP transport. */
async function openBehindBlockingProxy(path) {
  const page = await openDemo(fixture.browser, proxies.blocking.origin, path);
  await waitForTransport(page.page, 'HTTP');
  return page;
}

/** The reader: the demo loaded through the passing proxy, on WebSocket, joined to the chat as `name`. */
async function openReader(name) {
  const reader = await openDemo(fixture.browser, proxies.passing.origin, '/chat');
  await waitForTransport(reader.page, 'WebSocket');
  await joinChat(reader.page, name);
  return reader;
}

test("WebSocket refused with 403: the page falls back to HTTP; counter and chat work; the chat's messages sent around a server restart arrive exactly once", { timeout: 120_000 }, async (t) => {
  proxies.blocking.setMode('refuse');
  const refusedBefore = proxies.blocking.counts.refused;
  const sender = await openBehindBlockingProxy('/counter');
  assert.ok(proxies.blocking.counts.refused > refusedBefore, 'the page tried WebSocket first, and the proxy refused it');
  const reader = await openDemo(fixture.browser, proxies.passing.origin, '/counter');
  await waitForTransport(reader.page, 'WebSocket');

  // The counter, both ways: the sender's click goes up over POST; the reader's click comes down its stream.
  await counterMoves(sender, reader);
  await counterMoves(reader, sender);

  // The chat, both ways.
  await show(sender.page, 'Chat');
  await show(reader.page, 'Chat');
  await joinChat(sender.page, 'ada');
  await joinChat(reader.page, 'reader');
  await sender.page.getByTestId('chat-online').filter({ hasText: 'reader' }).waitFor();
  /** Every text the sender sent (`ada-07` is its 7th), for the tally at the reader. */
  const expected = new Map();
  let sent = 0;
  const send = async (count) => {
    for (let i = 0; i < count; i++) {
      const text = `ada-${String(++sent).padStart(2, '0')}`;
      expected.set(text, 'ada');
      assert.ok(await submitChat(sender.page, text), `the page could not even queue ${text}`);
    }
  };
  await send(1);
  await chatMessage(reader.page, 'ada-01').waitFor();
  await submitChat(reader.page, 'hello ada');
  await chatMessage(sender.page, 'hello ada').waitFor();

  // Around the restart: five sent right before the server stops (some may be in a POST or unacknowledged
  // when it goes), five while it is down (queued), five right after it is back, before the page has
  // reconnected.
  await send(5);
  await fixture.restartServer(async () => {
    await waitForState(sender.page, 'reconnecting');
    await send(5);
    await sender.page.getByTestId('chat-queued-text').filter({ hasText: `ada-${String(sent).padStart(2, '0')}` }).waitFor();
  });
  await send(5);
  await Promise.all([waitForState(sender.page, 'open'), waitForState(reader.page, 'open')]);
  await waitForTransport(sender.page, 'HTTP'); // the proxy still refuses: the page stays on HTTP

  let tally = await waitForArrivals(reader.page, expected, ARRIVAL_TIMEOUT_MS);
  t.diagnostic(`after the restart: ${describeTally(tally)}`);
  assert.ok(tally.exact, `every message arrives exactly once: ${describeTally(tally)}`);
  await sender.page.getByTestId('queue-depth').filter({ hasText: /^0$/ }).waitFor({ timeout: 15_000 }); // all acknowledged
  for (const { page } of [sender, reader]) {
    await waitForRejoin(page);
  }
  // The server handles messages in order: once one more has reached the reader, a duplicate of anything the
  // page resent before it would have come too.
  await send(1);
  await chatMessage(reader.page, `ada-${sent}`).waitFor();
  tally = tallyArrivals(await readChat(reader.page), expected);
  t.diagnostic(`final: ${describeTally(tally)} (${sent} sent over HTTP)`);
  assert.ok(tally.exact, `every message exactly once: ${describeTally(tally)}`);

  // Control for duplicates: the reader's tally counts what the server handled, not distinct texts. A text
  // the server handles a second time (here: sent again by the user) must show as duplicated.
  await submitChat(sender.page, 'ada-01');
  await sender.page.getByTestId('queue-depth').filter({ hasText: /^0$/ }).waitFor();
  await chatMessage(reader.page, 'ada-01').nth(1).waitFor();
  const control = tallyArrivals(await readChat(reader.page), expected);
  assert.deepEqual(control.duplicated, ['ada-01 ×2'], `the tally sees a message handled twice: ${describeTally(control)}`);

  assert.deepEqual([...sender.errors, ...reader.errors], []);
  await Promise.all([sender.close(), reader.close()]);
});

test("control for losses: messages queued while the server is down, in a page closed before it comes back, are seen lost at the reader", { timeout: 60_000 }, async (t) => {
  proxies.blocking.setMode('refuse');
  const sender = await openBehindBlockingProxy('/chat');
  const reader = await openReader('reader2');
  await joinChat(sender.page, 'lin');
  await submitChat(sender.page, 'lin-01');
  await chatMessage(reader.page, 'lin-01').waitFor();
  const expected = new Map(['lin-01', 'lin-02', 'lin-03'].map((text) => [text, 'lin']));
  await fixture.restartServer(async () => {
    await waitForState(sender.page, 'reconnecting');
    await submitChat(sender.page, 'lin-02');
    await submitChat(sender.page, 'lin-03');
    await sender.page.getByTestId('chat-queued-text').filter({ hasText: 'lin-03' }).waitFor();
    await sender.page.close({ runBeforeUnload: false }); // its profile has no other page to take the queue over
  });
  await expectLostAtReader(t, reader.page, expected, ['lin-02', 'lin-03'], CONTROL_WAIT_MS);
  await Promise.all([sender.close(), reader.close()]);
});

test('the proxy starts letting WebSockets through: the page moves back from HTTP to WebSocket by itself', { timeout: 60_000 }, async () => {
  proxies.blocking.setMode('refuse');
  const page = await openBehindBlockingProxy(`/counter?upgradeProbeMs=${UPGRADE_PROBE_MS}`);
  const other = await openDemo(fixture.browser, proxies.passing.origin, '/counter');
  await counterMoves(page, other);

  const passedBefore = proxies.blocking.counts.passed;
  proxies.blocking.setMode('pass');
  await waitForTransport(page.page, 'WebSocket');
  assert.ok(proxies.blocking.counts.passed > passedBefore, 'the move went through the proxy as a WebSocket');
  assert.equal(await page.page.getByTestId('state').textContent(), 'open');
  await counterMoves(page, other);
  await counterMoves(other, page);
  assert.deepEqual([...page.errors, ...other.errors], []);
  await Promise.all([page.close(), other.close()]);
});

test('WebSocket cut by the proxy (the TCP connection destroyed): the page still falls back to HTTP, and the counter works', { timeout: 60_000 }, async () => {
  proxies.blocking.setMode('cut');
  const cutBefore = proxies.blocking.counts.cut;
  const page = await openBehindBlockingProxy('/counter');
  assert.ok(proxies.blocking.counts.cut > cutBefore, 'the page tried WebSocket first, and the proxy cut it');
  const other = await openDemo(fixture.browser, proxies.passing.origin, '/counter');
  await counterMoves(page, other);
  await counterMoves(other, page);
  assert.deepEqual([...page.errors, ...other.errors], []);
  await Promise.all([page.close(), other.close()]);
});
