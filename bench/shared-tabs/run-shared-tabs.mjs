import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { startReferenceServer } from '../../demo/server/reference-server.mjs';
import { listenOnLoopback, serveFile } from '../support/bench-server.mjs';
import { ANGULAR_PRODUCTION_DEFINES, bundle } from '../support/esbuild-bundle.mjs';
import { WORKSPACE } from '../support/environment.mjs';
import { integer } from '../support/format.mjs';
import { alternatingOrder, median } from '../support/rounds.mjs';
import { mainThreadTimer } from '../throughput/script-time.mjs';
import { countServerTraffic } from './server-traffic.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Tabs per cell (issue 12: 1, 5 and 20). */
const TAB_COUNTS = [1, 5, 20];
const MODES = [
  { id: 'shared', name: 'shared (`withSharedConnection()`)', shared: true },
  { id: 'alone', name: 'not shared (every tab `alone`: its own connection)', shared: false },
];
/** The workload: every tab listens to one channel, and one publisher sends this many messages to it. */
const WORKLOAD_MESSAGES = Number(process.env.BENCH_SHARED_MESSAGES ?? 200);
const CHANNEL = 'bench-room';
/** Request round trips per role (leader, follower, a tab alone), interleaved. */
const ROUND_TRIPS = Number(process.env.BENCH_SHARED_ROUND_TRIPS ?? 300);
/** Channel messages of the receive-cost flood. */
const FLOOD_MESSAGES = Number(process.env.BENCH_SHARED_FLOOD ?? 1_000);
const FLOODS = 3;
/** Longer than this and something is broken, not slow: fail naming the cell. */
const READY_TIMEOUT_MS = 60_000;
const RECEIVE_TIMEOUT_MS = 30_000;
/** The server's per-connection rate limit, raised: one link carries every tab's traffic when shared (see the notes). */
const LIMITS = { messagesPerSecond: 1_000_000, messageBurst: 1_000_000 };

/**
 * Issue 12's figures for "one connection for all tabs", in headless Chromium: N = 1, 5 and 20 pages of ONE
 * browser context (tabs of one profile: they share Web Locks and BroadcastChannel), each running the core's
 * shared connection (bench/shared-tabs/page/shared-tab.mjs) against the real reference server, in this
 * process on 127.0.0.1 with its test streams, shared or with every tab `alone`.
 *
 * 1. Per cell: the server's connections while the N tabs are open, and the frames the server sent (and got)
 *    during a fixed workload: every tab listens to one channel, one publisher (a plain `ws` client of the
 *    benchmark, left out of the counts) sends K messages to it. Counted at the server by wrapping its send
 *    and receive (server-traffic.mjs). Every tab must have got the K messages, in order, or the run fails.
 * 2. In the shared cells with followers: a request's round trip (`test.report`, which the server answers at
 *    once) from the leader tab, from a follower tab and from a tab alone in another context, interleaved.
 * 3. There too: the main-thread time each of those tabs spends per channel message in a flood.
 */
export async function runSharedTabs({ browser, log }) {
  const pageFiles = await buildPage();
  const pages = createServer((request, response) => serveFile(pageFiles, new URL(request.url, 'http://localhost').pathname, response));
  const pagesOrigin = `http://127.0.0.1:${await listenOnLoopback(pages)}`;
  const traffic = countServerTraffic();
  const server = await startReferenceServer({ testStreams: true, limits: LIMITS });
  const publisher = await openPublisher(server.socketUrl);
  const cells = [];
  try {
    // What the server says to a new client (counter, presence) went to the publisher: not the tabs' traffic.
    await pause(200);
    traffic.ignoreSocketsSeen();
    for (const tabs of TAB_COUNTS) {
      for (const mode of alternatingOrder(MODES, TAB_COUNTS.indexOf(tabs))) {
        const cell = await measureCell({ browser, server, publisher, traffic, pagesOrigin, mode, tabs });
        log(
          `shared-tabs ${mode.id} x${tabs}: ${cell.connections} connection(s), ${cell.workload.sent} frames sent for ${WORKLOAD_MESSAGES} messages, ready in ${cell.readyMs.toFixed(0)} ms` +
            (cell.latency ? `; round trip leader ${cell.latency.leader.median.toFixed(2)} ms, follower ${cell.latency.follower.median.toFixed(2)} ms, alone ${cell.latency.alone.median.toFixed(2)} ms` : ''),
        );
        cells.push(cell);
      }
    }
  } finally {
    publisher.close();
    await server.close();
    traffic.restore();
    pages.closeAllConnections();
    pages.close();
  }
  return report(cells);
}

