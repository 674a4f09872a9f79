import { type Client, Server } from 'mock-socket';
import { Subject } from 'rxjs';
import { HangingSocket, mockSocketFactory } from '../../../../../tests/support/mock-socket-factory';
import { WebSocketArgumentError } from '../errors/argument-error';
import { resolveReconnectPolicy, type ReconnectOptions } from './backoff';
import type { ConnectionState } from './connection-state';
import type { ConnectivityEvent } from './connectivity-events';
import { resolveHeartbeatPolicy } from '../heartbeat/heartbeat';
import { SocketClient, type SocketClientOptions } from './socket-client';
import type { WebSocketError } from '../errors/web-socket-error';
import { globalWebSocketFactory } from './web-socket-factory';

const URL_ = 'ws://localhost:8080/live';
/** mock-socket delivers events after a 4 ms timer. */
const MOCK_SOCKET_DELAY = 4;
/** Long enough for any mock-socket event to arrive. */
const TICK = 10;

/** Records how long each scheduled reconnect will wait, measured when it is scheduled. */
function recordRetryWaits(client: SocketClient): number[] {
  const waits: number[] = [];
  let last: number | null = null;
  client.stats$.subscribe(({ nextRetryAt }) => {
    if (nextRetryAt !== null && nextRetryAt !== last) {
      waits.push(nextRetryAt - Date.now());
    }
    last = nextRetryAt;
  });
  return waits;
}

