import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { describeTally, expectLostAtReader, readChat, tallyArrivals, waitForArrivals } from './support/chat-reader.mjs';
import { chatMessage, counterMoves, crashPage, joinChat, openDemo, openTab, submitChat, useBrowserAndServer, waitForRejoin, waitForState } from './support/demo.mjs';
import { describeTimes, recordPanelChanges, roleOf, timeHandoff, waitForRoles } from './support/tab-roles.mjs';

// Issue 12: with `withSharedConnection()` (on in the demo) the tabs of one browser profile share one
// connection: one tab, the leader, holds the socket; the others follow through it; when the leader closes or
// crashes another tab takes over and resumes the delivery session. Here: pages of ONE browser context (tabs
// of one profile) against the real reference server, and an independent reader in another context (with
// `?shared=0`, so what it sees does not depend on the feature under test).

/** Each tab sends a chat message this often (plus the time the page takes it): 3 tabs, at most 15 a second, stay under the server's 20 per second per connection. */
const SEND_INTERVAL_MS = 200;
/** How long the tabs send between two events (a handoff, the restart). */
const SENDING_PHASE_MS = 2_000;
/** The chat page keeps the newest 200 messages (demo MAX_SHOWN_MESSAGES): every page must show them all. */
const READER_CAPACITY = 200;
/** The most texts the senders send in the main test (a run sends about 100), under READER_CAPACITY with the controls'. */
const MAX_TEXTS = 170;
/** How long the final check waits for every message at a page: a healthy run needs a second or two. */
const ARRIVAL_TIMEOUT_MS = 30_000;
/** How long the loss control waits before it calls undelivered messages lost: delivery takes well under 2 s. */
const CONTROL_WAIT_MS = 8_000;
/** A handoff slower than this fails the test (the bench measured a worst of 0.3 s; the issue asks for 1 s). */
const HANDOFF_BOUND_MS = 10_000;
/** How long a tab that joined the group may take to show the counter and the users count (a page with its own link: well under 1 s). */
const NEWCOMER_WAIT_MS = 3_000;
/** How many handoffs the timing test makes, alternately closing and crashing the leader. */
const HANDOFF_RUNS = Number(process.env.SHARED_HANDOFF_RUNS ?? 6);

// Delivery sessions in a journal: they survive the server's restart, so a message whose ack the restart
// swallowed is recognised when the new leader sends it again (without it, a restart may forget what it
// processed, and a duplicate would be the server's, not the feature's).
let stateDir;
before(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'nls-shared-tabs-'));
});
const fixture = useBrowserAndServer({ serverEnv: () => ({ STATE_FILE: join(stateDir, 'sessions.jsonl') }) });
after(async () => {
  if (stateDir !== undefined) {
    await rm(stateDir, { recursive: true, force: true });
  }
});

/** A browser profile: its pages share storage, Web Locks and BroadcastChannel, and log their panel's changes. */
async function openProfile() {
  const profile = await fixture.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await recordPanelChanges(profile);
  return profile;
}

/** Opens one tab per letter in `profile`, one after the other (each open before the next). */
async function openTabs(profile, letters, path) {
  const tabs = [];
  for (const letter of letters) {
    tabs.push({ letter, name: `tab${letter}`, gone: null, ...(await openTab(profile, fixture.server.url, path)) });
  }
  return tabs;
}

/** The reader: another person (another context), with a connection of its own. */
async function openReader(path, name) {
  const reader = await openDemo(fixture.browser, fixture.server.url, `${path}?shared=0`);
  if (name !== undefined) {
    await joinChat(reader.page, name);
  }
  return reader;
}

/** Waits until the page shows the server's presence count `users` (counter page). */
const usersShown = (page, users) => page.getByTestId('users-count').filter({ hasText: `${users} users connected` }).waitFor();

/** Connections the server holds now (its /health endpoint). */
async function serverConnections() {
  const response = await fetch(new URL('/health', fixture.server.url));
  return (await response.json()).connections;
}

