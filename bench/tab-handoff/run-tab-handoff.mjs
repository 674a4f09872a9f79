#!/usr/bin/env node
// Handoff time of the tabs' leader in real headless Chromium (docs/design/shared-connection.md, "Figures"):
// three pages of ONE browser context (tabs of one profile: shared Web Locks and BroadcastChannel) run
// TabElection (bench/tab-handoff/handoff-page.ts, bundled with esbuild); the leader holds the group's one
// WebSocket to a `ws` server on 127.0.0.1. Each run closes the leader page (no beforeunload) or crashes its
// renderer (CDP Page.crash), and times, from the moment the command is given:
//   elected   the next tab is granted the leader lock (its log),
//   known     the remaining follower has the new leader's roster (2 tabs, term 2),
//   socket    the server accepts the new leader's WebSocket;
// then the remaining follower is crashed too, and timed until the new leader counts it out (countedOut).
// A last probe freezes the leader (CDP Page.setWebLifecycleState frozen), reports whether the lock moved, then
// times a follower's `steal` of it and checks, after the thaw, that the lock stayed with the stealer.
//
//   HANDOFF_RUNS=10 node bench/tab-handoff/run-tab-handoff.mjs
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';
import { launchChromium } from '../../e2e/support/chromium.mjs';
import { crashPage } from '../../e2e/support/demo.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.HANDOFF_RUNS ?? 10);
/** A handoff that takes longer than this is a failure, not a slow figure. */
const HANDOFF_TIMEOUT_MS = 10_000;

