import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBlockingProxy } from '../../e2e/support/blocking-proxy.mjs';
import { startBenchServer } from '../support/bench-server.mjs';
import { ANGULAR_PRODUCTION_DEFINES, bundle } from '../support/esbuild-bundle.mjs';
import { WORKSPACE } from '../support/environment.mjs';
import { integer, ratio } from '../support/format.mjs';
import { alternatingOrder, median, middleHalf } from '../support/rounds.mjs';
import { mainThreadTimer } from '../throughput/script-time.mjs';
import { startSocketIoServer } from './socket-io-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The library's HTTP transport (issue 13): without it the fallback's half of this benchmark cannot run. */
const HTTP_TRANSPORT_SOURCE = join(WORKSPACE, 'projects/ngx-live-socket/core/src/http/http-socket.ts');
const LIBRARY_ALIASES = {
  'ngx-live-socket': join(WORKSPACE, 'projects/ngx-live-socket/src/public-api.ts'),
  'ngx-live-socket/core': join(WORKSPACE, 'projects/ngx-live-socket/core/public-api.ts'),
};

/** What the network in front of the server does with a WebSocket upgrade: the rows of the first table. */
const NETWORKS = [
  { mode: 'refuse', label: 'WebSocket refused (proxy answers 403)', blocked: true },
  { mode: 'cut', label: 'WebSocket cut (proxy drops the TCP connection)', blocked: true },
  { mode: 'pass', label: 'WebSocket allowed (reference)', blocked: false },
];
/**
 * The contenders of the first table, each with the transport its first message must come over when
 * WebSocket is blocked (anything else means the page did not do what the row says).
 */
const LIBRARIES = [
  { id: 'ngx', name: 'ngx-live-socket, HTTP fallback on', page: 'first-message-ngx-live-socket', blockedTransport: 'http', needsFallback: true },
  { id: 'socket.io', name: 'socket.io-client, defaults (polling, then upgrade)', page: 'first-message-socket-io', blockedTransport: 'polling', needsFallback: false },
];
/** At least this many page loads per cell; `BENCH_ROUNDS` may ask for more. A load takes well under a second. */
const MIN_FIRST_MESSAGE_ROUNDS = 15;
/** A page whose first message has not come by then never gets one (e.g. no fallback): fail, naming the cell. */
const FIRST_MESSAGE_TIMEOUT_MS = 20_000;

/** The throughput floods: as bench/throughput, one subscribed type, both transports on kept-open pages. */
const FLOOD = { count: Number(process.env.BENCH_FLOOD ?? 2_000), types: 1, warmupFloods: 5, warmupCount: 10_000 };
const MIN_THROUGHPUT_ROUNDS = 20;
const ROUNDS_PER_PAGE_SET = 5;
const TRANSPORTS = [
  { id: 'websocket', name: 'WebSocket', mode: 'pass' },
  { id: 'http', name: 'HTTP (event stream + POST)', mode: 'refuse' },
];
const [WEBSOCKET, HTTP] = TRANSPORTS;

/**
 * Issue 13's figures for the HTTP fallback, in headless Chromium, every page loaded through the blocking
 * proxy of the e2e tests (e2e/support/blocking-proxy.mjs) in front of a local server on 127.0.0.1:
 *
 * 1. Time from page load (navigation start) to the first message, with WebSocket refused, cut, or allowed:
 *    ngx-live-socket with the fallback against the bench server (which speaks both transports), and
 *    socket.io-client with its default transports against a socket.io 4.8 server. Each cell is the median
 *    of fresh page loads (a new browser context each: no cache, no open connection), the cells of a round in
 *    alternating order.
 * 2. Dispatch throughput of the HTTP transport as a ratio to WebSocket: the throughput bench's flood, on two
 *    kept-open pages of the same client, one through a proxy that passes WebSockets and one through a proxy
 *    that refuses them (so it runs on HTTP), floods interleaved (A B B A) in each round, messages per second
 *    of the page's script time.
 *
 * Until the library has its HTTP transport, the fallback's cells are reported as not measured.
 */