/** Waits until the server holds exactly `count` connections; fails with the count it saw last. */
async function waitForServerConnections(count, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let seen;
  while ((seen = await serverConnections()) !== count && Date.now() < deadline) {
    await delay(100);
  }
  assert.equal(seen, count, `the server holds ${count} connections`);
}

/** Polls `isDone()` (a condition in this process) every 50 ms until it holds or `timeoutMs` passed. */
async function waitUntil(isDone, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
    await delay(50);
  }
}

test('control: with ?shared=0 three tabs of one browser hold three connections, and show no tab role', { timeout: 60_000 }, async () => {
  const profile = await openProfile();
  let reader;
  try {
    const tabs = await openTabs(profile, ['A', 'B', 'C'], '/counter?shared=0');
    reader = await openReader('/counter');
    // The reader came last: its connection makes the server tell everyone the new count.
    await Promise.all([...tabs, reader].map(({ page }) => usersShown(page, 4)));
    await waitForServerConnections(4);
    for (const tab of tabs) {
      assert.equal(await roleOf(tab.page), null, `${tab.name} shows no tab role`);
    }
    assert.deepEqual([...tabs.flatMap((tab) => tab.errors), ...reader.errors], []);
  } finally {
    await Promise.all([profile.close(), reader?.close()]);
  }
});

test(
  'three tabs of one browser share one connection (the server counts 2 users: theirs and a reader\'s); "Drop connection" in a follower drops it; the leader closed or crashed hands it over',
  { timeout: 180_000 },
  async (t) => {
    const profile = await openProfile();
    let reader;
    try {
      let tabs = await openTabs(profile, ['A', 'B', 'C'], '/counter');
      reader = await openReader('/counter');
      await Promise.all([...tabs, reader].map(({ page }) => usersShown(page, 2)));
      await waitForServerConnections(2);
      let leader = await waitForRoles(tabs);
      t.diagnostic(`roles: ${(await Promise.all(tabs.map(async (tab) => `${tab.name} ${await roleOf(tab.page)}`))).join(', ')}`);

      // A follower's "Drop connection" is forwarded: the shared socket drops, and the leader reconnects it.
      const follower = tabs.find((tab) => tab !== leader);
      const reconnects = Number(await leader.page.getByTestId('reconnects').textContent());
      await follower.page.getByRole('button', { name: 'Drop connection' }).click();
      await leader.page.getByTestId('reconnect-log').getByText(/^dropped: 1006/).waitFor();
      await leader.page.getByTestId('reconnects').filter({ hasText: new RegExp(`^${reconnects + 1}$`) }).waitFor({ timeout: 15_000 });
      await Promise.all(tabs.map(({ page }) => waitForState(page, 'open')));
      await counterMoves(follower, reader);
      await counterMoves(reader, follower);
      await waitForServerConnections(2);

      // The leader goes, by turns closed (no beforeunload) and crashed; another tab must take over, the group
      // must still be one connection, and a new tab joins it as a follower.
      const times = { closed: { leader: [], open: [] }, crashed: { leader: [], open: [] } };
      for (let run = 0; run < HANDOFF_RUNS; run++) {
        const how = run % 2 === 0 ? 'closed' : 'crashed';
        const survivors = tabs.filter((tab) => tab !== leader);
        const gone = leader;
        const handoff = await timeHandoff(survivors, () => {
          gone.gone = how;
          return how === 'closed' ? gone.page.close({ runBeforeUnload: false }) : crashPage(profile, gone.page);
        });
        t.diagnostic(
          `handoff ${run + 1}, leader ${how}: ${handoff.leader.name} leader after ${handoff.leaderMs} ms, open after ${handoff.openMs} ms${handoff.stayedOpen ? ' (its panel never left open)' : ''}`,
        );
        assert.ok(handoff.leaderMs <= HANDOFF_BOUND_MS, `a tab took over within ${HANDOFF_BOUND_MS} ms (${handoff.leaderMs} ms)`);
        times[how].leader.push(handoff.leaderMs);
        times[how].open.push(handoff.openMs);

        tabs = [...survivors, ...(await openTabs(profile, [String.fromCharCode(68 + run)], '/counter'))];
        leader = await waitForRoles(tabs);
        assert.equal(leader, handoff.leader, 'the new tab joined as a follower');
        const newcomer = tabs.at(-1);
        // The link works for every tab: a follower's click reaches the reader, the reader's every tab, the new one too.
        await counterMoves(survivors.find((tab) => tab !== leader), reader);
        await counterMoves(reader, leader);
        const value = await leader.page.getByTestId('counter-value').textContent();
        await newcomer.page.getByTestId('counter-value').filter({ hasText: new RegExp(`^${value}$`) }).waitFor();
        await waitForServerConnections(2);
        await usersShown(reader.page, 2);
      }
      for (const how of ['closed', 'crashed']) {
        t.diagnostic(`handoff, leader ${how}: to a tab showing leader ${describeTimes(times[how].leader)}; to its state open ${describeTimes(times[how].open)}`);
      }
      const all = [...times.closed.leader, ...times.crashed.leader];
      t.diagnostic(`handoff, all: to leader ${describeTimes(all)}; to open ${describeTimes([...times.closed.open, ...times.crashed.open])}`);
      assert.deepEqual([...tabs.flatMap((tab) => tab.errors), ...reader.errors], []);
    } finally {
      await Promise.all([profile.close(), reader?.close()]);
    }
  },
);