const bundle = await build({
  entryPoints: [join(here, 'handoff-page.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  target: 'es2022',
  tsconfig: join(here, '../../tsconfig.json'),
  logLevel: 'error',
});
const script = bundle.outputFiles[0].text;

const server = createServer((request, response) => {
  if (request.url.startsWith('/page.js')) {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>tab</title><script src="/page.js"></script>');
  }
});
/** Every WebSocket the server accepted: which tab, when, and whether it is still open. */
const connections = [];
const sockets = new WebSocketServer({ server });
sockets.on('connection', (socket, request) => {
  const entry = { tab: new URL(request.url, 'http://x').searchParams.get('tab'), at: Date.now(), open: true };
  connections.push(entry);
  socket.on('close', () => (entry.open = false));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const pageUrl = (tab) => `http://127.0.0.1:${port}/?tab=${tab}&ws=ws://127.0.0.1:${port}/`;

const lastState = (page) => page.evaluate(() => globalThis.handoffLog.filter((entry) => entry.role !== undefined).at(-1));
const logOf = (page) => page.evaluate(() => globalThis.handoffLog);
const waitFor = (page, predicate, arg) => page.waitForFunction(predicate, arg, { timeout: HANDOFF_TIMEOUT_MS, polling: 5 });

async function openGroup(context, run) {
  const pages = [];
  for (const name of ['a', 'b', 'c']) {
    const page = await context.newPage();
    await page.goto(pageUrl(`${run}-${name}`));
    pages.push({ name: `${run}-${name}`, page });
  }
  for (const { page } of pages) {
    await waitFor(page, () => globalThis.handoffLog?.some((entry) => entry.tabs === 3));
  }
  return pages;
}

async function leaderOf(pages) {
  for (const tab of pages) {
    if ((await lastState(tab.page)).role === 'leader') return tab;
  }
  throw new Error('no tab leads');
}

async function measure(browser, run, how) {
  const context = await browser.newContext();
  try {
    const pages = await openGroup(context, run);
    const opened = connections.filter((entry) => entry.tab.startsWith(`${run}-`));
    const leader = await leaderOf(pages);
    const rest = pages.filter((tab) => tab !== leader);
    const started = Date.now();
    if (how === 'close') {
      await leader.page.close({ runBeforeUnload: false });
    } else {
      await crashPage(context, leader.page);
    }
    for (const { page } of rest) {
      await waitFor(page, () => globalThis.handoffLog.some((entry) => entry.term === 2 && entry.tabs === 2));
    }
    const next = await leaderOf(rest);
    const follower = rest.find((tab) => tab !== next);
    await waitFor(next.page, () => globalThis.handoffLog.some((entry) => entry.event === 'socket-open'));
    const elected = (await logOf(next.page)).find((entry) => entry.role === 'leader').at;
    const known = (await logOf(follower.page)).find((entry) => entry.term === 2 && entry.tabs === 2).at;
    const socket = connections.find((entry) => entry.tab === next.name).at;
    // Then the follower crashes: the leader counts it out when the browser grants it the follower's lock.
    const crashed = Date.now();
    await crashPage(context, follower.page);
    // (A new leader starts counting at 1 too: only an entry written after the crash counts.)
    await waitFor(next.page, (since) => globalThis.handoffLog.some((entry) => entry.at >= since && entry.tabs === 1), crashed);
    const countedOut = (await logOf(next.page)).find((entry) => entry.at >= crashed && entry.tabs === 1).at;
    return { how, connectionsFor3Tabs: opened.length, elected: elected - started, known: known - started, socket: socket - started, countedOut: countedOut - crashed };
  } finally {
    await context.close();
  }
}

/**
 * Freezes the leader as the browser would a background tab and looks whether the lock moves in 3 s; then a
 * follower takes it with `{ steal: true }` (the frozen-leader plan), timed to the grant, and the leader is
 * thawed to see who holds the lock afterwards.
 */
async function probeFrozenLeader(browser) {
  const context = await browser.newContext();
  try {
    const pages = await openGroup(context, 'frozen');
    const leader = await leaderOf(pages);
    const follower = pages.find((tab) => tab !== leader);
    const holder = (page) => page.evaluate(async () => (await navigator.locks.query()).held.find((lock) => lock.name === 'nls-handoff:leader')?.clientId);
    const before = await holder(follower.page);
    const cdp = await context.newCDPSession(leader.page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const states = await Promise.all(pages.filter((tab) => tab !== leader).map((tab) => lastState(tab.page)));
    const stealMs = await follower.page.evaluate(
      () =>
        new Promise((resolve) => {
          const started = Date.now();
          navigator.locks.request('nls-handoff:leader', { steal: true }, () => {
            resolve(Date.now() - started);
            return new Promise(() => undefined);
          });
        }),
    );
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    const afterThaw = await holder(leader.page);
    return { lockMovedWithin3s: states.some((state) => state.role === 'leader'), stealMs, stolenFromLeader: before !== afterThaw };
  } finally {
    await context.close();
  }
}

const summary = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { median, worst: sorted.at(-1) };
};

const browser = await launchChromium();
try {
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    const result = await measure(browser, `r${run}`, run % 2 === 0 ? 'close' : 'crash');
    console.log(JSON.stringify(result));
    results.push(result);
  }
  console.log(`Chromium ${browser.version()}, ${RUNS} runs, 3 tabs of one context; ms from close()/Page.crash:`);
  for (const how of ['close', 'crash']) {
    const rows = results.filter((result) => result.how === how);
    for (const key of ['elected', 'known', 'socket', 'countedOut']) {
      const { median, worst } = summary(rows.map((row) => row[key]));
      console.log(`  ${how.padEnd(5)} ${key.padEnd(8)} median ${median} ms, worst ${worst} ms (n=${rows.length})`);
    }
  }
  console.log(`  server connections while 3 tabs were open: ${[...new Set(results.map((result) => result.connectionsFor3Tabs))].join(', ')}`);
  if (process.env.HANDOFF_FREEZE !== '0') {
    console.log(`  frozen leader: ${JSON.stringify(await probeFrozenLeader(browser))}`);
  }
} finally {
  await browser.close();
  sockets.close();
  server.close();
}
