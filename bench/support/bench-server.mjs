import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { floodEnvelope } from './flood-envelope.mjs';

/**
 * The local server the browser benchmarks talk to, on 127.0.0.1 and a free port: it serves the bench pages
 * and bundles from memory, and on its WebSocket answers two commands (default-codec envelopes, so every
 * contender can send them):
 *
 * - `{"type":"bench.flood","payload":{"count":N,"types":K}}`: N pre-built envelopes, types `t0`..`t(K-1)`
 *   in turn, handed to the socket as fast as it takes them (the browser is the bottleneck);
 * - `{"type":"bench.paced","payload":{"count":N,"durationMs":D}}`: N `tick` envelopes spread evenly over D ms;
 * - `{"type":"ping","payload":...}`: a `pong` with the same payload, as the reference server answers, so a
 *   client's heartbeat keeps a page's link up while it waits for its next flood.
 *
 * Everything else (subscribe messages of the contenders) is ignored. `close()` stops it; nothing outlives it.
 *
 * @param {Record<string, { type: string, body: string }>} files  path -> content served over HTTP
 */
export async function startBenchServer(files) {
  const http = createServer((request, response) => {
    const file = files[new URL(request.url, 'http://localhost').pathname];
    if (file === undefined) {
      response.writeHead(404).end();
    } else {
      response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
    }
  });
  const sockets = new WebSocketServer({ server: http, path: '/ws' });
  const timers = new Set();
  sockets.on('connection', (socket) => {
    socket.on('message', (data) => {
      const command = parseCommand(data.toString());
      if (command?.type === 'bench.flood') {
        flood(socket, command.payload);
      } else if (command?.type === 'bench.paced') {
        paced(socket, command.payload, timers);
      } else if (command?.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong', payload: command.payload }));
      }
    });
  });
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', resolve);
  });
  const { port } = http.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    socketUrl: `ws://127.0.0.1:${port}/ws`,
    close: () =>
      new Promise((resolve) => {
        timers.forEach((timer) => clearInterval(timer));
        sockets.clients.forEach((client) => client.terminate());
        sockets.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

/** Pre-built frames per number of types: the JSON is never built while flooding. */
const floodFrames = new Map();

function framesFor(types) {
  if (!floodFrames.has(types)) {
    floodFrames.set(types, Array.from({ length: types }, (_, index) => Buffer.from(floodEnvelope(index))));
  }
  return floodFrames.get(types);
}

function flood(socket, { count, types }) {
  const frames = framesFor(types);
  // Corked, the frames leave in large TCP writes instead of one tiny write each: the server keeps ahead.
  // (`_socket` is the net.Socket under a ws WebSocket; ws has no cork of its own.)
  const tcp = socket._socket;
  tcp.cork();
  for (let i = 0; i < count; i++) {
    socket.send(frames[i % types], { binary: false });
  }
  tcp.uncork();
}

/** Sends `count` ticks over `durationMs`, a few per timer turn, so they reach the page across many frames. */
function paced(socket, { count, durationMs }, timers) {
  const turnMs = 4;
  const perTurn = Math.max(1, Math.round((count * turnMs) / durationMs));
  let sent = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < perTurn && sent < count; i++, sent++) {
      socket.send(JSON.stringify({ type: 'tick', payload: { price: 100 + (sent % 50) / 10 } }));
    }
    if (sent >= count) {
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