test("a tab that joins the group shows what the server sent when the link opened before it (the counter's value, who is connected), as a page with its own link does", { timeout: 60_000 }, async () => {
  const profile = await openProfile();
  let reader;
  try {
    const [first] = await openTabs(profile, ['A'], '/counter');
    reader = await openReader('/counter');
    await Promise.all([first, reader].map(({ page }) => usersShown(page, 2)));
    const [joined] = await openTabs(profile, ['B'], '/counter');
    await waitForRoles([first, joined]);
    // The server sends `counter.state` and `presence.count` when a link opens: the group's link opened before
    // tab B, and nothing has changed since.
    const missingOn = async ({ page }) => {
      const shows = (testId, waiting) =>
        page
          .getByTestId(testId)
          .filter({ hasNotText: waiting })
          .waitFor({ timeout: NEWCOMER_WAIT_MS })
          .then(
            () => null,
            () => `${testId} still "${waiting}" ${NEWCOMER_WAIT_MS} ms after the tab opened`,
          );
      return (await Promise.all([shows('counter-value', '…'), shows('users-count', 'Counting who is here…')])).filter((gap) => gap !== null);
    };
    assert.deepEqual(await missingOn(joined), [], 'the tab that joined shows the counter and the users count');
    assert.equal(await joined.page.getByTestId('counter-value').textContent(), await first.page.getByTestId('counter-value').textContent());
    // The same check on a tab with a link of its own (?shared=0) sees both: it tells shown from not shown.
    const [own] = await openTabs(profile, ['C'], '/counter?shared=0');
    assert.deepEqual(await missingOn(own), [], 'a tab with its own link shows the counter and the users count');
    assert.deepEqual([...first.errors, ...joined.errors, ...own.errors, ...reader.errors], []);
  } finally {
    await Promise.all([profile.close(), reader?.close()]);
  }
});