/** The tab's page, bundled from the library's sources (production mode, readable). */
async function buildPage() {
  const { code } = await bundle({
    entry: join(here, 'page', 'shared-tab.mjs'),
    minify: false,
    define: ANGULAR_PRODUCTION_DEFINES,
    alias: { 'ngx-live-socket/core': join(WORKSPACE, 'projects/ngx-live-socket/core/public-api.ts') },
  });
  return {
    '/shared-tab.js': { type: 'text/javascript', body: code },
    '/shared-tab.html': { type: 'text/html', body: '<!doctype html><meta charset="utf-8"><title>tab</title><link rel="icon" href="data:,"><script src="/shared-tab.js"></script>' },
  };
}

/** A plain `ws` client that publishes to the channel (no delivery session: the server answers it nothing). */
async function openPublisher(socketUrl) {
  const socket = new WebSocket(socketUrl);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    publish: (payload) => socket.send(JSON.stringify({ type: 'channel.publish', channel: CHANNEL, payload })),
    close: () => socket.close(),
  };
}

async function measureCell({ browser, server, publisher, traffic, pagesOrigin, mode, tabs }) {
  const cellName = `${mode.id} x${tabs}`;
  await until(() => server.connectionCount === 1, READY_TIMEOUT_MS, () => `${cellName}: the last cell's connections are still open (${server.connectionCount - 1})`);
  traffic.reset();
  const context = await browser.newContext();
  const group = `bench-${mode.id}-${tabs}`;
  let aloneContext = null;
  try {
    // Opening: the pages one after another, as a user opens tabs; timed until every tab is connected and in its part.
    const started = performance.now();
    const pages = [];
    for (let i = 0; i < tabs; i++) {
      const page = await context.newPage();
      page.on('console', (message) => message.type() === 'error' && console.error(`[${cellName} tab ${i}] ${message.text()}`));
      await page.goto(`${pagesOrigin}/shared-tab.html`);
      await page.evaluate(({ url, shared, group }) => window.sharedTab.open({ url, shared, group }), { url: server.socketUrl, shared: mode.shared, group });
      pages.push(page);
    }
    const statuses = await untilPages(pages, (status, [tabs, shared]) => status.state === 'open' && (shared ? status.tabs === tabs && status.role !== 'electing' : status.role === 'alone'), [tabs, mode.shared], cellName);
    const readyMs = performance.now() - started;
    const connections = server.connectionCount - 1; // the publisher's left out
    const leaders = statuses.filter(({ role }) => role === 'leader' || role === 'alone').length;
    const expected = mode.shared ? { connections: 1, leaders: 1 } : { connections: tabs, leaders: tabs };
    if (connections !== expected.connections || leaders !== expected.leaders) {
      throw new Error(`${cellName}: ${connections} server connections and ${leaders} leading tabs, expected ${expected.connections} and ${expected.leaders} (roles: ${statuses.map(({ role }) => role).join(', ')})`);
    }
    const opening = traffic.read();

    // The workload, counted from the moment every tab's subscription is known to have reached the server.
    await Promise.all(pages.map((page) => page.evaluate((channel) => window.sharedTab.listen(channel), CHANNEL)));
    await probeUntilEveryTabHears(publisher, pages, cellName);
    await Promise.all(pages.map((page) => page.evaluate(() => window.sharedTab.reset())));
    traffic.reset();
    for (let n = 0; n < WORKLOAD_MESSAGES; n++) {
      publisher.publish({ n });
    }
    await everyTabReceives(pages, WORKLOAD_MESSAGES, cellName);
    await pause(200); // anything the workload makes the server send late is counted too
    const workload = traffic.read();

    let latency = null;
    let receiveCost = null;
    if (mode.shared && tabs > 1) {
      const roles = await Promise.all(pages.map((page) => page.evaluate(() => window.sharedTab.status().role)));
      const leader = pages[roles.indexOf('leader')];
      const follower = pages[roles.lastIndexOf('follower')];
      // A tab alone, in a context of its own: the same code with its own link, the reference for both.
      aloneContext = await browser.newContext();
      const alone = await aloneContext.newPage();
      await alone.goto(`${pagesOrigin}/shared-tab.html`);
      await alone.evaluate(({ url, group }) => window.sharedTab.open({ url, shared: false, group }), { url: server.socketUrl, group });
      await untilPages([alone], (status) => status.state === 'open' && status.role === 'alone', null, `${cellName} (the tab alone)`);
      const contenders = { leader, follower, alone };
      latency = await measureRoundTrips(contenders);
      latency.channelPerRequest = await channelTrafficPerRequest(pages, contenders);
      await alone.evaluate((channel) => window.sharedTab.listen(channel), CHANNEL);
      await probeUntilEveryTabHears(publisher, [alone], `${cellName} (the tab alone)`);
      receiveCost = await measureReceiveCost({ publisher, pages, contenders, cellName });
    }
    return { mode: mode.id, tabs, connections, readyMs, opening, workload, latency, receiveCost };
  } finally {
    await context.close();
    await aloneContext?.close();
  }
}