export async function runHttpFallback({ browser, rounds: requestedRounds, log }) {
  const fallbackBuilt = existsSync(HTTP_TRANSPORT_SOURCE);
  const files = await buildPages();
  const benchServer = await startBenchServer(files);
  const socketIoServer = await startSocketIoServer(files);
  const proxies = {
    ngx: await startBlockingProxy({ upstreamPort: benchServer.port }),
    'socket.io': await startBlockingProxy({ upstreamPort: socketIoServer.port }),
    websocket: await startBlockingProxy({ upstreamPort: benchServer.port, mode: 'pass' }),
    http: await startBlockingProxy({ upstreamPort: benchServer.port, mode: 'refuse' }),
  };
  let firstMessage;
  let throughput = null;
  try {
    firstMessage = await measureFirstMessage({ browser, proxies, rounds: Math.max(MIN_FIRST_MESSAGE_ROUNDS, requestedRounds), fallbackBuilt, log });
    if (fallbackBuilt) {
      throughput = await measureThroughput({ browser, proxies, rounds: Math.max(MIN_THROUGHPUT_ROUNDS, requestedRounds), log });
    }
  } finally {
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
    await Promise.all([benchServer.close(), socketIoServer.close()]);
  }
  return report({ firstMessage, throughput, fallbackBuilt });
}

/** The pages, bundled as an app would ship them (minified, production mode) except the throughput page, which stays readable like bench/throughput's. */
async function buildPages() {
  const files = {};
  const pages = [...LIBRARIES.map(({ page }) => ({ page, minify: true })), { page: 'throughput-ngx-live-socket', minify: false }];
  for (const { page, minify } of pages) {
    const { code } = await bundle({ entry: join(here, 'page', `${page}.mjs`), minify, define: ANGULAR_PRODUCTION_DEFINES, alias: LIBRARY_ALIASES });
    files[`/${page}.js`] = { type: 'text/javascript', body: code };
    files[`/${page}.html`] = { type: 'text/html', body: `<!doctype html><meta charset="utf-8"><title>${page}</title><script src="/${page}.js"></script>` };
  }
  return files;
}

async function measureFirstMessage({ browser, proxies, rounds, fallbackBuilt, log }) {
  const cells = NETWORKS.flatMap((network) =>
    LIBRARIES.filter((library) => fallbackBuilt || !library.needsFallback || !network.blocked).map((library) => ({ network, library, samples: [] })),
  );
  for (let round = 0; round < rounds; round++) {
    for (const cell of alternatingOrder(cells, round)) {
      cell.samples.push(await loadUntilFirstMessage(browser, proxies[cell.library.id], cell));
    }
    log(`http-fallback first message, round ${round + 1}/${rounds}: ${cells.map(({ network, library, samples }) => `${library.id} ${network.mode} ${samples.at(-1).at.toFixed(0)} ms`).join(', ')}`);
  }
  return cells.map(({ network, library, samples }) => ({
    network: network.mode,
    library: library.id,
    pageLoadToFirstMs: median(samples.map(({ at }) => at)),
    connectToFirstMs: median(samples.map(({ at, connectAt }) => at - connectAt)),
    transports: [...new Set(samples.map(({ transport }) => transport))],
    samples,
  }));
}