test(
  'three tabs send while the leader is closed, the next leader crashes and the server restarts: each message of a live tab or of a reader elsewhere arrives exactly once at the reader and at every live tab',
  { timeout: 240_000 },
  async (t) => {
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    const profile = await openProfile();
    let reader;
    let tabs = [];
    /** The tabs, and the reader, who sends too: its messages must reach every live tab across the handoffs. */
    let senders = [];
    const live = () => tabs.filter((tab) => tab.gone === null);
    const sentSoFar = () => senders.reduce((sum, sender) => sum + sender.sent.length, 0);

    /**
     * Each sender sends unique texts (`B-007` is B's 7th) every SEND_INTERVAL_MS until stopped, until its
     * page is gone, or until all sent MAX_TEXTS. `sent`: the texts the page took (its form cleared);
     * `unsure`: the one on its way into the page when the page was closed or crashed.
     */
    const startSending = () => {
      for (const sender of senders) {
        Object.assign(sender, { sent: [], unsure: [], stopped: false, failure: undefined });
      }
      for (const sender of senders) {
        sendFrom(sender);
      }
    };
    const sendFrom = (tab) => {
      tab.sending = (async () => {
        while (!tab.stopped && tab.gone === null && sentSoFar() < MAX_TEXTS) {
          const text = `${tab.letter}-${String(tab.sent.length + 1).padStart(3, '0')}`;
          let problems = null;
          try {
            if (!(await submitChat(tab.page, text))) {
              problems = await tab.page.getByTestId('chat-problem').allTextContents();
            }
          } catch (error) {
            if (tab.gone !== null) {
              tab.unsure.push(text); // the page went while it took the text, or before
              return;
            }
            throw error;
          }
          assert.equal(problems, null, `${tab.name} could not even queue ${text}: ${problems?.join('; ')}`);
          tab.sent.push(text);
          await delay(SEND_INTERVAL_MS);
        }
      })().catch((error) => {
        tab.failure = error;
      });
    };
    const stopSending = async () => {
      for (const sender of senders) {
        sender.stopped = true;
      }
      await Promise.all(senders.map((sender) => sender.sending));
      for (const sender of senders) {
        if (sender.failure !== undefined) {
          throw sender.failure;
        }
      }
    };
    /** What `someSenders` sent, text -> the name it is shown under. */
    const textsOf = (someSenders, { unsure = false } = {}) =>
      new Map(someSenders.flatMap((sender) => [...sender.sent, ...(unsure ? sender.unsure : [])].map((text) => [text, sender.person])));

    try {
      reader = await openReader('/chat', 'reader');
      tabs = await openTabs(profile, ['A', 'B', 'C'], '/chat');
      // One person in three tabs: one connection, so one name in the room (the server keeps one per connection).
      for (const tab of tabs) {
        await joinChat(tab.page, 'ada');
        tab.person = 'ada';
      }
      let leader = await waitForRoles(tabs);
      senders = [...tabs, { letter: 'R', name: 'the reader', person: 'reader', page: reader.page, gone: null }];
      startSending();
      await delay(SENDING_PHASE_MS);

      // 1. The leader page is closed (no beforeunload) while every tab and the reader send.
      const handoffs = [];
      const hand = async (how) => {
        const gone = leader;
        const handoff = await timeHandoff(
          live().filter((tab) => tab !== gone),
          () => {
            gone.gone = how;
            return how === 'closed' ? gone.page.close({ runBeforeUnload: false }) : crashPage(profile, gone.page);
          },
        );
        handoffs.push(handoff);
        t.diagnostic(
          `${gone.name} (leader) ${how} at ${elapsed()}: ${handoff.leader.name} leader after ${handoff.leaderMs} ms, open after ${handoff.openMs} ms${handoff.stayedOpen ? ' (its panel never left open)' : ''}; ${sentSoFar()} texts sent so far`,
        );
        assert.ok(handoff.leaderMs <= HANDOFF_BOUND_MS, `a tab took over within ${HANDOFF_BOUND_MS} ms (${handoff.leaderMs} ms)`);
      };
      await hand('closed');
      await delay(SENDING_PHASE_MS);

      // 2. The next leader (the roles read again) crashes while the tabs left send.
      leader = await waitForRoles(live());
      await hand('crashed');
      await delay(SENDING_PHASE_MS);
      const last = await waitForRoles(live());

      // 3. The server restarts while the last tab (and the reader) sends: what they send meanwhile is queued.
      await fixture.restartServer(async () => {
        await Promise.all([last, reader].map(({ page }) => waitForState(page, 'reconnecting')));
        const before = last.sent.length;
        await waitUntil(() => last.sent.length >= before + 3, `${last.name} sent 3 texts while the server is down (at most ${MAX_TEXTS} in all)`);
        await last.page.getByTestId('chat-queued-text').filter({ hasText: last.sent.at(-1) }).waitFor();
      });
      await waitForState(last.page, 'open');
      await delay(SENDING_PHASE_MS);
      await stopSending();

      // Every text of a live tab and of the reader reaches the reader and every live tab, once each.
      const expected = textsOf(senders.filter(({ gone }) => gone === null));
      const fromGone = textsOf(
        tabs.filter((tab) => tab.gone !== null),
        { unsure: true },
      );
      assert.ok(expected.size + fromGone.size + 2 < READER_CAPACITY, `every page shows at most ${READER_CAPACITY} messages`);
      const listeners = [{ name: 'the reader', page: reader.page }, ...live()];
      for (const listener of listeners) {
        const tally = await waitForArrivals(listener.page, expected, ARRIVAL_TIMEOUT_MS);
        t.diagnostic(`at ${listener.name} (${elapsed()}): ${describeTally(tally)}`);
        assert.ok(tally.exact, `every text of a live tab and of the reader arrives exactly once at ${listener.name}: ${describeTally(tally)}`);
      }
      // The live tabs (and the reader) hold nothing back and show no failure: every send handle ended acknowledged.
      for (const tab of senders.filter(({ gone }) => gone === null)) {
        await tab.page.getByTestId('chat-unconfirmed').waitFor({ state: 'detached', timeout: 15_000 });
        await tab.page.getByTestId('queue-depth').filter({ hasText: /^0$/ }).waitFor({ timeout: 15_000 });
        assert.deepEqual(await tab.page.getByTestId('chat-queued-text').allTextContents(), [], `${tab.name} lists no message as queued`);
        assert.deepEqual(await tab.page.getByTestId('chat-problem').allTextContents(), [], `${tab.name} shows no send failure`);
      }

      // The server sends in order: once one more message has reached everyone, a duplicate of anything sent
      // before it would have come too.
      for (const { page } of [reader, ...live()]) {
        await waitForRejoin(page);
      }
      const closing = `${last.letter}-end`;
      assert.ok(await submitChat(last.page, closing));
      expected.set(closing, 'ada');
      for (const listener of listeners) {
        await chatMessage(listener.page, closing).waitFor({ timeout: 15_000 });
        const seen = await readChat(listener.page);
        const tally = tallyArrivals(seen, expected);
        assert.ok(tally.exact, `every text of a live tab exactly once at ${listener.name}: ${describeTally(tally)}`);
        // The closed and the crashed tab: what they sent arrives at most once. What the page was still
        // holding when it went may be lost with it: counted, not required.
        const gone = tallyArrivals(seen, fromGone);
        t.diagnostic(`texts of the closed and crashed tabs at ${listener.name}: ${describeTally(gone)}`);
        assert.deepEqual([...gone.duplicated, ...gone.wrongAuthor], [], `no text of a gone tab twice at ${listener.name}: ${describeTally(gone)}`);
      }
      for (const tab of tabs.filter(({ gone }) => gone !== null)) {
        t.diagnostic(`${tab.name} (${tab.gone}) sent ${tab.sent.length}, the last ${tab.sent.at(-1)}${tab.unsure.length > 0 ? `, and was dying while sending ${tab.unsure[0]}` : ''}`);
      }
      t.diagnostic(`handoffs: to leader ${describeTimes(handoffs.map(({ leaderMs }) => leaderMs))}; to open ${describeTimes(handoffs.map(({ openMs }) => openMs))}`);

      // Control for duplicates: the tally counts what the server handled, not distinct texts. A text the
      // server handles a second time (here: sent again by the user) must show as duplicated.
      const again = last.sent[0];
      assert.ok(await submitChat(last.page, again));
      await chatMessage(reader.page, again).nth(1).waitFor();
      const control = tallyArrivals(await readChat(reader.page), expected);
      assert.deepEqual(control.duplicated, [`${again} ×2`], `the tally sees a message handled twice: ${describeTally(control)}`);

      assert.deepEqual([...tabs.flatMap((tab) => tab.errors), ...reader.errors], []);
    } catch (error) {
      // A step that timed out says nothing about the messages: say what the reader had by then.
      if (!(error instanceof assert.AssertionError) && reader !== undefined && !reader.page.isClosed()) {
        t.diagnostic(`the reader when the test stopped: ${describeTally(tallyArrivals(await readChat(reader.page), textsOf(senders, { unsure: true })))}`);
      }
      throw error;
    } finally {
      for (const sender of senders) {
        sender.stopped = true;
      }
      await Promise.all([profile.close(), reader?.close()]);
    }
  },
);