/** Waits until `predicate(status, arg)` holds in every page; fails naming the cell and every tab's status. */
async function untilPages(pages, predicate, arg, cellName) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    const statuses = await Promise.all(pages.map((page) => page.evaluate(() => window.sharedTab.status())));
    if (statuses.every((status) => predicate(status, arg))) {
      return statuses;
    }
    if (performance.now() > deadline) {
      throw new Error(`${cellName}: the tabs are not ready after ${READY_TIMEOUT_MS} ms: ${statuses.map(({ state, role, tabs }) => `${role} of ${tabs}, ${state}`).join('; ')}`);
    }
    await pause(20);
  }
}

/** Publishes probes until every tab got one: then every tab's `sub` reached the server. */
async function probeUntilEveryTabHears(publisher, pages, cellName) {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    publisher.publish({ probe: true });
    await pause(50);
    const probes = await Promise.all(pages.map((page) => page.evaluate(() => window.sharedTab.probes())));
    if (probes.every((count) => count > 0)) {
      await pause(200); // probes still on their way arrive before the count starts
      return;
    }
    if (performance.now() > deadline) {
      throw new Error(`${cellName}: not every tab hears the channel after ${READY_TIMEOUT_MS} ms (probes per tab: ${probes.join(', ')})`);
    }
  }
}

/** Waits until every tab got `count` messages; then checks each got exactly 0..count-1 in order, else fails. */
async function everyTabReceives(pages, count, cellName) {
  await Promise.all(pages.map((page) => page.evaluate(([count, timeoutMs]) => window.sharedTab.untilReceived(count, timeoutMs), [count, RECEIVE_TIMEOUT_MS])));
  const received = await Promise.all(pages.map((page) => page.evaluate(() => window.sharedTab.received())));
  const wrong = received.map((result, tab) => ({ tab, ...result })).filter((result) => result.count !== count || !result.inOrder);
  if (wrong.length > 0) {
    throw new Error(`${cellName}: not every tab received the ${count} messages once each, in order: ${wrong.map(({ tab, count, inOrder }) => `tab ${tab} got ${count}${inOrder ? '' : ' out of order'}`).join('; ')}`);
  }
}

/** Round trips of `test.report` from each contender, one at a time, the order alternating each round. */
async function measureRoundTrips(contenders) {
  const roles = Object.keys(contenders);
  const samples = Object.fromEntries(roles.map((role) => [role, []]));
  for (let warmup = 0; warmup < 10; warmup++) {
    for (const role of roles) await contenders[role].evaluate(() => window.sharedTab.timeRequest('bench-rtt'));
  }
  for (let round = 0; round < ROUND_TRIPS; round++) {
    for (const role of alternatingOrder(roles, round)) {
      samples[role].push(await contenders[role].evaluate(() => window.sharedTab.timeRequest('bench-rtt')));
    }
  }
  return Object.fromEntries(roles.map((role) => [role, { median: median(samples[role]), p95: percentile(samples[role], 0.95), samples: samples[role] }]));
}

