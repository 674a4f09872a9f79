import { FakeWebSocket } from '../../../testing/src/fake-web-socket';
import { ManualClock } from '../../../testing/src/manual-clock';
import { resolveReconnectPolicy } from '../connection/backoff';
import { SocketConnection } from '../connection/socket-connection';
import type { TransportKind } from '../connection/web-socket-like';
import { WebSocketArgumentError } from '../errors/argument-error';
import { FallbackSocket } from './fallback-socket';
import { createHttpFallback, resolveHttpFallbackTimes } from './http-fallback';

const URL = 'ws://app.localhost/ws?token=secret';
const WS_BOUND = 4_000;
const PROBE_EVERY = 30_000;

type FakeSocket = FakeWebSocket & { readonly transport: TransportKind };

/**
 * A connection with the HTTP fallback, each transport played by a fake socket, so the test decides what
 * each attempt meets. The real HTTP socket has its own spec; here the choice between transports is tested.
 */
function connectionWithFallback({ first = 'websocket' as TransportKind, upgradeProbeMs = PROBE_EVERY as number | null } = {}) {
  const clock = new ManualClock(1_000);
  const sockets: FakeSocket[] = [];
  const remembered: TransportKind[] = [];
  let preferred = first;
  const fake = (transport: TransportKind) => (url: string) => {
    const socket = Object.assign(new FakeWebSocket(url, { sent() {}, discarded() {}, closedByApp() {} }), { transport });
    sockets.push(socket);
    return socket;
  };
  const connection = new SocketConnection(
    {
      url: URL,
      clock,
      random: () => 1, // the full backoff ceiling, so "no wait" and "waited" are far apart
      reconnect: resolveReconnectPolicy({ baseDelayMs: 1_000, maxDelayMs: 30_000 }),
      httpFallback: {},
    },
    {
      // The part as createHttpFallback makes it, with fakes for both transports and the memory in the test.
      httpFallback: () => (url, protocols) =>
        new FallbackSocket(url, protocols, {
          factories: { websocket: fake('websocket'), http: fake('http') },
          clock,
          first: preferred,
          webSocketTimeoutMs: WS_BOUND,
          upgradeProbeMs,
          opened: (transport) => {
            preferred = transport;
            remembered.push(transport);
          },
        }),
    },
  );
  const last = () => sockets[sockets.length - 1];
  const kinds = () => sockets.map((socket) => socket.transport);
  return { connection, clock, sockets, last, kinds, remembered };
}

describe('HTTP fallback: choosing the transport', () => {
  it('goes to HTTP at once when the WebSocket is refused, and says so in stats', () => {
    const { connection, last, kinds, remembered } = connectionWithFallback();
    connection.connect();
    expect(kinds()).toEqual(['websocket']);
    last().fail();
    expect(kinds()).toEqual(['websocket', 'http']); // no backoff between the two
    expect(connection.state).toBe('connecting');
    expect(connection.stats.nextRetryAt).toBeNull();
    last().accept('');
    expect(connection.state).toBe('open');
    expect(connection.stats.transport).toBe('http');
    expect(remembered).toEqual(['http']);
    connection.dispose();
  });

  it('a WebSocket that neither opens nor fails (a proxy swallowing the upgrade) gives way to HTTP after its bound', () => {
    const { connection, clock, sockets, kinds } = connectionWithFallback();
    connection.connect();
    clock.advance(WS_BOUND - 1);
    expect(kinds()).toEqual(['websocket']);
    clock.advance(1);
    expect(kinds()).toEqual(['websocket', 'http']);
    expect(sockets[0].readyState).toBe(FakeWebSocket.CLOSED); // the swallowed socket is not left behind
    sockets[1].accept('');
    expect(connection.stats.transport).toBe('http');
    // A late open of the abandoned WebSocket changes nothing.
    expect(connection.state).toBe('open');
    connection.dispose();
  });

  it('backs off only when both transports failed, and reports each failure', () => {
    const { connection, clock, last, kinds } = connectionWithFallback();
    const errors: string[] = [];
    connection.errors$.subscribe((error) => errors.push(error.kind));
    connection.connect();
    last().fail();
    last().fail();
    expect(kinds()).toEqual(['websocket', 'http']);
    expect(connection.state).toBe('reconnecting');
    expect(connection.stats.nextRetryAt).toBe(clock.now() + 1_000);
    expect(errors).toEqual(['socket-error', 'socket-error']);
    clock.advance(1_000);
    expect(kinds()).toEqual(['websocket', 'http', 'websocket']); // nothing opened: WebSocket first again
    connection.dispose();
  });

  it('remembers HTTP: after a drop it reconnects over HTTP first, without trying the blocked WebSocket', () => {
    const { connection, clock, last, kinds } = connectionWithFallback();
    connection.connect();
    last().fail();
    last().accept('');
    last().closeFromServer(1001, 'server shutting down');
    expect(connection.state).toBe('reconnecting');
    clock.advance(1_000);
    expect(kinds()).toEqual(['websocket', 'http', 'http']);
    last().accept('');
    expect(connection.stats.transport).toBe('http');
    expect(connection.stats.reconnects).toBe(1);
    connection.dispose();
  });

  it('starts on the remembered transport, and tries WebSocket at once when HTTP fails first', () => {
    const { connection, last, kinds } = connectionWithFallback({ first: 'http' });
    connection.connect();
    last().fail();
    expect(kinds()).toEqual(['http', 'websocket']);
    last().accept('');
    expect(connection.stats.transport).toBe('websocket');
    connection.dispose();
  });

  it('over WebSocket nothing changes: no HTTP link, no probe timer', () => {
    const { connection, clock, last, kinds } = connectionWithFallback();
    connection.connect();
    last().accept('');
    expect(connection.stats.transport).toBe('websocket');
    expect(clock.pendingTimers).toBe(0);
    expect(kinds()).toEqual(['websocket']);
    connection.dispose();
  });
});

