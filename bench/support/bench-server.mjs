import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { createHttpEndpoints } from '../../demo/server/http-link/http-endpoints.mjs';
import { floodEnvelope } from './flood-envelope.mjs';

/** The socket path, for WebSockets and for the HTTP transport alike (docs/protocol.md). */
const SOCKET_PATH = '/ws';

/**
 * The local server the browser benchmarks talk to, on 127.0.0.1 and a free port: it serves the bench pages
 * and bundles from memory, and on its socket answers two commands (default-codec envelopes, so every
 * contender can send them):
 *
 * - `{"type":"bench.flood","payload":{"count":N,"types":K}}`: N pre-built envelopes, types `t0`..`t(K-1)`
 *   in turn, handed to the socket as fast as it takes them (the browser is the bottleneck);
 * - `{"type":"bench.paced","payload":{"count":N,"durationMs":D}}`: N `tick` envelopes spread evenly over D ms;
 * - `{"type":"ping","payload":...}`: a `pong` with the same payload, as the reference server answers, so a
 *   client's heartbeat keeps a page's link up while it waits for its next flood.
 *
 * Everything else (subscribe messages of the contenders) is ignored. A link opened with `?hello=1` in its URL
 * gets `{"type":"bench.hello","payload":{}}` first (a first message to time, as a real server's greeting).
 *
 * The socket is a WebSocket at `/ws`, or the same link over the HTTP transport of docs/protocol.md, served by
 * the reference server's own HTTP endpoints (demo/server/http-link/), so the HTTP figures are those of the
 * code a user runs; no origin check, no rate limit. `close()` stops it; nothing outlives it.
 *
 * @param {Record<string, { type: string, body: string }>} files  path -> content served over HTTP
 */
export async function startBenchServer(files) {
  const timers = new Set();
  const httpLinks = new Set();
  const httpEndpoints = createHttpEndpoints({
    socketPath: SOCKET_PATH,
    refusalOf: () => undefined,
    acceptsOrigin: () => true,
    maxPayloadBytes: 1024 * 1024,
    accept: (link, request) => {
      const peer = httpPeer(link);
      httpLinks.add(link);
      link.once('close', () => httpLinks.delete(link));
      greet(peer, request.url);
      link.on('message', (data) => handleCommand(peer, data.toString(), timers));
    },
  });
  const http = createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === SOCKET_PATH) {
      void httpEndpoints.handle(request, response);
      return;
    }
    serveFile(files, url.pathname, response);
  });
  const sockets = new WebSocketServer({ server: http, path: SOCKET_PATH });
  sockets.on('connection', (socket, request) => {
    const peer = webSocketPeer(socket);
    greet(peer, request.url);
    socket.on('message', (data) => handleCommand(peer, data.toString(), timers));
  });
  const port = await listenOnLoopback(http);
  return {
    origin: `http://127.0.0.1:${port}`,
    socketUrl: `ws://127.0.0.1:${port}${SOCKET_PATH}`,
    port,
    close: () =>
      new Promise((resolve) => {
        timers.forEach((timer) => clearInterval(timer));
        sockets.clients.forEach((client) => client.terminate());
        sockets.close();
        httpLinks.forEach((link) => link.terminate());
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** Answers with the bench file at `pathname` (from memory, never cached), or 404. */
export function serveFile(files, pathname, response) {
  const file = files[pathname];
  if (file === undefined) {
    response.writeHead(404).end();
  } else {
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  }
}

/** Starts `server` listening on 127.0.0.1 and a free port; resolves with the port. */
export async function listenOnLoopback(server) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server.address().port;
}

/**
 * A link as the commands see it: `send(text)` one frame, `sendMany(frames)` frames as fast as the transport
 * takes them, in as few writes as it can.
 *
 * @typedef {{ send(text: string): void, sendMany(frames: Iterable<string | Buffer>): void, isOpen(): boolean }} Peer
 */

/** @returns {Peer} */
function webSocketPeer(socket) {
  return {
    send: (text) => socket.send(text),
    sendMany(frames) {
      // Corked, the frames leave in large TCP writes instead of one tiny write each: the server keeps ahead.
      // (`_socket` is the net.Socket under a ws WebSocket; ws has no cork of its own.)
      const tcp = socket._socket;
      tcp.cork();
      for (const frame of frames) {
        socket.send(frame, { binary: false });
      }
      tcp.uncork();
    },
    isOpen: () => socket.readyState === socket.OPEN,
  };
}

/**
 * An HTTP link as the commands see it. Its frames are written one by one, as the reference server writes
 * them; the response's socket is corked meanwhile, so they leave in large writes, as the corked WebSocket's do.
 *
 * @param {import('../../demo/server/http-link/http-link.mjs').HttpLink} link @returns {Peer}
 */
function httpPeer(link) {
  return {
    send: (text) => link.send(text),
    sendMany(frames) {
      link.cork();
      for (const frame of frames) {
        link.send(frame);
      }
      link.uncork();
    },
    isOpen: () => link.readyState === link.constructor.OPEN,
  };
}

/** A link whose URL asks for it (`?hello=1`) gets a greeting first: the first message a page can time. */
function greet(peer, requestUrl) {
  if (new URL(requestUrl ?? '/', 'http://localhost').searchParams.get('hello') === '1') {
    peer.send(JSON.stringify({ type: 'bench.hello', payload: {} }));
  }
}

function handleCommand(peer, text, timers) {
  const command = parseCommand(text);
  if (command?.type === 'bench.flood') {
    flood(peer, command.payload);
  } else if (command?.type === 'bench.paced') {
    paced(peer, command.payload, timers);
  } else if (command?.type === 'ping') {
    peer.send(JSON.stringify({ type: 'pong', payload: command.payload }));
  }
}

/** Pre-built frames per number of types: the JSON is never built while flooding. */
const floodFrames = new Map();

function framesFor(types) {
  if (!floodFrames.has(types)) {
    floodFrames.set(types, Array.from({ length: types }, (_, index) => Buffer.from(floodEnvelope(index))));
  }
  return floodFrames.get(types);
}

function flood(peer, { count, types }) {
  const frames = framesFor(types);
  peer.sendMany((function* () {
    for (let i = 0; i < count; i++) {
      yield frames[i % types];
    }
  })());
}

/** Sends `count` ticks over `durationMs`, a few per timer turn, so they reach the page across many frames. */
function paced(peer, { count, durationMs }, timers) {
  const turnMs = 4;
  const perTurn = Math.max(1, Math.round((count * turnMs) / durationMs));
  let sent = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < perTurn && sent < count; i++, sent++) {
      peer.send(JSON.stringify({ type: 'tick', payload: { price: 100 + (sent % 50) / 10 } }));
    }
    if (sent >= count || !peer.isOpen()) {
      clearInterval(timer);
      timers.delete(timer);
    }
  }, turnMs);
  timers.add(timer);
}

function parseCommand(text) {
  try {
    const value = JSON.parse(text);
    return typeof value?.type === 'string' && typeof value.payload === 'object' ? value : null;
  } catch {
    return null;
  }
}