describe('SocketClient', () => {
  let server: Server;
  let serverSockets: Client[];
  let states: ConnectionState[];
  let errors: WebSocketError[];
  let clients: SocketClient[];
  let connectivity: Subject<ConnectivityEvent>;

  function startServer(): void {
    server = new Server(URL_);
    server.on('connection', (socket) => {
      serverSockets.push(socket);
      socket.on('message', (data) => {
        if (typeof data === 'string' && data.includes('"ping"')) {
          socket.send('{"type":"pong"}');
        } else {
          socket.send(`echo:${String(data)}`);
        }
      });
    });
  }

  function createClient(options: Partial<SocketClientOptions> & { reconnectOptions?: ReconnectOptions } = {}): SocketClient {
    const { reconnectOptions, ...rest } = options;
    const client = new SocketClient({
      url: URL_,
      webSocketFactory: mockSocketFactory(),
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
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    serverSockets = [];
    states = [];
    errors = [];
    clients = [];
    connectivity = new Subject();
    startServer();
  });

  afterEach(() => {
    clients.forEach((client) => client.dispose());
    server.stop();
    jest.useRealTimers();
  });

  it('connects, delivers frames both ways, and tells its state', () => {
    const client = createClient();
    const received: unknown[] = [];
    client.messages$.subscribe((data) => received.push(data));
    expect(client.state).toBe('idle');
    const connectedAt = Date.now();
    client.connect();
    expect(client.state).toBe('connecting');
    jest.advanceTimersByTime(TICK);
    expect(client.state).toBe('open');
    expect(client.send('hello')).toBe(true);
    jest.advanceTimersByTime(TICK);
    expect(received).toEqual(['echo:hello']);
    expect(states).toEqual(['idle', 'connecting', 'open']);
    expect(client.stats.openedAt).toBe(connectedAt + MOCK_SOCKET_DELAY);
  });

  it('connect() is a no-op while connecting or open', () => {
    const factory = mockSocketFactory();
    const client = createClient({ webSocketFactory: factory });
    client.connect();
    client.connect();
    jest.advanceTimersByTime(TICK);
    client.connect();
    expect(factory.urls).toHaveLength(1);
  });

  it('reconnects after the server drops the link, waiting a full-jitter delay, and counts the reconnect', () => {
    const factory = mockSocketFactory();
    const client = createClient({ webSocketFactory: factory, random: () => 0.5 });
    const waits = recordRetryWaits(client);
    client.connect();
    jest.advanceTimersByTime(TICK);
    serverSockets[0].close({ code: 1001, reason: 'going away', wasClean: true });
    jest.advanceTimersByTime(TICK);
    expect(client.state).toBe('reconnecting');
    expect(client.stats).toMatchObject({ lastCloseCode: 1001, lastCloseReason: 'going away', failedAttempts: 1 });
    // attempt 0: window [0, 750) ms, random 0.5 -> 375 ms.
    expect(waits).toEqual([375]);
    jest.advanceTimersByTime(350);
    expect(factory.urls).toHaveLength(1);
    jest.advanceTimersByTime(20 + TICK);
    expect(factory.urls).toHaveLength(2);
    expect(client.state).toBe('open');
    expect(client.stats.reconnects).toBe(1);
    expect(states).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open']);
  });

  it('grows the backoff window on consecutive failures while the server is down', () => {
    const factory = mockSocketFactory();
    const client = createClient({ webSocketFactory: factory, random: () => 0.999_999 });
    const waits = recordRetryWaits(client);
    client.connect();
    jest.advanceTimersByTime(TICK);
    server.close();
    jest.advanceTimersByTime(120_000);
    expect(waits.slice(0, 7)).toEqual([749, 1_499, 2_999, 5_999, 9_999, 9_999, 9_999]);
    expect(client.state).toBe('reconnecting');
  });

  it('resets the attempt count once a connection stayed up stableAfterMs', () => {
    const client = createClient({ reconnectOptions: { stableAfterMs: 5_000 }, random: () => 0 });
    client.connect();
    jest.advanceTimersByTime(TICK);
    serverSockets[0].close({ code: 1011, reason: '', wasClean: true });
    jest.advanceTimersByTime(TICK * 2);
    serverSockets[1].close({ code: 1011, reason: '', wasClean: true });
    jest.advanceTimersByTime(TICK);
    expect(client.stats.failedAttempts).toBe(2);
    jest.advanceTimersByTime(TICK);
    expect(client.state).toBe('open');
    jest.advanceTimersByTime(5_000);
    serverSockets[2].close({ code: 1011, reason: '', wasClean: true });
    jest.advanceTimersByTime(TICK);
    expect(client.stats.failedAttempts).toBe(1);
  });

  it('does not reconnect after the app closes, and records the app close code', () => {
    const client = createClient();
    client.connect();
    jest.advanceTimersByTime(TICK);
    client.close(4000, 'bye');
    expect(client.state).toBe('closed');
    jest.advanceTimersByTime(60_000);
    expect(client.state).toBe('closed');
    expect(client.stats).toMatchObject({ lastCloseCode: 4000, lastCloseReason: 'bye' });
    expect(serverSockets).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects a bad close code or reason at once and stays connected', () => {
    const client = createClient();
    client.connect();
    jest.advanceTimersByTime(TICK);
    expect(() => client.close(1006)).toThrow(WebSocketArgumentError);
    expect(() => client.close(1000, 'x'.repeat(124))).toThrow('invalid close reason');
    expect(client.state).toBe('open');
  });

  it.each([1008, 4401, 4403])('does not retry a policy/auth close (%i) without an onAuthFailure hook', (code) => {
    const client = createClient();
    client.connect();
    jest.advanceTimersByTime(TICK);
    serverSockets[0].close({ code, reason: 'token expired', wasClean: true });
    jest.advanceTimersByTime(60_000);
    expect(client.state).toBe('closed');
    expect(serverSockets).toHaveLength(1);
    expect(errors.map((e) => e.kind)).toEqual(['auth-refused']);
    expect(errors[0].message).toContain(`close ${code} "token expired"`);
  });

  it('retries a 4401 when onAuthFailure refreshes credentials; the async url factory supplies the new token', async () => {
    let token = 'old';
    const factory = mockSocketFactory();
    const onAuthFailure = jest.fn(async () => {
      token = 'fresh';
      return true;
    });
    const client = createClient({
      url: async () => `${URL_}?token=${token}`,
      webSocketFactory: factory,
      reconnectOptions: { onAuthFailure },
      random: () => 0,
    });
    client.connect();
    await jest.advanceTimersByTimeAsync(TICK);
    expect(client.state).toBe('open');
    serverSockets[0].close({ code: 4401, reason: 'expired', wasClean: true });
    await jest.advanceTimersByTimeAsync(TICK * 2);
    expect(onAuthFailure).toHaveBeenCalledWith(expect.objectContaining({ code: 4401, reason: 'expired' }));
    expect(factory.urls).toEqual([`${URL_}?token=old`, `${URL_}?token=fresh`]);
    expect(client.state).toBe('open');
  });

  it('stays closed when onAuthFailure declines, and reports a hook that throws', async () => {
    const declining = createClient({ reconnectOptions: { onAuthFailure: () => false } });
    declining.connect();
    await jest.advanceTimersByTimeAsync(TICK);
    serverSockets[0].close({ code: 4403, reason: '', wasClean: true });
    await jest.advanceTimersByTimeAsync(TICK);
    expect(declining.state).toBe('closed');

    const throwing = createClient({
      reconnectOptions: {
        onAuthFailure: () => {
          throw new Error('refresh endpoint down');
        },
      },
    });
    throwing.connect();
    await jest.advanceTimersByTimeAsync(TICK);
    serverSockets[1].close({ code: 1008, reason: '', wasClean: true });
    await jest.advanceTimersByTimeAsync(TICK);
    expect(throwing.state).toBe('closed');
    expect(errors.map((e) => e.kind)).toEqual(['auth-refused', 'hook-failed']);
    expect(errors[1].message).toContain('refresh endpoint down');
  });

  it('waits out a retry-after hint from a 1013 close before reconnecting', () => {
    const factory = mockSocketFactory();
    const client = createClient({ webSocketFactory: factory, random: () => 0 });
    client.connect();
    jest.advanceTimersByTime(TICK);
    serverSockets[0].close({ code: 1013, reason: 'overloaded; retry-after=5', wasClean: true });
    jest.advanceTimersByTime(TICK);
    jest.advanceTimersByTime(4_990);
    expect(factory.urls).toHaveLength(1);
    jest.advanceTimersByTime(TICK + TICK);
    expect(factory.urls).toHaveLength(2);
    expect(client.state).toBe('open');
  });

  it.each([
    ['after an open link drops: 3 reconnect attempts', true, 1 + 3],
    ['when the server is down from the start: 3 attempts, the first one included', false, 3],
  ])('maxAttempts 3 gives up and says so %s', (_, serverUp, sockets) => {
    if (!serverUp) {
      server.close();
    }
    const factory = mockSocketFactory();
    const client = createClient({ webSocketFactory: factory, reconnectOptions: { maxAttempts: 3 } });
    client.connect();
    jest.advanceTimersByTime(TICK);
    server.close();
    jest.advanceTimersByTime(60_000);
    expect(client.state).toBe('closed');
    expect(factory.urls).toHaveLength(sockets);
    expect(errors.at(-1)).toMatchObject({ kind: 'gave-up', message: expect.stringContaining('3 consecutive attempts failed (maxAttempts 3)') });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('without reconnect, a dropped link stays closed', () => {
    const client = createClient({ reconnect: null });
    client.connect();
    jest.advanceTimersByTime(TICK);
    serverSockets[0].close({ code: 1001, reason: '', wasClean: true });
    jest.advanceTimersByTime(60_000);
    expect(client.state).toBe('closed');
  });

  it('abandons a handshake that hangs after connectTimeoutMs and retries', () => {
    const hanging: HangingSocket[] = [];
    const client = createClient({
      connectTimeoutMs: 3_000,
      webSocketFactory: () => {
        const socket = new HangingSocket();
        hanging.push(socket);
        return socket;
      },
      random: () => 0,
    });
    client.connect();
    jest.advanceTimersByTime(2_999);
    expect(errors).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(errors.map((e) => e.kind)).toEqual(['connect-timeout']);
    expect(hanging[0].closedWith).not.toBeNull();
    expect(client.state).toBe('reconnecting');
    jest.advanceTimersByTime(1);
    expect(hanging).toHaveLength(2);
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
    await jest.advanceTimersByTimeAsync(TICK * 3);
    expect(url).toHaveBeenCalledTimes(3);
    expect(errors.map((e) => e.kind)).toEqual(['url-failed', 'url-failed']);
    expect(errors[0].message).toContain('token service down');
    expect(errors[1].message).toContain('has scheme ftp:');
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
    const factory = mockSocketFactory();
    const client = createClient({ webSocketFactory: factory, random: () => 0.999_999, reconnectOptions: { baseDelayMs: 20_000, maxDelayMs: 30_000 } });
    client.connect();
    jest.advanceTimersByTime(TICK);
    serverSockets[0].close({ code: 1006, reason: '', wasClean: false });
    jest.advanceTimersByTime(TICK);
    const { nextRetryAt, failedAttempts } = client.stats;
    expect(nextRetryAt! - Date.now()).toBeGreaterThan(19_000);
    connectivity.next('offline');
    jest.advanceTimersByTime(TICK);
    expect(factory.urls).toHaveLength(1);
    expect(client.stats).toMatchObject({ nextRetryAt, failedAttempts });
    expect(client.state).toBe('reconnecting');
    connectivity.next('online');
    jest.advanceTimersByTime(TICK);
    expect(factory.urls).toHaveLength(2);
    expect(client.state).toBe('open');
  });

  it('stats.protocol is the subprotocol the server chose while open, null otherwise', () => {
    server.stop();
    server = new Server(URL_, { selectProtocol: (offered) => offered[1] ?? '' });
    server.on('connection', (socket) => serverSockets.push(socket));
    const client = createClient({ protocols: ['v1.chat', 'v2.chat'] });
    expect(client.stats.protocol).toBeNull();
    client.connect();
    jest.advanceTimersByTime(TICK);
    expect(client.stats.protocol).toBe('v2.chat');
    client.close();
    expect(client.stats.protocol).toBeNull();
  });

  it.each([
    ['the page becoming visible', 'visible'],
    ['going offline (the link is probably dead)', 'offline'],
  ] as const)('%s pings an open link at once (liveness check)', (_, event) => {
    const frames: string[] = [];
    server.on('connection', (socket) => socket.on('message', (data) => frames.push(String(data))));
    const client = createClient({ heartbeat: resolveHeartbeatPolicy({ intervalMs: 60_000 }) });
    client.connect();
    jest.advanceTimersByTime(TICK);
    connectivity.next(event);
    jest.advanceTimersByTime(TICK);
    expect(frames).toHaveLength(1);
    expect(JSON.parse(frames[0])).toMatchObject({ type: 'ping' });
    expect(client.stats.lastRttMs).toBe(MOCK_SOCKET_DELAY);
  });

  describe('heartbeat', () => {
    it('keeps pongs off messages$ and records the round trip', () => {
      const client = createClient({ heartbeat: resolveHeartbeatPolicy({ intervalMs: 1_000, timeoutMs: 1_000 }) });
      const received: unknown[] = [];
      client.messages$.subscribe((data) => received.push(data));
      client.connect();
      jest.advanceTimersByTime(TICK + 1_000 + TICK);
      expect(received).toEqual([]);
      expect(client.stats.lastRttMs).toBe(MOCK_SOCKET_DELAY);
      expect(client.state).toBe('open');
    });

    it('drops a link that stops answering within the default 15 s and reconnects', () => {
      server.stop();
      server = new Server(URL_);
      server.on('connection', (socket) => serverSockets.push(socket)); // accepts, never answers
      const client = createClient({ heartbeat: resolveHeartbeatPolicy(), random: () => 0 });
      client.connect();
      jest.advanceTimersByTime(TICK);
      const openedAt = client.stats.openedAt!;
      const detected: number[] = [];
      client.errors$.subscribe((error) => error.kind === 'heartbeat-timeout' && detected.push(Date.now() - openedAt));
      jest.advanceTimersByTime(20_000);
      expect(detected[0]).toBe(15_000);
      expect(client.stats.lastCloseReason).toBe('heartbeat timeout');
      expect(serverSockets.length).toBeGreaterThanOrEqual(2);
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
    jest.advanceTimersByTime(TICK);
    client.dispose();
    expect(completed).toBe(4);
    expect(connectivity.observed).toBe(false);
    jest.advanceTimersByTime(TICK);
    expect(jest.getTimerCount()).toBe(0);
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
