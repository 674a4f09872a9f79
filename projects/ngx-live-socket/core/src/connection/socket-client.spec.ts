import { Subject } from 'rxjs';
import { FakeServer } from '../../../../../tests/support/fake-server';
import { ManualClock } from '../../../testing/src/manual-clock';
import { WebSocketArgumentError } from '../errors/argument-error';
import { resolveReconnectPolicy, type ReconnectOptions } from './backoff';
import type { ConnectionState } from './connection-state';
import type { ConnectivityEvent } from './connectivity-events';
import { resolveHeartbeatPolicy } from '../heartbeat/heartbeat';
import { SocketClient, type SocketClientOptions } from './socket-client';
import type { WebSocketError } from '../errors/web-socket-error';
import { globalWebSocketFactory } from './web-socket-factory';

const URL_ = 'ws://localhost:8080/live';
/** How long the test's server takes to answer a handshake or a ping, where a test wants a round trip. */
const ROUND_TRIP_MS = 4;
const PONG = '{"type":"pong"}';

/** Lets promise callbacks run (an async url factory, an async auth hook); the client's clock does not move. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('SocketClient', () => {
  let clock: ManualClock;
  let server: FakeServer;
  let states: ConnectionState[];
  let errors: WebSocketError[];
  let clients: SocketClient[];
  let connectivity: Subject<ConnectivityEvent>;

  /** Records how long each scheduled reconnect will wait, measured when it is scheduled. */
  function recordRetryWaits(client: SocketClient): number[] {
    const waits: number[] = [];
    let last: number | null = null;
    client.stats$.subscribe(({ nextRetryAt }) => {
      if (nextRetryAt !== null && nextRetryAt !== last) {
        waits.push(nextRetryAt - clock.now());
      }
      last = nextRetryAt;
    });
    return waits;
  }

  function createClient(options: Partial<SocketClientOptions> & { reconnectOptions?: ReconnectOptions } = {}): SocketClient {
    const { reconnectOptions, ...rest } = options;
    const client = new SocketClient({
      url: URL_,
      webSocketFactory: server.factory,
      clock,
      random: () => 0.5,
      reconnect: resolveReconnectPolicy(reconnectOptions),
      connectivity: (listener) => {
        const subscription = connectivity.subscribe(listener);
        return () => subscription.unsubscribe();
      },
      ...rest,
    });
    client.state$.subscribe((state) => states.push(state));
    client.errors$.subscribe((error) => errors.push(error));
    clients.push(client);
    return client;
  }

  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
    server = new FakeServer(clock);
    states = [];
    errors = [];
    clients = [];
    connectivity = new Subject();
  });

  afterEach(() => clients.forEach((client) => client.dispose()));

  it('connects, delivers frames both ways, and tells its state', () => {
    const client = createClient();
    const received: unknown[] = [];
    client.messages$.subscribe((data) => received.push(data));
    expect(client.state).toBe('idle');
    const connectedAt = clock.now();
    client.connect();
    expect(client.state).toBe('connecting');
    clock.advance(ROUND_TRIP_MS);
    const connection = server.accept();
    expect(client.state).toBe('open');
    expect(client.send('hello')).toBe(true);
    expect(connection.sent.map((frame) => frame.data)).toEqual(['hello']);
    connection.deliver('echo:hello');
    expect(received).toEqual(['echo:hello']);
    expect(states).toEqual(['idle', 'connecting', 'open']);
    expect(client.stats.openedAt).toBe(connectedAt + ROUND_TRIP_MS);
  });

  it('connect() is a no-op while connecting or open', () => {
    const client = createClient();
    client.connect();
    client.connect();
    server.accept();
    client.connect();
    expect(server.urls).toHaveLength(1);
  });

  it('reconnects after the server drops the link, waiting a full-jitter delay, and counts the reconnect', () => {
    const client = createClient({ random: () => 0.5 });
    const waits = recordRetryWaits(client);
    client.connect();
    server.accept().close(1001, 'going away');
    expect(client.state).toBe('reconnecting');
    expect(client.stats).toMatchObject({ lastCloseCode: 1001, lastCloseReason: 'going away', failedAttempts: 1 });
    // attempt 0: window [0, 750) ms, random 0.5 -> 375 ms.
    expect(waits).toEqual([375]);
    clock.advance(374);
    expect(server.urls).toHaveLength(1);
    clock.advance(1);
    expect(server.urls).toHaveLength(2);
    server.accept();
    expect(client.state).toBe('open');
    expect(client.stats.reconnects).toBe(1);
    expect(states).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open']);
  });

  it('grows the backoff window on consecutive failures while the server is down', () => {
    const client = createClient({ random: () => 0.999_999 });
    const waits = recordRetryWaits(client);
    client.connect();
    server.accept();
    server.goDown();
    clock.advance(120_000);
    expect(waits.slice(0, 7)).toEqual([749, 1_499, 2_999, 5_999, 9_999, 9_999, 9_999]);
    expect(client.state).toBe('reconnecting');
  });

  it('resets the attempt count once a connection stayed up stableAfterMs', () => {
    const client = createClient({ reconnectOptions: { stableAfterMs: 5_000 }, random: () => 0 });
    client.connect();
    server.accept().close(1011);
    clock.advance(0); // random 0: the retry is due at once
    server.accept().close(1011);
    expect(client.stats.failedAttempts).toBe(2);
    clock.advance(0);
    server.accept();
    expect(client.state).toBe('open');
    clock.advance(4_999);
    server.latest.close(1011);
    expect(client.stats.failedAttempts).toBe(3); // up 4999 ms: not stable yet
    clock.advance(0);
    server.accept();
    clock.advance(5_000);
    server.latest.close(1011);
    expect(client.stats.failedAttempts).toBe(1);
  });

  it('does not reconnect after the app closes, and records the app close code', () => {
    const client = createClient();
    client.connect();
    const connection = server.accept();
    client.close(4000, 'bye');
    expect(client.state).toBe('closed');
    expect(connection.closedByApp).toEqual({ code: 4000, reason: 'bye' });
    clock.advance(60_000);
    expect(client.state).toBe('closed');
    expect(client.stats).toMatchObject({ lastCloseCode: 4000, lastCloseReason: 'bye' });
    expect(server.connections).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects a bad close code or reason at once and stays connected', () => {
    const client = createClient();
    client.connect();
    const connection = server.accept();
    expect(() => client.close(1006)).toThrow(WebSocketArgumentError);
    expect(() => client.close(1000, 'x'.repeat(124))).toThrow('invalid close reason');
    expect(client.state).toBe('open');
    expect(connection.state).toBe('open');
  });

  it.each([1008, 4401, 4403])('does not retry a policy/auth close (%i) without an onAuthFailure hook', (code) => {
    const client = createClient();
    client.connect();
    server.accept().close(code, 'token expired');
    clock.advance(60_000);
    expect(client.state).toBe('closed');
    expect(server.connections).toHaveLength(1);
    expect(errors.map((e) => e.kind)).toEqual(['auth-refused']);
    expect(errors[0].message).toContain(`close ${code} "token expired"`);
  });

  it('retries a 4401 when onAuthFailure refreshes credentials; the async url factory supplies the new token', async () => {
    let token = 'old';
    const onAuthFailure = jest.fn(async () => {
      token = 'fresh';
      return true;
    });
    const client = createClient({
      url: async () => `${URL_}?token=${token}`,
      reconnectOptions: { onAuthFailure },
      random: () => 0,
    });
    client.connect();
    await settle();
    server.accept();
    expect(client.state).toBe('open');
    server.latest.close(4401, 'expired');
    await settle();
    expect(onAuthFailure).toHaveBeenCalledWith(expect.objectContaining({ code: 4401, reason: 'expired' }));
    clock.advance(0); // random 0: the retry the hook allowed is due at once
    await settle();
    expect(server.urls).toEqual([`${URL_}?token=old`, `${URL_}?token=fresh`]);
    server.accept();
    expect(client.state).toBe('open');
  });

  it('stays closed when onAuthFailure declines, and reports a hook that throws', async () => {
    const declining = createClient({ reconnectOptions: { onAuthFailure: () => false } });
    declining.connect();
    server.accept().close(4403);
    await settle();
    expect(declining.state).toBe('closed');

    const throwing = createClient({
      reconnectOptions: {
        onAuthFailure: () => {
          throw new Error('refresh endpoint down');
        },
      },
    });
    throwing.connect();
    server.accept().close(1008);
    await settle();
    expect(throwing.state).toBe('closed');
    expect(errors.map((e) => e.kind)).toEqual(['auth-refused', 'hook-failed']);
    expect(errors[1].message).toContain('refresh endpoint down');
  });

  it('waits out a retry-after hint from a 1013 close before reconnecting', () => {
    const client = createClient({ random: () => 0 });
    client.connect();
    server.accept().close(1013, 'overloaded; retry-after=5');
    clock.advance(4_999);
    expect(server.urls).toHaveLength(1);
    clock.advance(1);
    expect(server.urls).toHaveLength(2);
    server.accept();
    expect(client.state).toBe('open');
  });

  it.each([
    ['after an open link drops: 3 reconnect attempts', true, 1 + 3],
    ['when the server is down from the start: 3 attempts, the first one included', false, 3],
  ])('maxAttempts 3 gives up and says so %s', (_, serverUp, sockets) => {
    if (!serverUp) {
      server.goDown();
    }
    const client = createClient({ reconnectOptions: { maxAttempts: 3 } });
    client.connect();
    if (serverUp) {
      server.accept();
    }
    server.goDown();
    clock.advance(60_000);
    expect(client.state).toBe('closed');
    expect(server.urls).toHaveLength(sockets);
    expect(errors.at(-1)).toMatchObject({ kind: 'gave-up', message: expect.stringContaining('3 consecutive attempts failed (maxAttempts 3)') });
    expect(clock.pendingTimers).toBe(0);
  });

  it('without reconnect, a dropped link stays closed', () => {
    const client = createClient({ reconnect: null });
    client.connect();
    server.accept().close(1001);
    clock.advance(60_000);
    expect(client.state).toBe('closed');
    expect(server.connections).toHaveLength(1);
  });

  it('abandons a handshake that hangs after connectTimeoutMs and retries', () => {
    const client = createClient({ connectTimeoutMs: 3_000, random: () => 0 });
    client.connect(); // the server never answers the handshake
    clock.advance(2_999);
    expect(errors).toEqual([]);
    expect(server.latest.closedByApp).toBeNull();
    clock.advance(1);
    expect(errors.map((e) => e.kind)).toEqual(['connect-timeout']);
    expect(server.connections[0].closedByApp).not.toBeNull();
    expect(client.state).toBe('reconnecting');
    expect(server.connections).toHaveLength(2); // random 0: the retry starts in the same instant
  });

  it('calls the url factory on every attempt and retries when it rejects or returns a bad url', async () => {
    const results: Array<() => Promise<string>> = [
      () => Promise.reject(new Error('token service down')),
      () => Promise.resolve('ftp://nope'),
      () => Promise.resolve(URL_),
    ];
    const url = jest.fn(() => results.shift()!());
    const client = createClient({ url, random: () => 0 });
    client.connect();
    for (let attempt = 0; attempt < 3; attempt++) {
      await settle(); // the url factory's promise settles
      clock.advance(0); // random 0: a failed attempt's retry is due at once
    }
    expect(url).toHaveBeenCalledTimes(3);
    expect(errors.map((e) => e.kind)).toEqual(['url-failed', 'url-failed']);
    expect(errors[0].message).toContain('token service down');
    expect(errors[1].message).toContain('has scheme ftp:');
    server.accept();
    expect(client.state).toBe('open');
  });

  it('throws at construction for an invalid static url or subprotocol, naming it', () => {
    expect(() => createClient({ url: 'http//:broken' })).toThrow('invalid url');
    expect(() => createClient({ url: 'ftp://x' })).toThrow(WebSocketArgumentError);
    expect(() => createClient({ protocols: ['chat', 'chat'] })).toThrow('invalid protocols: "chat" is listed twice.');
    expect(() => createClient({ protocols: 'two words' })).toThrow('invalid protocols');
    expect(() => createClient({ connectTimeoutMs: 0 })).toThrow('invalid connectTimeoutMs');
  });

  it('while waiting for a backoff delay, going offline keeps the delay and spends no attempt; going online retries at once', () => {
    const client = createClient({ random: () => 0.999_999, reconnectOptions: { baseDelayMs: 20_000, maxDelayMs: 30_000 } });
    client.connect();
    server.accept().error(); // the link fails: close 1006, not clean
    expect(client.stats.lastCloseCode).toBe(1006);
    const { nextRetryAt, failedAttempts } = client.stats;
    expect(nextRetryAt! - clock.now()).toBeGreaterThan(19_000);
    connectivity.next('offline');
    clock.advance(1_000);
    expect(server.urls).toHaveLength(1);
    expect(client.stats).toMatchObject({ nextRetryAt, failedAttempts });
    expect(client.state).toBe('reconnecting');
    connectivity.next('online');
    expect(server.urls).toHaveLength(2);
    server.accept();
    expect(client.state).toBe('open');
  });

  it('stats.protocol is the subprotocol the server chose while open, null otherwise', () => {
    const client = createClient({ protocols: ['v1.chat', 'v2.chat'] });
    expect(client.stats.protocol).toBeNull();
    client.connect();
    expect(server.latest.protocols).toEqual(['v1.chat', 'v2.chat']);
    server.accept('v2.chat');
    expect(client.stats.protocol).toBe('v2.chat');
    client.close();
    expect(client.stats.protocol).toBeNull();
  });

  it.each([
    ['the page becoming visible', 'visible'],
    ['going offline (the link is probably dead)', 'offline'],
  ] as const)('%s pings an open link at once (liveness check)', (_, event) => {
    const client = createClient({ heartbeat: resolveHeartbeatPolicy({ intervalMs: 60_000 }) });
    client.connect();
    const connection = server.accept();
    connectivity.next(event);
    expect(connection.sent).toHaveLength(1);
    expect(connection.sent[0].json).toMatchObject({ type: 'ping' });
    clock.advance(ROUND_TRIP_MS);
    connection.deliver(PONG);
    expect(client.stats.lastRttMs).toBe(ROUND_TRIP_MS);
  });

  describe('heartbeat', () => {
    it('keeps pongs off messages$ and records the round trip', () => {
      const client = createClient({ heartbeat: resolveHeartbeatPolicy({ intervalMs: 1_000, timeoutMs: 1_000 }) });
      const received: unknown[] = [];
      client.messages$.subscribe((data) => received.push(data));
      client.connect();
      const connection = server.accept();
      clock.advance(999);
      expect(connection.sent).toEqual([]);
      clock.advance(1);
      expect(connection.expectSent('ping').payload).toEqual({ t: clock.now() });
      clock.advance(ROUND_TRIP_MS);
      connection.deliver(PONG);
      expect(received).toEqual([]);
      expect(client.stats.lastRttMs).toBe(ROUND_TRIP_MS);
      expect(client.state).toBe('open');
    });

    it('drops a link that stops answering within the default 15 s and reconnects', () => {
      const client = createClient({ heartbeat: resolveHeartbeatPolicy(), random: () => 0 });
      client.connect();
      const connection = server.accept(); // accepts, never answers
      const openedAt = client.stats.openedAt!;
      const detected: number[] = [];
      client.errors$.subscribe((error) => error.kind === 'heartbeat-timeout' && detected.push(clock.now() - openedAt));
      clock.advance(20_000);
      expect(detected).toEqual([15_000]);
      expect(client.stats.lastCloseReason).toBe('heartbeat timeout');
      expect(connection.closedByApp).toEqual({ code: 4000, reason: 'heartbeat timeout' });
      expect(server.connections).toHaveLength(2); // random 0: retried at once; that handshake is still pending
    });
  });

  it('send() while not open returns false and reports the lost frame', () => {
    const client = createClient();
    expect(client.send('early')).toBe(false);
    expect(errors[0]).toMatchObject({ kind: 'send-failed', details: { data: 'early' } });
    expect(errors[0].message).toContain('while the connection is idle');
  });

  it('reports a missing WebSocket implementation once and stays closed instead of throwing', () => {
    const saved = globalThis.WebSocket;
    // @ts-expect-error simulate a platform without WebSocket
    delete globalThis.WebSocket;
    try {
      const client = createClient({ webSocketFactory: globalWebSocketFactory });
      expect(() => client.connect()).not.toThrow();
      expect(client.state).toBe('closed');
      expect(errors.map((e) => e.kind)).toEqual(['create-failed']);
      expect(errors[0].message).toContain('withWebSocketFactory');
    } finally {
      globalThis.WebSocket = saved;
    }
  });

  it('dispose() closes the socket, stops every timer and listener, and completes its streams', () => {
    const client = createClient({ heartbeat: resolveHeartbeatPolicy() });
    let completed = 0;
    client.state$.subscribe({ complete: () => completed++ });
    client.messages$.subscribe({ complete: () => completed++ });
    client.errors$.subscribe({ complete: () => completed++ });
    client.stats$.subscribe({ complete: () => completed++ });
    client.connect();
    const connection = server.accept();
    expect(clock.pendingTimers).toBeGreaterThan(0); // the heartbeat's
    client.dispose();
    expect(completed).toBe(4);
    expect(connectivity.observed).toBe(false);
    expect(connection.closedByApp).toEqual({ code: 1000, reason: '' });
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('SocketClient secrets', () => {
  it('redacts the URL in a socket constructor error, message and cause alike', () => {
    const errors: WebSocketError[] = [];
    const client = new SocketClient({
      url: 'ws://localhost:1/live?token=s3cret',
      webSocketFactory: (url) => {
        throw new SyntaxError(`The URL '${url}' is invalid.`);
      },
    });
    client.errors$.subscribe((error) => errors.push(error));
    client.connect();
    expect(errors[0].kind).toBe('create-failed');
    expect(errors[0].message).toContain('token=***');
    expect(`${errors[0].message} ${String(errors[0].details.cause)}`).not.toContain('s3cret');
    client.dispose();
  });
});