test('a message the server refuses: the tab that sent it, leader or follower, says why and holds nothing back', { timeout: 60_000 }, async () => {
  const profile = await openProfile();
  try {
    const tabs = await openTabs(profile, ['K', 'L'], '/chat');
    for (const tab of tabs) {
      await joinChat(tab.page, 'kim');
    }
    const leader = await waitForRoles(tabs);
    const follower = tabs.find((tab) => tab !== leader);
    // 501 characters: the server allows 500 (the form's maxlength stops a typist, not a script).
    const tooLong = 'x'.repeat(501);
    for (const tab of [leader, follower]) {
      assert.ok(await submitChat(tab.page, tooLong));
      const problem = tab.page.getByTestId('chat-problem');
      await problem.filter({ hasText: 'is 501 characters long; at most 500 are allowed' }).waitFor({ timeout: 10_000 }).catch(async () => {
        assert.fail(`${tab.name} (${await roleOf(tab.page)}) says why the server refused its message; it shows ${JSON.stringify(await problem.allTextContents())}`);
      });
      await tab.page.getByTestId('chat-unconfirmed').waitFor({ state: 'detached', timeout: 10_000 });
    }
    assert.deepEqual(tabs.flatMap((tab) => tab.errors), []);
  } finally {
    await profile.close();
  }
});