/** The tab messages (BroadcastChannel) of the group since the last call: posts and messages heard, in all and by kind. */
async function takeChannelTraffic(pages) {
  const traffic = await Promise.all(pages.map((page) => page.evaluate(() => window.sharedTab.takeChannelTraffic())));
  const byKind = {};
  for (const { posted, heard } of traffic) {
    for (const [kind, count] of Object.entries(posted)) (byKind[kind] ??= { posted: 0, heard: 0 }).posted += count;
    for (const [kind, count] of Object.entries(heard)) (byKind[kind] ??= { posted: 0, heard: 0 }).heard += count;
  }
  const sum = (key) => Object.values(byKind).reduce((total, counts) => total + counts[key], 0);
  return { posted: sum('posted'), heard: sum('heard'), byKind };
}

/** The group's tab messages per request, for the leader's requests and for a follower's (a short run of each, apart). */
async function channelTrafficPerRequest(pages, { leader, follower }) {
  const requests = 20;
  const perRequest = {};
  for (const [role, page] of Object.entries({ leader, follower })) {
    await takeChannelTraffic(pages);
    for (let i = 0; i < requests; i++) await page.evaluate(() => window.sharedTab.timeRequest('bench-rtt'));
    await pause(100); // the last request's settling words
    const { posted, heard, byKind } = await takeChannelTraffic(pages);
    perRequest[role] = { posted: posted / requests, heard: heard / requests, byKind };
  }
  return perRequest;
}

/**
 * Main-thread time (Chrome's TaskDuration, thread CPU time) per channel message of a flood, in the leader, a
 * follower and the tab alone, all listening to the channel; every tab of the group must get the whole flood.
 * FLOODS floods; the median per tab.
 */
async function measureReceiveCost({ publisher, pages, contenders, cellName }) {
  const everyone = [...pages, contenders.alone];
  const roles = Object.keys(contenders);
  const timers = Object.fromEntries(await Promise.all(roles.map(async (role) => [role, await mainThreadTimer(contenders[role])])));
  const readAll = async () => Object.fromEntries(await Promise.all(roles.map(async (role) => [role, (await timers[role].read()).taskSeconds])));
  const floods = [];
  for (let flood = 0; flood < FLOODS; flood++) {
    await Promise.all(everyone.map((page) => page.evaluate(() => window.sharedTab.reset())));
    await takeChannelTraffic(pages);
    const before = await readAll();
    const started = performance.now();
    for (let n = 0; n < FLOOD_MESSAGES; n++) {
      publisher.publish({ n });
    }
    await everyTabReceives(everyone, FLOOD_MESSAGES, `${cellName} flood`);
    const wallMs = performance.now() - started;
    const after = await readAll();
    const channel = await takeChannelTraffic(pages);
    floods.push({
      wallMs,
      channelPerMessage: { posted: channel.posted / FLOOD_MESSAGES, heard: channel.heard / FLOOD_MESSAGES },
      ...Object.fromEntries(roles.map((role) => [role, ((after[role] - before[role]) * 1e6) / FLOOD_MESSAGES])),
    });
  }
  return {
    messages: FLOOD_MESSAGES,
    floods,
    wallMs: median(floods.map((flood) => flood.wallMs)),
    channelPerMessage: floods[0].channelPerMessage,
    ...Object.fromEntries(roles.map((role) => [role, { microsecondsPerMessage: median(floods.map((flood) => flood[role])) }])),
  };
}

function percentile(values, share) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