describe('HTTP fallback: moving back to WebSocket', () => {
  function onHttp(options?: { upgradeProbeMs?: number | null }) {
    const setup = connectionWithFallback(options);
    setup.connection.connect();
    setup.last().fail();
    setup.last().accept('');
    return setup;
  }

  it('probes a WebSocket every upgradeProbeMs, marked as a probe; a failed probe leaves the link alone', () => {
    const { connection, clock, last, kinds, sockets } = onHttp();
    clock.advance(PROBE_EVERY - 1);
    expect(kinds()).toEqual(['websocket', 'http']);
    clock.advance(1);
    expect(kinds()).toEqual(['websocket', 'http', 'websocket']);
    expect(last().url).toBe(`${URL}&nls-probe=1`);
    last().fail();
    expect(connection.state).toBe('open');
    expect(connection.stats.transport).toBe('http');
    clock.advance(PROBE_EVERY);
    expect(kinds()).toHaveLength(4); // the next probe
    // A probe that hangs is dropped after the WebSocket's bound; the HTTP link stays.
    clock.advance(WS_BOUND);
    expect(sockets[3].readyState).toBe(FakeWebSocket.CLOSED);
    expect(connection.state).toBe('open');
    connection.dispose();
  });

  it('when a probe opens: closes the probe, ends the HTTP link with 1000 "moving to WebSocket", reconnects on WebSocket', () => {
    const { connection, clock, last, sockets, kinds, remembered } = onHttp();
    const links: string[] = [];
    connection.links$.subscribe((event) => links.push(event));
    clock.advance(PROBE_EVERY);
    const probe = last();
    probe.accept('');
    expect(probe.readyState).toBe(FakeWebSocket.CLOSED);
    expect(sockets[1].readyState).toBe(FakeWebSocket.CLOSED); // the HTTP link
    expect(links).toEqual(['dropped']);
    expect(connection.state).toBe('reconnecting');
    expect(connection.stats.lastCloseCode).toBe(1000);
    expect(connection.stats.lastCloseReason).toBe('moving to WebSocket');
    expect(remembered).toEqual(['http', 'websocket']);
    clock.advance(1_000);
    expect(kinds()).toEqual(['websocket', 'http', 'websocket', 'websocket']);
    last().accept('');
    expect(links).toEqual(['dropped', 'open']);
    expect(connection.stats.transport).toBe('websocket');
    expect(last().url).toBe(URL); // a real link, not a probe
    connection.dispose();
  });

  it('with upgradeProbeMs null it stays on HTTP', () => {
    const { connection, clock, kinds } = onHttp({ upgradeProbeMs: null });
    expect(clock.pendingTimers).toBe(0);
    clock.advance(10 * PROBE_EVERY);
    expect(kinds()).toEqual(['websocket', 'http']);
    connection.dispose();
  });

  it('stops probing when the link drops or the app closes', () => {
    const { connection, clock, last } = onHttp();
    last().closeFromServer(1001, 'going away');
    connection.close();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('HTTP fallback options', () => {
  it('default to a 4 s WebSocket bound and a 30 s probe, and refuse bad values by name', () => {
    expect(resolveHttpFallbackTimes({})).toEqual({ webSocketTimeoutMs: 4_000, upgradeProbeMs: 30_000 });
    expect(resolveHttpFallbackTimes({ upgradeProbeMs: null }).upgradeProbeMs).toBeNull();
    expect(() => resolveHttpFallbackTimes({ webSocketTimeoutMs: 0 })).toThrow(WebSocketArgumentError);
    expect(() => resolveHttpFallbackTimes({ webSocketTimeoutMs: 0 })).toThrow(/httpFallback\.webSocketTimeoutMs/);
    expect(() => resolveHttpFallbackTimes({ upgradeProbeMs: -5 })).toThrow(/httpFallback\.upgradeProbeMs/);
    expect(() => resolveHttpFallbackTimes({ upgradeProbeMs: Number.NaN })).toThrow(WebSocketArgumentError);
  });

  it('refuse a WebSocket bound that leaves HTTP no time within the connect timeout', () => {
    const clock = new ManualClock(0);
    const make = (options: Parameters<typeof createHttpFallback>[0]) => () => createHttpFallback({ ...options }, () => new FakeWebSocket(URL, { sent() {}, discarded() {}, closedByApp() {} }), clock);
    expect(make({ httpFallback: { webSocketTimeoutMs: 10_000 } })).toThrow(/webSocketTimeoutMs.*connectTimeoutMs \(10000 ms\)/);
    expect(make({ httpFallback: {}, connectTimeoutMs: 3_000 })).toThrow(WebSocketArgumentError);
    expect(make({ httpFallback: { webSocketTimeoutMs: 10_000 }, connectTimeoutMs: 20_000 })).not.toThrow();
    expect(make({ httpFallback: {} })).not.toThrow(); // 4 s within the default 10 s
  });
});
