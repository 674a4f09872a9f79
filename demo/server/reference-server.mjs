import { STATUS_CODES, createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { channelsFeature } from './channels.mjs';
import { chatFeature } from './chat.mjs';
import { Connection } from './connection.mjs';
import { Connections } from './connections.mjs';
import { counterFeature } from './counter.mjs';
import { debugFeature } from './debug.mjs';
import { Dispatcher } from './dispatcher.mjs';
import { echoFeature } from './echo.mjs';
import { resolveLimits } from './limits.mjs';
import { createOriginPolicy } from './origin-policy.mjs';
import { pingFeature } from './ping.mjs';
import { presenceFeature } from './presence.mjs';
import { TokenBucket } from './rate-limiter.mjs';
import { createStaticHandler } from './static-files.mjs';
import { deliveryFeature } from './delivery/delivery-feature.mjs';
import { Journal, NO_JOURNAL } from './delivery/journal.mjs';
import { SessionStore, compactSessionEvents } from './delivery/sessions.mjs';
import { testStreamsFeature } from './test-streams.mjs';
import { LocalBackplane } from './scale/local-backplane.mjs';
import { RedisBackplane } from './scale/redis-backplane.mjs';
import { RedisSessionStore } from './scale/redis-sessions.mjs';
import { redisTestStreamsFeature } from './scale/redis-test-streams.mjs';
import { fenceConnection } from './delivery/session-fence.mjs';
import { createHttpEndpoints } from './http-link/http-endpoints.mjs';

/** The WebSocket endpoint's path, on the same port as the app. */
export const SOCKET_PATH = '/ws';

/** Health of this instance as JSON: 200, or 503 while its Redis is down. */
export const HEALTH_PATH = '/health';

/** Policy violation: the close code a client gets for sending too fast. */
const CLOSE_POLICY_VIOLATION = 1008;
/** Going away: the close code every client gets when the server shuts down (clients reconnect). */
const CLOSE_GOING_AWAY = 1001;
/** The query parameter that marks a WebSocket as an upgrade probe of a client on the HTTP transport. */
const PROBE_PARAMETER = 'nls-probe';

/**
 * @typedef {object} ReferenceServerOptions
 * @property {string} [host]            default 127.0.0.1
 * @property {number} [port]            default 0: a free port
 * @property {string} [staticDir]       the built demo app; without it HTTP answers 404
 * @property {string[] | null} [allowedOrigins]  see origin-policy.mjs; default: own origin + loopback pages
 * @property {Partial<import('./limits.mjs').Limits>} [limits]
 * @property {number} [shutdownGraceMs] how long close() waits for clients to answer the 1001 close frame
 * @property {string} [stateFile]       journal of delivery sessions (and test streams): survives restarts
 * @property {boolean} [testStreams]    enable the test.* traffic generators (test-streams.mjs)
 * @property {string} [redisUrl]        share fan-out, counter, chat history, presence and delivery sessions
 *                                      with every other instance on this Redis (scale/*.mjs); excludes stateFile
 * @property {number} [httpKeepaliveMs] how often an idle HTTP link's stream gets a keepalive comment; default 15 s
 */

/**
 * The reference server: serves the built demo app over HTTP and speaks the library's default protocol on
 * `/ws`, all on one port. Features (counter, presence, chat, channels, ping, ...) register their message
 * types with one {@link Dispatcher}; the limits guard every connection before a feature sees a frame.
 *
 * @param {ReferenceServerOptions} [options]
 */
export async function startReferenceServer({
  host = '127.0.0.1',
  port = 0,
  staticDir,
  allowedOrigins = null,
  limits: limitOverrides,
  shutdownGraceMs = 1_000,
  stateFile,
  testStreams = false,
  redisUrl,
  httpKeepaliveMs,
} = {}) {
  const limits = resolveLimits(limitOverrides);
  if (redisUrl && stateFile) {
    throw new Error('give either redisUrl (REDIS_URL: sessions live in Redis) or stateFile (STATE_FILE: sessions in a local journal), not both');
  }
  const connections = new Connections();
  // Shared state: in this process (the default), or in Redis, shared with every other instance.
  const backplane = redisUrl ? await RedisBackplane.start(redisUrl) : new LocalBackplane();
  // Delivery sessions: in Redis; or in memory, journaled to stateFile when given so they survive a restart.
  const { journal, events } = stateFile ? Journal.open(stateFile, compactSessionEvents) : { journal: NO_JOURNAL, events: [] };
  const sessions = redisUrl ? new RedisSessionStore({ redis: backplane.redis, backplane }) : new SessionStore({ log: journal, events });
  if (sessions instanceof RedisSessionStore) {
    // The client resumed on another instance: its old link here is stale; tell it to go elsewhere.
    sessions.on('fenced', (session) => {
      for (const connection of connections) {
        if (connection.session === session) fenceConnection(connection);
      }
    });
  }
  const streams = !testStreams
    ? null
    : sessions instanceof RedisSessionStore
      ? redisTestStreamsFeature({ redis: backplane.redis, sessions })
      : testStreamsFeature({ log: journal, events, sessions });
  const dispatcher = new Dispatcher()
    .use(deliveryFeature({ sessions }))
    .use(pingFeature())
    .use(echoFeature())
    .use(debugFeature())
    .use(counterFeature({ connections, backplane }))
    .use(presenceFeature({ connections, backplane }))
    .use(chatFeature({ limits, backplane }))
    .use(channelsFeature({ limits, backplane }));
  if (streams !== null) {
    dispatcher.use(streams);
  }

  const serveStatic = staticDir ? createStaticHandler(staticDir) : (_request, response) => response.writeHead(404).end();
  const http = createServer((request, response) => {
    if (request.url === HEALTH_PATH) {
      // For load balancers and operators: is this instance up, and is its Redis (when it has one)?
      const health = { ...backplane.health(), connections: connections.size, shuttingDown };
      response.writeHead(health.redis === 'down' ? 503 : 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(health));
      return;
    }
    if (httpLinks.handles(request)) {
      httpLinks.handle(request, response);
      return;
    }
    serveStatic(request, response).catch((error) => {
      console.error('reference server: serving a file failed:', error);
      response.headersSent ? response.destroy() : response.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });

  let shuttingDown = false;
  /** Set once listening, when the server's own origin (with the actual port) is known. */
  let acceptsOrigin = (_originHeader) => false;
  /** Resolves once the last connection is gone during a shutdown. */
  let lastConnectionGone = () => {};
  /** Upgrade probes whose close handshake is still going: cut at shutdown, so none holds the process. */
  const probes = new Set();

  /**
   * What refuses a client before it is a connection, alike for a WebSocket handshake and an HTTP link:
   * `endpoint` names the transport in the 404 text.
   */
  const refusalOf = (request, endpoint) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (shuttingDown) {
      return { status: 503, message: 'the server is shutting down; try again in a moment' };
    }
    if (pathname !== SOCKET_PATH) {
      return { status: 404, message: `there is no ${endpoint} endpoint at ${pathname}; use ${SOCKET_PATH}` };
    }
    if (!acceptsOrigin(request.headers.origin)) {
      return { status: 403, message: `origin ${request.headers.origin} is not allowed here; list it in ALLOWED_ORIGINS` };
    }
    return undefined;
  };

  /**
   * Makes a client a connection: a WebSocket, or an HTTP link (http-link/http-link.mjs), which looks like one.
   *
   * @param {import('ws').WebSocket | import('./http-link/http-link.mjs').HttpLink} socket
   */
  const accept = (socket) => {
    const connection = new Connection(socket);
    const bucket = new TokenBucket({ perSecond: limits.messagesPerSecond, burst: limits.messageBurst });
    connections.add(connection);
    socket.on('message', (data, isBinary) => {
      if (!connection.isOpen) {
        return; // closing (over the limit, shutting down): nothing more is handled
      }
      if (!bucket.take()) {
        connection.close(CLOSE_POLICY_VIOLATION, `rate limit: at most ${limits.messagesPerSecond} messages/s (burst ${limits.messageBurst})`);
        return;
      }
      dispatcher.receive(connection, data, isBinary);
    });
    // `ws` reports protocol violations (e.g. a frame over maxPayload: close 1009) here, then closes the socket.
    socket.on('error', () => {});
    socket.on('close', () => {
      connections.delete(connection);
      dispatcher.disconnected(connection);
      if (connections.size === 0) {
        lastConnectionGone();
      }
    });
    dispatcher.connected(connection);
  };

  const httpLinks = createHttpEndpoints({
    socketPath: SOCKET_PATH,
    refusalOf,
    acceptsOrigin: (originHeader) => acceptsOrigin(originHeader),
    accept,
    maxPayloadBytes: limits.maxPayloadBytes,
    keepaliveMs: httpKeepaliveMs,
  });

  http.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refusal = refusalOf(request, 'WebSocket');
    if (refusal !== undefined) {
      refuseHandshake(socket, refusal.status, refusal.message);
    } else if (new URL(request.url ?? '/', 'http://localhost').searchParams.get(PROBE_PARAMETER) === '1') {
      // A client on the HTTP transport checks whether WebSocket gets through now: answer, then close at once,
      // without it ever being a connection (no presence, no dispatcher).
      sockets.handleUpgrade(request, socket, head, (probe) => {
        probes.add(probe);
        probe.on('error', () => {}); // a probe that misbehaves is simply cut
        probe.once('close', () => probes.delete(probe));
        probe.close(1000, 'probe');
      });
    } else {
      sockets.handleUpgrade(request, socket, head, accept);
    }
  });

  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const actualPort = http.address().port;
  const origin = `${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  acceptsOrigin = createOriginPolicy({ ownOrigin: `http://${origin}`, allowedOrigins });

  return {
    port: actualPort,
    url: `http://${origin}/`,
    socketUrl: `ws://${origin}${SOCKET_PATH}`,
    /** Where HTTP links open (GET) and send (POST): the socket's URL over http. */
    httpLinkUrl: `http://${origin}${SOCKET_PATH}`,
    limits,
    /** The backplane's state (memory or Redis, and whether Redis is reachable). */
    health: () => backplane.health(),
    /** How many clients are connected now. */
    get connectionCount() {
      return connections.size;
    },
    /**
     * Graceful shutdown: refuses new handshakes, closes every socket with 1001 "going away" (clients
     * reconnect), gives them `shutdownGraceMs` to answer, cuts the rest, and stops listening.
     */
    async close() {
      shuttingDown = true;
      const stopped = new Promise((resolve) => http.close(resolve));
      if (connections.size > 0) {
        const allGone = new Promise((resolve) => (lastConnectionGone = resolve));
        for (const connection of connections) {
          connection.close(CLOSE_GOING_AWAY, 'server shutting down');
        }
        const grace = new Promise((resolve) => setTimeout(resolve, shutdownGraceMs).unref());
        await Promise.race([allGone, grace]);
        for (const connection of connections) {
          connection.terminate();
        }
      }
      for (const probe of probes) {
        probe.terminate();
      }
      streams?.stop();
      journal.close();
      if (sessions instanceof RedisSessionStore) sessions.close();
      await backplane.close();
      sockets.close();
      http.closeAllConnections();
      await stopped;
    },
  };
}

/** Answers a handshake we will not upgrade with a plain HTTP error that says why. */
function refuseHandshake(socket, status, message) {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}
