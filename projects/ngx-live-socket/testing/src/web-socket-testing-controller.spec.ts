import type { EnvironmentProviders, Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type WebSocketError, WebSocketService, provideWebSocket, withHeartbeat, withReconnect, withWebSocketFactory } from 'ngx-live-socket';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';

describe('WebSocketTestingController with the real WebSocketService', () => {
  let service: WebSocketService;
  let controller: WebSocketTestingController;
  let errors: WebSocketError[];

  function setUp(...providers: (Provider | EnvironmentProviders)[]): void {
    TestBed.configureTestingModule({ providers });
    controller = TestBed.inject(WebSocketTestingController);
    service = TestBed.inject(WebSocketService);
    errors = [];
    service.errors$.subscribe((error) => errors.push(error));
  }

  afterEach(() => TestBed.resetTestingModule());

  it('hands the app a connection the test claims by path, URL or predicate, with its protocols', () => {
    setUp(provideWebSocket({ url: '/live?room=1', protocols: ['v1', 'v2'] }), provideWebSocketTesting());
    expect(service.state()).toBe('connecting');
    const connection = controller.expectConnection('/live?room=1');
    expect(connection.url).toBe('ws://localhost/live?room=1');
    expect(connection.protocols).toEqual(['v1', 'v2']);
    connection.open('v2');
    expect(service.state()).toBe('open');

    service.close();
    service.connect();
    expect(controller.expectConnection('ws://localhost/live?room=1').state).toBe('connecting');
    service.close();
    service.connect();
    expect(controller.expectConnection((candidate) => candidate.protocols.includes('v2')).state).toBe('connecting');
    controller.verify();
  });

  it('moves frames both ways: what the app sends is expected by type, what the test delivers reaches messages$', () => {
    setUp(provideWebSocket({ url: 'wss://api.example.com/live' }), provideWebSocketTesting());
    const received: unknown[] = [];
    service.messages$.subscribe((frame) => received.push(frame));
    const connection = controller.expectConnection();
    connection.open();
    service.send('chat.send', { text: 'hi' });
    service.sendRaw('raw text');
    connection.deliverMessage('chat.message', { text: 'hello back' });
    connection.deliver('raw reply');

    expect(connection.expectSent('chat.send').payload).toEqual({ text: 'hi' });
    expect(connection.expectSent((frame) => frame.data === 'raw text').json).toBeUndefined();
    expect(received).toEqual(['{"type":"chat.message","payload":{"text":"hello back"}}', 'raw reply']);
    controller.verify();
  });

  it('uses the binaryType the app configured', () => {
    setUp(provideWebSocket({ url: '/live', binaryType: 'arraybuffer' }), provideWebSocketTesting());
    expect(controller.expectConnection().binaryType).toBe('arraybuffer');
  });

  it('records how the app closed the socket', () => {
    setUp(provideWebSocket({ url: '/live' }), provideWebSocketTesting());
    const connection = controller.expectConnection();
    connection.open();
    service.close(4001, 'logged out');
    expect(connection.closedByApp).toEqual({ code: 4001, reason: 'logged out' });
    expect(connection.state).toBe('closed');
  });

  it('replaces a factory given to provideWebSocket before it', () => {
    const factory = jest.fn<WebSocket, [string, (string | string[])?]>();
    setUp(provideWebSocket({ url: '/live' }, withWebSocketFactory(factory)), provideWebSocketTesting());
    controller.expectConnection('/live');
    expect(factory).not.toHaveBeenCalled();
  });

  it('rejects a random value outside [0, 1), naming the option', () => {
    for (const random of [1, -0.1, Number.NaN]) {
      expect(() => provideWebSocketTesting({ random })).toThrow(`invalid provideWebSocketTesting random: ${random} is not allowed; expected a number in [0, 1).`);
    }
  });

  describe('expectConnection and expectNoConnection say what exists', () => {
    it('when the app attempted no connection', () => {
      setUp(provideWebSocket({ url: '/live', autoConnect: false }), provideWebSocketTesting());
      expect(() => controller.expectConnection('/live')).toThrow('Expected one connection to "/live", found 0. The app attempted no connection at all.');
      expect(() => controller.expectNoConnection()).not.toThrow();
    });

    it('when none matches, listing each connection and whether it was claimed', () => {
      setUp(provideWebSocket({ url: '/live', protocols: 'v1' }), provideWebSocketTesting());
      controller.expectConnection().open();
      expect(() => controller.expectConnection('/other')).toThrow(
        'Expected one connection to "/other", found 0. Connections so far:\n  - ws://localhost/live [protocols v1] (open), claimed already',
      );
      expect(() => controller.expectConnection(() => false, 'the admin socket')).toThrow('Expected one connection matching "the admin socket", found 0.');
      expect(() => controller.expectConnection(() => false)).toThrow('Expected one connection matching the predicate, found 0.');
    });

    it('when more than one matches', () => {
      setUp(provideWebSocket({ url: '/live' }), provideWebSocketTesting());
      service.close();
      service.connect();
      expect(() => controller.expectConnection('/live')).toThrow(
        'Expected one connection to "/live", found 2:\n  - ws://localhost/live (closed)\n  - ws://localhost/live (connecting)',
      );
      expect(() => controller.expectNoConnection('/live')).toThrow('Expected no connection to "/live", found 2:\n  - ws://localhost/live (closed)');
      expect(() => controller.expectNoConnection()).toThrow('Expected no connection at all, found 2');
      expect(() => controller.expectNoConnection('/other')).not.toThrow();
      expect(controller.match('/live')).toHaveLength(2);
      expect(() => controller.expectNoConnection()).not.toThrow(); // match() claimed them
    });

    it('rejects a match that is neither a URL nor a predicate', () => {
      setUp(provideWebSocket({ url: '/live' }), provideWebSocketTesting());
      expect(() => controller.expectConnection(42 as never)).toThrow('invalid connection match: expected a URL, a path starting with "/" or a predicate, got number.');
    });
  });

  describe('verify()', () => {
    it('fails on connections and frames nothing claimed, listing each', () => {
      setUp(provideWebSocket({ url: '/live' }), provideWebSocketTesting());
      const connection = controller.expectConnection();
      connection.open();
      service.send('hello');
      service.send('chat.send', 'x');
      connection.expectSent('chat.send');
      service.close();
      service.connect();
      expect(() => controller.verify()).toThrow(
        [
          'WebSocketTestingController.verify() found 2 the test did not expect:',
          '  - a frame sent on ws://localhost/live that no expectSent() claimed: {"type":"hello"}',
          '  - a connection to ws://localhost/live (connecting) that no expectConnection() claimed',
        ].join('\n'),
      );
      connection.expectSent('hello');
      controller.expectConnection();
      expect(() => controller.verify()).not.toThrow();
    });
  });

  describe('time moves only with tick()', () => {
    // The platform's timers are watched to prove that the connection registers no timer of its own: every
    // backoff, heartbeat and connect timeout goes to the controller's clock.
    let platformTimers: jest.SpyInstance[];
    beforeEach(() => (platformTimers = [jest.spyOn(globalThis, 'setTimeout'), jest.spyOn(globalThis, 'setInterval')]));
    afterEach(() => {
      const calls = platformTimers.map((timer) => timer.mock.calls.length);
      platformTimers.forEach((timer) => timer.mockRestore());
      expect(calls).toEqual([0, 0]);
    });

    it('reconnects after half the first jitter window by default, and counts the reconnect', () => {
      const testBegan = Date.now();
      setUp(provideWebSocket({ url: '/live' }, withReconnect()), provideWebSocketTesting());
      // The controller's clock starts at the real time the test began (the controller's now() TSDoc).
      expect(controller.now()).toBeGreaterThanOrEqual(testBegan);
      expect(controller.now()).toBeLessThanOrEqual(Date.now());
      const first = controller.expectConnection();
      first.open();
      first.close(1012, 'restarting');
      expect(service.state()).toBe('reconnecting');
      expect(service.stats().nextRetryAt).toBe(controller.now() + 375);
      controller.tick(374);
      controller.expectNoConnection();
      controller.tick(1);
      controller.expectConnection('/live').open();
      expect(service.state()).toBe('open');
      expect(service.stats()).toMatchObject({ reconnects: 1, lastCloseCode: 1012, lastCloseReason: 'restarting' });
      controller.verify();
    });

    it('retries a refused handshake at the next tick with random 0', () => {
      setUp(provideWebSocket({ url: '/live' }, withReconnect()), provideWebSocketTesting({ random: 0 }));
      controller.expectConnection().error();
      expect(service.state()).toBe('reconnecting');
      expect(errors.map((error) => error.kind)).toEqual(['socket-error']);
      controller.expectNoConnection();
      controller.tick(0);
      controller.expectConnection().open();
      expect(service.state()).toBe('open');
    });

    it('pings after the heartbeat interval, measures the round trip, and drops a link that stays silent', () => {
      setUp(provideWebSocket({ url: '/live' }, withReconnect(), withHeartbeat()), provideWebSocketTesting());
      const connection = controller.expectConnection();
      connection.open();
      controller.tick(9_999);
      expect(connection.sent).toEqual([]);
      controller.tick(1);
      expect(connection.expectSent('ping').payload).toEqual({ t: controller.now() });
      controller.tick(30);
      connection.deliverMessage('pong');
      expect(service.stats().lastRttMs).toBe(30);

      controller.tick(10_000);
      connection.expectSent('ping');
      controller.tick(4_999);
      expect(service.state()).toBe('open');
      controller.tick(1);
      expect(connection.closedByApp).toEqual({ code: 4000, reason: 'heartbeat timeout' });
      expect(service.state()).toBe('reconnecting');
      expect(errors.map((error) => error.kind)).toEqual(['heartbeat-timeout']);
      controller.tick(375);
      controller.expectConnection().open();
      controller.verify();
    });

    it('abandons a handshake that hangs past connectTimeoutMs', () => {
      setUp(provideWebSocket({ url: '/live', connectTimeoutMs: 3_000 }, withReconnect()), provideWebSocketTesting());
      const hanging = controller.expectConnection();
      controller.tick(2_999);
      expect(hanging.state).toBe('connecting');
      controller.tick(1);
      expect(hanging.state).toBe('closed');
      expect(hanging.closedByApp).toEqual({ code: undefined, reason: undefined });
      expect(errors.map((error) => error.kind)).toEqual(['connect-timeout']);
      expect(service.state()).toBe('reconnecting');
    });

    it('rejects a negative tick, naming the argument', () => {
      setUp(provideWebSocket({ url: '/live' }), provideWebSocketTesting());
      expect(() => controller.tick(-5)).toThrow('invalid tick ms: -5 is not allowed; expected a finite number of ms >= 0.');
    });
  });
});
