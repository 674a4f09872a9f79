import { Agent, STATUS_CODES, createServer, request as httpRequest } from 'node:http';
import { createConnection } from 'node:net';

/**
 * What the proxy does with a WebSocket upgrade:
 * - `refuse`: answers `403 Forbidden` (a corporate proxy's policy page);
 * - `cut`: destroys the TCP connection without a word (antivirus software, some mobile networks);
 * - `pass`: forwards the handshake and then the bytes both ways, as a proxy that allows WebSockets.
 *
 * @typedef {'refuse' | 'cut' | 'pass'} UpgradeMode
 */

const MODES = ['refuse', 'cut', 'pass'];

/** Headers that describe one hop, not the message: never forwarded (RFC 9110, 7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/**
 * An HTTP proxy on 127.0.0.1 (a free port) in front of a server on 127.0.0.1, that blocks WebSockets the way
 * networks in the wild do, while plain HTTP passes: the page is loaded through it (its origin is the
 * proxy's), so every request of the page goes through it.
 *
 * Plain requests are forwarded as they come, in both directions and unbuffered: each chunk of a streaming
 * response (Server-Sent Events) is written to the client as soon as it arrives from the server, and each
 * chunk of a request body to the server; the client aborting a request aborts it upstream, and a response
 * the server breaks off (it crashed or restarted) is broken off at the client too, so neither side hears of
 * a link the other has lost. A server that is down is answered with `502` naming the cause.
 *
 * `setMode()` applies to the upgrades that come next; WebSockets already passed stay up (a proxy's policy
 * changes for new connections). `close()` stops it and destroys every connection it holds.
 *
 * @param {{ upstreamPort: number | (() => number), mode?: UpgradeMode }} options
 *   `upstreamPort`: the server's port, or a function read at each connection (the server may start after the
 *   proxy, e.g. when it must know the proxy's origin).
 */
export async function startBlockingProxy({ upstreamPort, mode = 'refuse' }) {
  assertMode(mode);
  const portOf = typeof upstreamPort === 'function' ? upstreamPort : () => upstreamPort;
  let currentMode = mode;
  /** Every socket the proxy holds outside the HTTP server's own bookkeeping (upgraded and upstream ones). */
  const sockets = new Set();
  const track = (socket) => {
    if (!sockets.has(socket)) {
      // Once per socket: the keep-alive agent hands the same upstream socket to request after request.
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    return socket;
  };
  const counts = { requests: 0, refused: 0, cut: 0, passed: 0 };
  // Keep-alive to the server; Nagle off, so a small event is not held back waiting for an ACK.
  const agent = new Agent({ keepAlive: true });

  const server = createServer({ noDelay: true }, (request, response) => {
    counts.requests++;
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: portOf(),
        method: request.method,
        path: request.url,
        headers: endToEndHeaders(request.headers),
        agent,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.headers));
        response.flushHeaders(); // a stream's headers go out now, not with its first event
        answer.pipe(response); // chunk by chunk: pipe writes each chunk on as it comes
        // The server broke the response off (crash, restart): break it off at the client too.
        answer.on('close', () => answer.complete || response.destroy());
      },
    );
    upstream.on('socket', (socket) => {
      socket.setNoDelay(true);
      track(socket);
    });
    upstream.on('error', (error) => {
      if (!response.headersSent) {
        const text = `blocking proxy: the server at 127.0.0.1:${portOf()} cannot be reached (${error.code ?? error.message})`;
        response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
      } else {
        response.destroy();
      }
    });
    request.pipe(upstream);
    // The client went away (fetch aborted, page closed) before the exchange was over: tell the server.
    response.on('close', () => {
      if (!response.writableFinished) {
        upstream.destroy();
      }
    });
  });

  server.on('upgrade', (request, client, head) => {
    track(client);
    client.on('error', () => client.destroy());
    if (currentMode === 'refuse') {
      counts.refused++;
      const text = 'blocking proxy: WebSocket upgrades are not allowed here';
      client.end(
        `HTTP/1.1 403 ${STATUS_CODES[403]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
      );
    } else if (currentMode === 'cut') {
      counts.cut++;
      client.destroy();
    } else {
      counts.passed++;
      passUpgrade(request, client, head, portOf(), track);
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    /** The origin pages loaded through the proxy have, e.g. `http://127.0.0.1:41234`. */
    origin,
    /** How many plain requests it forwarded, and upgrades it refused, cut and passed. */
    counts,
    get mode() {
      return currentMode;
    },
    /** @param {UpgradeMode} next */
    setMode(next) {
      assertMode(next);
      currentMode = next;
    },
    /** Stops listening and destroys every connection, upgraded or not, on both sides. */
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
        for (const socket of sockets) {
          socket.destroy();
        }
        agent.destroy();
      });
    },
  };
}

/** Sends the handshake on to the server as it came, then pipes the bytes both ways until either side ends. */
function passUpgrade(request, client, head, port, track) {
  const upstream = track(createConnection({ host: '127.0.0.1', port, noDelay: true }));
  client.setNoDelay(true);
  upstream.once('connect', () => {
    const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) {
      upstream.write(head);
    }
    upstream.pipe(client);
    client.pipe(upstream);
  });
  const end = () => {
    client.destroy();
    upstream.destroy();
  };
  upstream.on('error', end);
  upstream.on('close', end);
  client.on('close', end);
}

function endToEndHeaders(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

function assertMode(mode) {
  if (!MODES.includes(mode)) {
    throw new Error(`blocking proxy: mode must be one of ${MODES.map((name) => `'${name}'`).join(', ')}, got ${JSON.stringify(mode)}`);
  }
}