/** Loads the cell's page in a fresh context through the proxy, in the cell's mode; the page's own clock says when the first message came. */
async function loadUntilFirstMessage(browser, proxy, { network, library }) {
  proxy.setMode(network.mode);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${proxy.origin}/${library.page}.html`);
    const firstMessage = await page
      .waitForFunction(() => window.firstMessage, null, { timeout: FIRST_MESSAGE_TIMEOUT_MS })
      .then((handle) => handle.jsonValue())
      .catch((error) => {
        throw new Error(`${library.name}, ${network.label}: no first message within ${FIRST_MESSAGE_TIMEOUT_MS} ms (${error.message})`);
      });
    if (network.blocked && firstMessage.transport !== library.blockedTransport) {
      throw new Error(`${library.name}, ${network.label}: the first message came over ${firstMessage.transport}, expected ${library.blockedTransport}`);
    }
    return firstMessage;
  } finally {
    await context.close();
  }
}

async function measureThroughput({ browser, proxies, rounds, log }) {
  const samples = Object.fromEntries(TRANSPORTS.map(({ id }) => [id, []]));
  let pages = null;
  try {
    for (let round = 0; round < rounds; round++) {
      if (round % ROUNDS_PER_PAGE_SET === 0) {
        await closePages(pages);
        pages = await openThroughputPages(browser, proxies);
      }
      const order = alternatingOrder(TRANSPORTS, round);
      const spent = Object.fromEntries(TRANSPORTS.map(({ id }) => [id, { scriptSeconds: 0, taskSeconds: 0, wallMs: 0 }]));
      for (const { id } of [...order, ...[...order].reverse()]) {
        const { page, timer } = pages[id];
        const before = await timer.read();
        spent[id].wallMs += await page.evaluate((count) => window.bench.flood(count), FLOOD.count);
        const after = await timer.read();
        spent[id].scriptSeconds += after.scriptSeconds - before.scriptSeconds;
        spent[id].taskSeconds += after.taskSeconds - before.taskSeconds;
      }
      for (const { id } of TRANSPORTS) {
        const { scriptSeconds, taskSeconds, wallMs } = spent[id];
        samples[id].push({
          perTaskSecond: (2 * FLOOD.count) / taskSeconds,
          // Infinity when ScriptDuration did not grow at all (it leaves out promise reactions: see script-time.mjs).
          perScriptSecond: (2 * FLOOD.count) / scriptSeconds,
          perWallSecond: (2 * (FLOOD.count - 1)) / (wallMs / 1000),
        });
      }
      const roundRatio = (measure) => (samples.http[round][measure] / samples.websocket[round][measure]).toFixed(2);
      log(`http-fallback throughput round ${round + 1}/${rounds}: HTTP ${roundRatio('perTaskSecond')}x WebSocket per main-thread second, ${roundRatio('perScriptSecond')}x per script second, ${roundRatio('perWallSecond')}x per wall-clock second`);
    }
  } finally {
    await closePages(pages);
  }
  const summarise = (measure) => {
    const ratios = samples.http.map((sample, round) => sample[measure] / samples.websocket[round][measure]);
    return {
      perSecond: Object.fromEntries(TRANSPORTS.map(({ id }) => [id, median(samples[id].map((sample) => sample[measure]))])),
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      middleHalf: middleHalf(ratios),
    };
  };
  return { rounds, mainThreadTime: summarise('perTaskSecond'), scriptTime: summarise('perScriptSecond'), wallClock: summarise('perWallSecond'), samples };
}

/** One page per transport, connected through its proxy (so on the transport it names), warmed up with unmeasured floods. */
async function openThroughputPages(browser, proxies) {
  const pages = {};
  for (const { id, name } of TRANSPORTS) {
    const proxy = proxies[id];
    const page = await browser.newPage();
    pages[id] = { page, timer: await mainThreadTimer(page) };
    await page.goto(`${proxy.origin}/throughput-ngx-live-socket.html`);
    await page.evaluate(([url, types]) => window.bench.open(url, types), [`ws://127.0.0.1:${proxy.port}/ws`, FLOOD.types]);
    const transport = await page.evaluate(() => window.transportInUse());
    if (transport !== id) {
      throw new Error(`the ${name} page opened on ${transport}, expected ${id}`);
    }
    for (let i = 0; i < FLOOD.warmupFloods; i++) {
      await page.evaluate((count) => window.bench.flood(count), FLOOD.warmupCount);
    }
  }
  return pages;
}

async function closePages(pages) {
  for (const { page } of Object.values(pages ?? {})) {
    await page.close();
  }
}