async function until(condition, timeoutMs, describe) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(describe());
    await pause(20);
  }
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function report(cells) {
  const cellOf = (mode, tabs) => cells.find((cell) => cell.mode === mode && cell.tabs === tabs);
  const ms = (value) => `${value.toFixed(1)} ms`;
  const signedMs = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} ms`;
  const rows = TAB_COUNTS.flatMap((tabs) =>
    MODES.map(({ id, name }) => {
      const cell = cellOf(id, tabs);
      return [
        String(tabs),
        name,
        String(cell.connections),
        `${integer(cell.workload.sent)} (${integer(cell.workload.sentByType['channel.message'] ?? 0)} \`channel.message\`)`,
        `${integer(cell.opening.sent)} / ${integer(cell.opening.received)}`,
        `yes (${tabs} × ${WORKLOAD_MESSAGES})`,
        `${(cell.readyMs / 1000).toFixed(1)} s`,
      ];
    }),
  );
  const withFollowers = cells.filter((cell) => cell.latency !== null).sort((a, b) => a.tabs - b.tabs);
  const ROLE_NAMES = { leader: 'leader tab', follower: 'follower tab', alone: 'a tab alone (own connection, another context)' };
  const latencyRows = withFollowers.flatMap((cell) =>
    ['leader', 'follower', 'alone'].map((role) => {
      const { median: middle, p95 } = cell.latency[role];
      const traffic = cell.latency.channelPerRequest[role];
      return [
        String(cell.tabs),
        ROLE_NAMES[role],
        ms(middle),
        ms(p95),
        role === 'leader' ? '' : signedMs(middle - cell.latency.leader.median),
        role === 'alone' ? '' : signedMs(middle - cell.latency.alone.median),
        traffic === undefined ? 'none' : `${traffic.posted.toFixed(0)} / ${traffic.heard.toFixed(0)}`,
      ];
    }),
  );
  const receiveRows = withFollowers.flatMap((cell) =>
    ['leader', 'follower', 'alone'].map((role) => [
      String(cell.tabs),
      ROLE_NAMES[role],
      `${cell.receiveCost[role].microsecondsPerMessage.toFixed(0)} µs`,
      role === 'alone' ? 'none' : `${cell.receiveCost.channelPerMessage.posted.toFixed(0)} / ${cell.receiveCost.channelPerMessage.heard.toFixed(0)}`,
    ]),
  );
  const largestShared = cellOf('shared', TAB_COUNTS.at(-1));
  const largestAlone = cellOf('alone', TAB_COUNTS.at(-1));
  return {
    id: 'shared-tabs',
    title: `One connection for all tabs (issue 12): server connections, and frames the server sent for ${WORKLOAD_MESSAGES} channel messages to every tab, for N tabs of one browser profile, shared vs not (lower is better)`,
    columns: ['tabs', 'mode', 'server connections', `frames the server sent for ${WORKLOAD_MESSAGES} messages`, 'frames the server sent / got while the tabs opened', 'every tab got every message once, in order', 'tabs opened and connected in'],
    rows,
    extraTables: [
      {
        title: `A request's round trip by the tab's part (\`test.report\`, answered at once; ${ROUND_TRIPS} per tab, interleaved; lower is better), and the tab messages (BroadcastChannel) the whole group posted and heard per request`,
        columns: ['tabs', 'tab', 'round trip, median', 'p95', "added to the leader's", "added to a tab alone's", 'tab messages per request: posted / heard'],
        rows: latencyRows,
      },
      {
        title: `Receive cost: main-thread time per channel message in a flood of ${integer(FLOOD_MESSAGES)} (median of ${FLOODS} floods; lower is better), and the tab messages the group posted and heard per channel message`,
        columns: ['tabs', 'tab', 'main-thread time per message', 'tab messages per message: posted / heard'],
        rows: receiveRows,
      },
    ],
    notes: [
      `How: N pages of one headless Chromium context (tabs of one profile: they share Web Locks and BroadcastChannel), each running the core's shared connection as \`withSharedConnection()\` gives it (\`ɵcreateSharedConnection\` with the delivery, requests and channels parts, \`withDelivery()\` on, no heartbeat; bench/shared-tabs/page/shared-tab.mjs, bundled from the sources in production mode), against the reference server (demo/server) in the benchmark's process on 127.0.0.1. "Not shared" is the same code with \`locks: null\`: every tab is \`alone\`, with its own connection and delivery session, as every tab is without the feature. The pages are opened one after another; each cell has a fresh browser context. The run fails unless a shared cell has 1 server connection and one leader, and a cell not shared N connections.`,
      `The workload: every tab listens to channel \`${CHANNEL}\` (\`channel()\`); once a probe reached every tab, one publisher (a plain \`ws\` client of the benchmark, left out of every count) sends ${WORKLOAD_MESSAGES} messages to it. The server's frames are counted by wrapping its send and receive (bench/shared-tabs/server-traffic.mjs; the server's behaviour is unchanged), from the first message until every tab had all ${WORKLOAD_MESSAGES} and 200 ms more. The run fails unless every tab got the ${WORKLOAD_MESSAGES} messages exactly once each, in order. The tabs send nothing meanwhile (0 frames in, every cell).`,
      '"While the tabs opened" counts from the first page\'s load until every tab was connected: the server got one `resume` per connection; it sent each connection `resumed` and `counter.state`, and, since the reference server announces `presence.count` to every connection whenever one comes, about N²/2 presence frames for N connections.',
      `Round trips: in the shared cells with followers, the leader tab, a follower tab and a tab alone (the same page with its own connection, in another browser context, so not in the group) each send \`test.report\` and wait for the reply, one request at a time, ${ROUND_TRIPS} each after 10 unmeasured, the order alternating each round; timed on the page's clock. "Tab messages per request" counts, in a short run of 20 requests from that tab alone, every post on the group's BroadcastChannel (by any tab) and every message a tab heard from it (a post is heard by every other tab), divided by the requests (bench/shared-tabs/page/shared-tab.mjs hands the feature a counting BroadcastChannel through its \`channel\` option).`,
      `Why a shared tab's request is slower than a tab alone's, the leader's included: with \`withDelivery()\` the leader transmits a numbered message only once another tab echoed its mirror (docs/design/shared-connection.md, section 3); and each request makes the leader post its mirror, its handle's states (sent, acked), the link's stats (once per task) and the reply to every tab on the one BroadcastChannel, and one follower echo the mirror (the sender, or for the leader's own the first follower): every post is heard by every other tab, so the messages heard per request grow with the tabs (${withFollowers.map((cell) => `${cell.tabs} tabs: ${cell.latency.channelPerRequest.leader.heard.toFixed(0)}`).join(', ')}; before the echo was cut to one per message, every follower echoed every mirror and 20 tabs heard 494). The leader's added time grows alike (${withFollowers.map((cell) => `${cell.tabs} tabs: ${signedMs(cell.latency.leader.median - cell.latency.alone.median)}`).join(', ')}): on this 2-core machine, with a renderer process for most pages, the round trip waits for that work. A follower adds little to the leader's figure: its call and the reply are two more posts among many.`,
      `Receive cost: Chrome's \`TaskDuration\` (thread CPU time) of the leader, a follower and the tab alone during a flood of ${integer(FLOOD_MESSAGES)} channel messages the publisher sends at once, divided by the messages; every tab of the group and the tab alone must get the whole flood. The leader routes each message to its own app and posts it once to the followers; a follower gets it from the BroadcastChannel, without the socket, parsing and the delivery session's bookkeeping.`,
      `The server's rate limit per connection is raised (${integer(LIMITS.messagesPerSecond)}/s) for this benchmark: with the default (20 messages/s, burst 60) the publisher's burst would be cut off. Note for deployments: when tabs share, one connection carries every tab's messages, so a per-connection limit (and \`channelsPerConnection\`) is shared by all the tabs of a profile.`,
      `Opening ${TAB_COUNTS.at(-1)} pages one after another (through playwright) until each was connected and knew its part took ${(largestShared.readyMs / 1000).toFixed(1)} s shared and ${(largestAlone.readyMs / 1000).toFixed(1)} s not shared: the page loads dominate; sharing does not slow the start.`,
    ],
    chart: {
      title: `Frames the server sent for ${WORKLOAD_MESSAGES} channel messages to every tab (lower is better)`,
      groups: TAB_COUNTS.map((tabs) => ({
        label: `${tabs} tab${tabs === 1 ? '' : 's'}`,
        bars: MODES.map(({ id, name }) => ({ series: name, value: cellOf(id, tabs).workload.sent })),
      })),
      format: integer,
    },
    data: { workloadMessages: WORKLOAD_MESSAGES, roundTrips: ROUND_TRIPS, floodMessages: FLOOD_MESSAGES, floods: FLOODS, cells },
  };
}
