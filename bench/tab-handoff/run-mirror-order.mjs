#!/usr/bin/env node
// Does a crash ever let a WebSocket frame out without the BroadcastChannel post made just before it in the
// same task? The shared connection's "mirror before transmit" rule (docs/design/shared-connection.md,
// section 3, "Ordering") rests on it. A leader page in real headless Chromium posts `mirror <n>` on a
// BroadcastChannel and then sends `<n>` on a WebSocket, as fast as it can (a burst per task); a follower
// page of the same context records every mirror; the leader's renderer is crashed (CDP Page.crash) mid-stream.
// Counted per run: frames the server got whose mirror no follower saw (each would be a duplicate after a
// handoff), and the reverse (harmless). The control posts no mirror for every 10th message, so the server
// must get orphans: it shows the harness sees the failure when there is one. A last page pair times a
// follower's confirmation at an ordinary rate (one mirror every 20 ms, no crash).
//
//   MIRROR_RUNS=10 node bench/tab-handoff/run-mirror-order.mjs
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { launchChromium } from '../../e2e/support/chromium.mjs';
import { crashPage } from '../../e2e/support/demo.mjs';

const RUNS = Number(process.env.MIRROR_RUNS ?? 10);

/**
 * The leader's loop, 200 messages a task. `mirror-first`: post the mirror, then send. `mirror-confirmed`:
 * post the mirror, and send only what a follower confirmed it got (the follower echoes each mirror).
 * `mirror-lost` (the control): post no mirror for every 10th message, as if the post had been lost.
 */
const leaderScript = (order) => `
  const channel = new BroadcastChannel('mirror');
  const socket = new WebSocket('ws://' + location.host + '/');
  let n = 0;
  let sent = 0;
  let confirmed = 0;
  const postedAt = new Map();
  globalThis.confirmMs = [];
  channel.onmessage = ({ data }) => {
    if (data.confirmed > confirmed) {
      for (let k = confirmed + 1; k <= data.confirmed; k++) {
        if (postedAt.has(k)) { globalThis.confirmMs.push(performance.now() - postedAt.get(k)); postedAt.delete(k); }
      }
      confirmed = data.confirmed;
      while (sent < confirmed) socket.send(String(++sent));
    }
  };
  socket.onopen = () => {
    const burst = () => {
      for (let i = 0; i < 200 && n - sent < 2000; i++) {
        const m = ++n;
        ${
          order === 'mirror-first'
            ? 'channel.postMessage({ mirror: m }); socket.send(String(m)); sent = m;'
            : order === 'mirror-confirmed'
              ? 'if (m % 50 === 0) postedAt.set(m, performance.now()); channel.postMessage({ mirror: m });'
              : 'if (m % 10 !== 0) channel.postMessage({ mirror: m }); socket.send(String(m)); sent = m;'
        }
      }
      setTimeout(burst, 0);
    };
    burst();
  };`;
const rttScript = `
  const channel = new BroadcastChannel('mirror');
  const postedAt = new Map();
  globalThis.confirmMs = [];
  channel.onmessage = ({ data }) => {
    if (postedAt.has(data.confirmed)) {
      globalThis.confirmMs.push(performance.now() - postedAt.get(data.confirmed));
      postedAt.delete(data.confirmed);
    }
  };
  let m = 0;
  const timer = setInterval(() => {
    postedAt.set(++m, performance.now());
    channel.postMessage({ mirror: m });
    if (m === 100) clearInterval(timer);
  }, 20);`;
const followerScript = `
  globalThis.mirrors = new Set();
  const channel = new BroadcastChannel('mirror');
  channel.onmessage = ({ data }) => {
    if (data.mirror !== undefined) {
      globalThis.mirrors.add(data.mirror);
      channel.postMessage({ confirmed: data.mirror });
    }
  };`;

const server = createServer((request, response) => {
  const role = new URL(request.url, 'http://x').searchParams.get('role');
  const order = new URL(request.url, 'http://x').searchParams.get('order');
  response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><script>${role === 'leader' ? leaderScript(order) : role === 'rtt' ? rttScript : followerScript}</script>`);
});
let received = new Set();
new WebSocketServer({ server }).on('connection', (socket) => socket.on('message', (data) => received.add(Number(String(data)))));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

async function run(browser, order) {
  received = new Set();
  const context = await browser.newContext();
  try {
    const follower = await context.newPage();
    await follower.goto(`${base}?role=follower`);
    const leader = await context.newPage();
    await leader.goto(`${base}?role=leader&order=${order}`);
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 200));
    const confirmMs = await leader.evaluate(() => globalThis.confirmMs);
    await crashPage(context, leader);
    await new Promise((resolve) => setTimeout(resolve, 500)); // what is in flight arrives
    const mirrors = new Set(await follower.evaluate(() => [...globalThis.mirrors]));
    const orphans = [...received].filter((n) => !mirrors.has(n)).length;
    const unsent = [...mirrors].filter((n) => !received.has(n)).length;
    return { order, frames: received.size, mirrors: mirrors.size, orphans, unsent, confirmMs };
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)];
};

const browser = await launchChromium();
try {
  const totals = {};
  for (const order of ['mirror-first', 'mirror-confirmed']) {
    const results = [];
    for (let i = 0; i < RUNS; i++) {
      const { confirmMs, ...result } = await run(browser, order);
      console.log(JSON.stringify(result));
      results.push({ ...result, confirmMs });
    }
    const confirm = results.flatMap((result) => result.confirmMs);
    totals[order] = {
      orphans: results.reduce((sum, result) => sum + result.orphans, 0),
      runsWithOrphans: results.filter((result) => result.orphans > 0).length,
      confirmMedianMs: median(confirm)?.toFixed(2) ?? null,
      confirmWorstMs: confirm.length ? Math.max(...confirm).toFixed(2) : null,
    };
  }
  const { confirmMs: _, ...control } = await run(browser, 'mirror-lost');
  const rttContext = await browser.newContext();
  const rttFollower = await rttContext.newPage();
  await rttFollower.goto(`${base}?role=follower`);
  const rttLeader = await rttContext.newPage();
  await rttLeader.goto(`${base}?role=rtt`);
  await rttLeader.waitForFunction(() => globalThis.confirmMs.length === 100, null, { timeout: 15_000 });
  const rtt = await rttLeader.evaluate(() => globalThis.confirmMs);
  await rttContext.close();
  console.log(`control ${JSON.stringify(control)}`);
  // Confirmed mirrors must leave no orphan, and the control must see some, or the harness sees nothing.
  process.exitCode = totals['mirror-confirmed'].orphans > 0 || control.orphans === 0 ? 1 : 0;
  console.log(`Chromium ${browser.version()}, ${RUNS} crashes mid-stream per order; frames the server got without their mirror:`);
  console.log(`  mirror posted, then sent:           ${totals['mirror-first'].orphans} in ${totals['mirror-first'].runsWithOrphans} of ${RUNS} runs`);
  console.log(`  sent once a follower confirmed it:  ${totals['mirror-confirmed'].orphans} in ${totals['mirror-confirmed'].runsWithOrphans} of ${RUNS} runs; confirmation median ${totals['mirror-confirmed'].confirmMedianMs} ms, worst ${totals['mirror-confirmed'].confirmWorstMs} ms (under load, 200 posts a task)`);
  console.log(`  control, every 10th mirror not posted: ${control.orphans}`);
  console.log(`  a follower's confirmation at one mirror per 20 ms: median ${median(rtt).toFixed(2)} ms, worst ${Math.max(...rtt).toFixed(2)} ms (n=${rtt.length})`);
} finally {
  await browser.close();
  server.close();
}