function report({ firstMessage, throughput, fallbackBuilt }) {
  const cellOf = (network, library) => firstMessage.find((cell) => cell.network === network && cell.library === library);
  const ms = (value) => `${value.toFixed(0)} ms`;
  const describeCell = (cell) =>
    cell === undefined
      ? 'not measured: the library has no HTTP transport yet'
      : `${ms(cell.pageLoadToFirstMs)} (connect to first message ${ms(cell.connectToFirstMs)}; over ${cell.transports.join(', ')})`;
  const rows = NETWORKS.map(({ mode, label }) => [label, ...LIBRARIES.map(({ id }) => describeCell(cellOf(mode, id)))]);
  const perSecond = (value) => (Number.isFinite(value) ? integer(value) : 'not seen (0 s of script time)');
  const ratioTo = (summary, id, describe) => (id === WEBSOCKET.id ? '1.00x' : Number.isFinite(summary.ratio) ? describe(summary) : 'n/a');
  const throughputRows =
    throughput === null
      ? [['not measured: the library has no HTTP transport yet (projects/ngx-live-socket/core/src/http/http-socket.ts)', '', '', '']]
      : TRANSPORTS.map(({ id, name }) => [
          name,
          `${perSecond(throughput.mainThreadTime.perSecond[id])} (${ratioTo(throughput.mainThreadTime, id, ratioWithRange)})`,
          `${perSecond(throughput.scriptTime.perSecond[id])} (${ratioTo(throughput.scriptTime, id, ({ ratio: value }) => ratio(value))})`,
          `${perSecond(throughput.wallClock.perSecond[id])} (${ratioTo(throughput.wallClock, id, ({ ratio: value }) => ratio(value))})`,
        ]);
  const rounds = firstMessage[0].samples.length;
  return {
    id: 'http-fallback',
    title: 'HTTP fallback (issue 13): time from page load to the first message when WebSocket is blocked, ngx-live-socket vs socket.io-client (median ms, lower is better)',
    columns: ['network', ...LIBRARIES.map(({ name }) => name)],
    rows,
    extraTables: [
      {
        title: `Dispatch throughput of ngx-live-socket over its HTTP transport, as a ratio to WebSocket: messages per second of the page's main-thread time (the same flood of ${integer(FLOOD.count)} envelopes; higher is better)`,
        columns: ['transport', 'msg/s of main-thread time (ratio to WebSocket)', 'msg/s of script time (ratio)', 'msg/s of wall clock (ratio)'],
        rows: throughputRows,
      },
    ],
    notes: [
      `How the first message is timed: each page is loaded in a fresh browser context (no cache, no open connection) through the e2e tests' blocking proxy (e2e/support/blocking-proxy.mjs) on 127.0.0.1, in the row's mode; the page connects at once and records, on its own clock, when the server's greeting (the first message it sends on a new link) arrives: "page load" counts from navigation start (so the bundle's download and start-up are in it), "connect" from the client's creation. ${rounds} page loads per cell, the cells of a round in alternating order; medians.`,
      'ngx-live-socket: `MessagingClient` from the library sources, bundled minified in production mode, with `httpFallback: {}` (defaults), against the bench server (bench/support/bench-server.mjs), which speaks WebSocket and, through the reference server\'s own HTTP endpoints (demo/server/http-link/), the HTTP transport of docs/protocol.md at `/ws`. socket.io-client 4.8 with its defaults (`io()`: long-polling first, then the upgrade to WebSocket) against a socket.io 4.8 server with its defaults (bench/http-fallback/socket-io-server.mjs). Both servers greet a new client at once.',
      `How the throughput ratio is taken: two pages of the same client (\`MessagingClient\` with the fallback on and the upgrade probe beyond the run), one through a proxy that passes WebSockets, one through a proxy that refuses them (so its link is HTTP: one event-stream response down, POSTs up), connected to the bench server with one \`on(type)\` subscriber and warmed up with ${FLOOD.warmupFloods} unmeasured floods of ${integer(FLOOD.warmupCount)}; each round floods ${integer(FLOOD.count)} envelopes to each page in order and then in reverse (A B B A), and the ratio is HTTP's figure to WebSocket's in that round; ${throughput?.rounds ?? MIN_THROUGHPUT_ROUNDS} rounds, fresh pages every ${ROUNDS_PER_PAGE_SET}; medians, with the lowest and highest round and the middle half for the headline ratio.`,
      'Why main-thread time and not only script time (the throughput part\'s measure): Chrome\'s `ScriptDuration` leaves out the JavaScript that promise reactions run, and an HTTP link reads its fetch stream through promises, so script time does not see the HTTP transport\'s work (with a stand-in HTTP socket it did not grow at all during floods). `TaskDuration`, the main thread\'s busy time in thread CPU time, sees both transports alike: on WebSocket it includes the browser\'s own task per message, on HTTP the stream reading and event parsing in JavaScript. Script time is shown beside it, as measured.',
      ...(throughput !== null && throughput.mainThreadTime.ratio > 1
        ? ['Why HTTP comes out ahead in a flood: the server writes many events in one chunk of the response, and the page handles a whole chunk in one task, where a WebSocket costs the browser one task per message. A real app\'s traffic is rarely a flood; the figure says the HTTP transport does not make a busy page slower, not that it is the better transport.']
        : []),
      ...(fallbackBuilt ? [] : ['The library in this run has no HTTP transport yet, so the fallback\'s cells were not measured; socket.io and the WebSocket reference were.']),
    ],
    chart: {
      title: 'HTTP fallback: median ms from page load to the first message (lower is better)',
      groups: NETWORKS.map(({ mode, label }) => ({
        label,
        bars: LIBRARIES.filter(({ id }) => cellOf(mode, id) !== undefined).map(({ id, name }) => ({ series: name, value: cellOf(mode, id).pageLoadToFirstMs })),
      })),
      format: ms,
    },
    data: { flood: FLOOD, firstMessage, throughput },
  };
}

const ratioWithRange = ({ ratio: value, ratioRange: [lowest, highest], middleHalf: [low, high] }) =>
  `${ratio(value)}, rounds ${lowest.toFixed(2)}-${highest.toFixed(2)}, middle half ${low.toFixed(2)}-${high.toFixed(2)}`;