test('control for losses: messages queued in both tabs of a browser while the server is down, both tabs closed before it comes back, are seen lost', { timeout: 60_000 }, async (t) => {
  const profile = await openProfile();
  let reader;
  try {
    reader = await openReader('/chat', 'reader2');
    const tabs = await openTabs(profile, ['P', 'Q'], '/chat');
    for (const tab of tabs) {
      await joinChat(tab.page, 'lin');
    }
    const leader = await waitForRoles(tabs);
    const follower = tabs.find((tab) => tab !== leader);
    assert.ok(await submitChat(follower.page, 'lin-01'));
    await chatMessage(reader.page, 'lin-01').waitFor();
    const expected = new Map(['lin-01', 'lin-02', 'lin-03'].map((text) => [text, 'lin']));
    await fixture.restartServer(async () => {
      await Promise.all(tabs.map(({ page }) => waitForState(page, 'reconnecting')));
      assert.ok(await submitChat(follower.page, 'lin-02'));
      assert.ok(await submitChat(leader.page, 'lin-03'));
      await follower.page.getByTestId('chat-queued-text').filter({ hasText: 'lin-02' }).waitFor();
      await leader.page.getByTestId('chat-queued-text').filter({ hasText: 'lin-03' }).waitFor();
      // No tab of the browser is left to send the group's queue.
      await Promise.all(tabs.map(({ page }) => page.close({ runBeforeUnload: false })));
    });
    await expectLostAtReader(t, reader.page, expected, ['lin-02', 'lin-03'], CONTROL_WAIT_MS);
  } finally {
    await Promise.all([profile.close(), reader?.close()]);
  }
});
