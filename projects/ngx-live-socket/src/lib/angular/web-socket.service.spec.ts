import { ChangeDetectionStrategy, Component, EnvironmentInjector, type Type, afterEveryRender, createEnvironmentInjector, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type Clock, WebSocketArgumentError, jsonEnvelopeCodec, textCodec } from 'ngx-live-socket/core';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { provideWebSocket } from './provide-web-socket';
import { ɵWEB_SOCKET_CLOCK } from './seams';
import { createWebSocketToken, injectWebSocket } from './web-socket-token';
import { withOfflineQueue } from './with-offline-queue';
import { withQueuePersistence } from './with-queue-persistence';
import { memoryQueueStorage } from '../../../../../tests/support/memory-queue-storage';
import type { WebSocketFeature } from './web-socket-feature';
import { WebSocketService } from './web-socket.service';
import { withCodec } from './with-codec';
import { withHeartbeat } from './with-heartbeat';
import { withReconnect } from './with-reconnect';
import { withChannels } from './with-channels';
import { withRequests } from './with-requests';

const URL_ = 'ws://localhost:8081/live';
/** How long the test's server takes to answer a ping. */
const ROUND_TRIP_MS = 4;

describe('WebSocketService', () => {
  let controller: WebSocketTestingController;

  afterEach(() => TestBed.resetTestingModule());

  /** The default connection, with the testing provider as the server and the clock; backoff draws return 0. */
  function configure(...extra: WebSocketFeature[]): WebSocketService {
    TestBed.configureTestingModule({
      providers: [provideWebSocket({ url: URL_ }, ...extra), provideWebSocketTesting({ random: 0 })],
    });
    controller = TestBed.inject(WebSocketTestingController);
    return TestBed.inject(WebSocketService);
  }

  it('connects when first injected and mirrors the state and stats in signals', () => {
    const socket = configure(withReconnect(), withHeartbeat({ intervalMs: 1_000 }));
    expect(socket.state()).toBe('connecting');
    const connection = controller.expectConnection(URL_);
    connection.open();
    expect(socket.state()).toBe('open');
    controller.tick(1_000);
    connection.expectSent('ping');
    controller.tick(ROUND_TRIP_MS);
    connection.deliverMessage('pong');
    expect(socket.stats().lastRttMs).toBe(ROUND_TRIP_MS);

    connection.close(1012, 'restart');
    expect(socket.state()).toBe('reconnecting');
    expect(socket.stats()).toMatchObject({ lastCloseCode: 1012, lastCloseReason: 'restart' });
    controller.tick(0); // with random 0 the retry starts at once
    controller.expectConnection(URL_).open();
    expect(socket.state()).toBe('open');
    expect(socket.stats().reconnects).toBe(1);
    controller.verify();
  });

  it('request() needs withRequests(): without it the call throws NLS503 and sends nothing; with it the reply arrives', () => {
    const without = configure(withReconnect());
    controller.expectConnection(URL_).open();
    expect(() => without.request('room.join', { name: 'ada' })).toThrow('ngx-live-socket: NLS503 request() needs withRequests(): add it to provideWebSocket()');
    controller.verify();
    TestBed.resetTestingModule();

    const socket = configure(withReconnect(), withRequests());
    const connection = controller.expectConnection(URL_);
    connection.open();
    const replies: unknown[] = [];
    socket.request('room.join', { name: 'ada' }).subscribe((reply) => replies.push(reply));
    controller.expectRequest('room.join').reply({ members: 3 });
    expect(replies).toEqual([{ members: 3 }]);
    controller.verify();
  });

  it('channel() needs withChannels(): without it the call throws NLS503 and subscribes nothing; with it the server is asked', () => {
    const without = configure(withReconnect());
    const first = controller.expectConnection(URL_);
    first.open();
    expect(() => without.channel('room:1')).toThrow('ngx-live-socket: NLS503 channel() needs withChannels(): add it to provideWebSocket()');
    expect(first.sent).toEqual([]);
    TestBed.resetTestingModule();

    const socket = configure(withReconnect(), withChannels());
    const connection = controller.expectConnection(URL_);
    connection.open();
    const messages: unknown[] = [];
    socket.channel('room:1').subscribe((envelope) => messages.push(envelope.payload));
    expect(connection.expectSent('sub').data).toBe('{"type":"sub","channel":"room:1"}');
    connection.deliver(JSON.stringify({ type: 'chat.message', channel: 'room:1', payload: { text: 'hi' } }));
    expect(messages).toEqual([{ text: 'hi' }]);
  });

  it('withQueuePersistence() keeps the offline queue in storage; withOfflineQueue() alone keeps it in memory; misuse fails by name', async () => {
    const queueRecords = () => Object.keys(localStorage).filter((key) => key.startsWith('ngx-live-socket:queue')).map((key) => localStorage.getItem(key));
    localStorage.clear();
    const memoryOnly = configure(withReconnect(), withOfflineQueue());
    expect(memoryOnly.send('chat.send', { text: 'in memory' }).status.state).toBe('queued');
    await Promise.resolve(); // a persisted queue is saved in a microtask
    expect(queueRecords()).toEqual([]);
    TestBed.resetTestingModule();

    // The control: the same check sees a queue persisted in localStorage, the default storage.
    const persisted = configure(withReconnect(), withOfflineQueue(), withQueuePersistence());
    persisted.send('chat.send', { text: 'in localStorage' });
    await Promise.resolve();
    expect(queueRecords()).toContainEqual(expect.stringContaining('"text":"in localStorage"'));
    TestBed.resetTestingModule();
    localStorage.clear();

    const storage = memoryQueueStorage();
    const socket = configure(withReconnect(), withOfflineQueue(), withQueuePersistence({ storage }));
    expect(socket.send('chat.send', { text: 'kept' }).status.state).toBe('queued');
    await Promise.resolve();
    expect([...storage.records.values()]).toContainEqual(expect.stringContaining('"text":"kept"'));
    expect(queueRecords()).toEqual([]);

    expect(() => withOfflineQueue({ persist: true } as never)).toThrow('invalid withOfflineQueue persist: persistence is a feature of its own: add withQueuePersistence()');
    expect(() => provideWebSocket({ url: URL_ }, withQueuePersistence())).toThrow('invalid withQueuePersistence: there is no queue to keep: add withOfflineQueue() as well.');
    expect(() => withQueuePersistence({ storage: {} as never })).toThrow('invalid offline queue persist');
  });

  it('waits for connect() with autoConnect: false', () => {
    TestBed.configureTestingModule({
      providers: [provideWebSocket({ url: URL_, autoConnect: false }), provideWebSocketTesting()],
    });
    const socket = TestBed.inject(WebSocketService);
    controller = TestBed.inject(WebSocketTestingController);
    controller.tick(60_000);
    expect(socket.state()).toBe('idle');
    controller.expectNoConnection();
    socket.connect();
    controller.expectConnection(URL_).open();
    expect(socket.state()).toBe('open');
  });

  it('sends and receives raw frames', () => {
    const socket = configure();
    const received: unknown[] = [];
    socket.messages$.subscribe((data) => received.push(data));
    const connection = controller.expectConnection(URL_);
    connection.open();
    expect(socket.sendRaw('hi')).toBe(true);
    connection.expectSent((frame) => frame.data === 'hi', 'the raw frame hi');
    connection.deliver('got hi');
    expect(received).toEqual(['got hi']);
  });

  it('closes the socket and stops every timer when its injector is destroyed', () => {
    const parent = TestBed.inject(EnvironmentInjector);
    const child = createEnvironmentInjector([provideWebSocket({ url: URL_ }, withReconnect(), withHeartbeat()), provideWebSocketTesting()], parent);
    const socket = child.get(WebSocketService);
    const controller = child.get(WebSocketTestingController);
    // The connection's clock (internal token) is the ManualClock the controller ticks; it counts the timers.
    const clock = child.get(ɵWEB_SOCKET_CLOCK) as Clock & { readonly pendingTimers: number };
    const connection = controller.expectConnection(URL_);
    connection.open();
    expect(socket.state()).toBe('open');
    expect(clock.pendingTimers).toBeGreaterThan(0); // the heartbeat's
    child.destroy();
    expect(socket.state()).toBe('closed');
    expect(clock.pendingTimers).toBe(0);
    expect(connection.state).toBe('closed');
    expect(connection.closedByApp).toEqual({ code: 1000, reason: '' });
  });

  it('explains how to configure it when provideWebSocket() is missing', () => {
    expect(() => TestBed.inject(WebSocketService)).toThrow('Add provideWebSocket({ url }) to your application providers');
  });

  it('rejects a feature given twice and a config without url, naming them', () => {
    expect(() => provideWebSocket({ url: URL_ }, withReconnect(), withReconnect({ maxAttempts: 2 }))).toThrow(
      'invalid provideWebSocket features: withReconnect() is given twice',
    );
    expect(() => provideWebSocket({} as never)).toThrow(WebSocketArgumentError);
    expect(() => withReconnect({ factor: 0 })).toThrow('invalid reconnect factor');
  });

  it('rejects withHeartbeat() without its own ping next to a custom codec, when the config is read', () => {
    expect(() => provideWebSocket({ url: URL_ }, withCodec(textCodec), withHeartbeat())).toThrow(
      'invalid heartbeat ping: with a custom codec, give withHeartbeat({ ping }) one your server reads',
    );
    expect(() => provideWebSocket({ url: URL_ }, withHeartbeat({ intervalMs: 5_000 }), withCodec(textCodec))).toThrow('invalid heartbeat ping');
    expect(() => provideWebSocket({ url: URL_ }, withCodec(textCodec), withHeartbeat({ ping: () => 'ping' }))).not.toThrow();
    expect(() => provideWebSocket({ url: URL_ }, withCodec(jsonEnvelopeCodec), withHeartbeat())).not.toThrow();
  });

  it('resolves a relative url against the document base', () => {
    TestBed.configureTestingModule({ providers: [provideWebSocket({ url: '/live' }), provideWebSocketTesting()] });
    TestBed.inject(WebSocketService);
    const connections = TestBed.inject(WebSocketTestingController).match();
    expect(connections.map((connection) => connection.url)).toEqual([new URL('/live', document.baseURI).href.replace(/^http/, 'ws')]);
  });

  it('fails at once on an invalid url (at provideWebSocket, as on the server) or close arguments, naming them', () => {
    expect(() => provideWebSocket({ url: 'ftp://example.com' })).toThrow('invalid url: "ftp://example.com" has scheme ftp:');
    expect(() => provideWebSocket({ url: 'localhost:4399/ws' })).toThrow('ngx-live-socket: invalid url: "localhost:4399/ws" has no scheme; add ws:// or wss://');
    expect(() => provideWebSocket({ url: '127.0.0.1:4399/ws' })).toThrow('has no scheme; add ws:// or wss://');
    const socket = configure();
    expect(() => socket.close(1001)).toThrow('invalid close code: 1001');
  });

  describe('typed messaging', () => {
    interface ChatProtocol {
      incoming: { 'chat.message': { text: string } };
      outgoing: { 'chat.send': { text: string } };
    }
    interface TickerProtocol {
      incoming: { tick: number };
      outgoing: { watch: { symbol: string } };
    }
    const CHAT = createWebSocketToken<ChatProtocol>('chat');
    const TICKER = createWebSocketToken<TickerProtocol>('ticker');
    const TICKER_URL = 'ws://localhost:8083/ticker';

    it('runs two independent typed connections, each with its own features and queue', () => {
      TestBed.configureTestingModule({
        providers: [
          provideWebSocket(CHAT, { url: URL_ }, withOfflineQueue()),
          provideWebSocket(TICKER, { url: TICKER_URL, autoConnect: false }),
          provideWebSocketTesting(), // one server and clock for both
        ],
      });
      controller = TestBed.inject(WebSocketTestingController);
      const chat = TestBed.inject(CHAT);
      const ticker = TestBed.inject(TICKER);
      expect(chat).not.toBe(ticker);
      expect(chat.send('chat.send', { text: 'queued' }).status.state).toBe('queued'); // chat has a queue
      expect(ticker.send('watch', { symbol: 'NG' }).status).toEqual({ state: 'failed', reason: 'offline' }); // ticker has none
      const ticks: number[] = [];
      ticker.on('tick').subscribe((tick) => ticks.push(tick));
      ticker.connect();
      const chatConnection = controller.expectConnection(URL_);
      chatConnection.open();
      const tickerConnection = controller.expectConnection(TICKER_URL);
      tickerConnection.open();
      tickerConnection.deliverMessage('tick', 101);
      expect(chat.state()).toBe('open');
      expect(ticks).toEqual([101]);
      expect(tickerConnection.sent).toEqual([]);
      expect(chatConnection.expectSent('chat.send').payload).toEqual({ text: 'queued' });
      controller.verify();
    });

    it('closes a named connection with the injector that provided it', () => {
      const parent = TestBed.inject(EnvironmentInjector);
      const child = createEnvironmentInjector([provideWebSocket(CHAT, { url: URL_ }), provideWebSocketTesting()], parent);
      const chat = child.get(CHAT);
      child.get(WebSocketTestingController).expectConnection(URL_).open();
      expect(chat.state()).toBe('open');
      child.destroy();
      expect(chat.state()).toBe('closed');
    });

    it('injectWebSocket() gives the default connection, typed', () => {
      configure();
      const socket = TestBed.runInInjectionContext(() => injectWebSocket<ChatProtocol>());
      expect(socket).toBe(TestBed.inject(WebSocketService));
      const texts: string[] = [];
      socket.on('chat.message').subscribe(({ text }) => texts.push(text));
      const connection = controller.expectConnection(URL_);
      connection.open();
      connection.deliverMessage('chat.message', { text: 'typed' });
      expect(texts).toEqual(['typed']);
      expect(() => injectWebSocket()).toThrow(/injection context/);
    });

    it('is a Subject at heart: next() sends, subscribe() receives, complete() closes', () => {
      const socket = configure();
      const incoming: unknown[] = [];
      socket.subscribe((message) => incoming.push(message));
      const connection = controller.expectConnection(URL_);
      connection.open();
      socket.next({ type: 'hello', payload: 1 });
      connection.deliver('{"type":"welcome"}');
      expect(connection.sent.map((frame) => frame.data)).toEqual(['{"type":"hello","payload":1}']);
      expect(incoming).toEqual([{ type: 'welcome' }]);
      socket.complete();
      expect(socket.state()).toBe('closed');
    });

    it('rejects a bad connection name', () => {
      expect(() => createWebSocketToken('has space')).toThrow('invalid connection name');
    });
  });

  describe('change detection', () => {
    @Component({
      selector: 'lib-unbound-listener',
      changeDetection: ChangeDetectionStrategy.OnPush,
      template: `<p>{{ label() }}</p>`,
    })
    class UnboundListenerComponent {
      readonly label = signal('static');
      readonly seen: unknown[] = [];
      constructor() {
        inject(WebSocketService).messages$.subscribe((data) => this.seen.push(data));
      }
    }

    @Component({
      selector: 'lib-bound-listener',
      changeDetection: ChangeDetectionStrategy.OnPush,
      template: `<p>{{ last() }}</p>`,
    })
    class BoundListenerComponent {
      readonly last = signal('');
      constructor() {
        inject(WebSocketService).messages$.subscribe((data) => this.last.set(String(data)));
      }
    }

    /**
     * Renders `component`, then counts render passes while the server sends 100 frames made by `frame(i)`.
     * `flushFrames()` runs the animation frame `latest(type)` writes in; `whenStable()` lets the zoneless
     * scheduler render whatever was marked.
     */
    async function rendersWhileReceiving(component: Type<unknown>, frame = (i: number) => `frame ${i}`): Promise<{ renders: number; text: string }> {
      configure();
      const fixture = TestBed.createComponent(component);
      fixture.autoDetectChanges();
      let renders = 0;
      TestBed.runInInjectionContext(() => afterEveryRender(() => renders++));
      const connection = controller.expectConnection(URL_);
      connection.open();
      await fixture.whenStable();
      renders = 0;
      for (let i = 0; i < 100; i++) {
        connection.deliver(frame(i));
      }
      controller.flushFrames();
      await fixture.whenStable();
      return { renders, text: fixture.nativeElement.textContent.trim() };
    }

    it('100 incoming frames to a subscriber that touches no signal render 0 times', async () => {
      const { renders } = await rendersWhileReceiving(UnboundListenerComponent);
      expect(renders).toBe(0);
    });

    @Component({
      selector: 'lib-latest-listener',
      changeDetection: ChangeDetectionStrategy.OnPush,
      template: `<p>{{ price()?.n }}</p>`,
    })
    class LatestListenerComponent {
      readonly price = inject(WebSocketService).latest('price');
    }

    it('latest(type) renders a burst of messages once, showing the last', async () => {
      const { renders, text } = await rendersWhileReceiving(LatestListenerComponent, (i) => JSON.stringify({ type: 'price', payload: { n: i } }));
      expect(text).toBe('99');
      expect(renders).toBe(1);
    });

    it('latest(type) outside an injection context asks for an injector, and stops with it', () => {
      const socket = configure();
      expect(() => socket.latest('price')).toThrow(/injection context/);
      const child = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
      const price = socket.latest('price', { injector: child });
      const control = socket.latest('price', { injector: TestBed.inject(EnvironmentInjector) }); // its injector lives on
      child.destroy();
      const connection = controller.expectConnection(URL_);
      connection.open();
      connection.deliverMessage('price', 1);
      controller.flushFrames();
      expect(price()).toBeUndefined();
      expect(control()).toBe(1);
    });

    it('frames that reach a bound signal are rendered, in far fewer render passes than frames', async () => {
      const { renders, text } = await rendersWhileReceiving(BoundListenerComponent);
      expect(text).toBe('frame 99');
      expect(renders).toBeGreaterThan(0);
      expect(renders).toBeLessThanOrEqual(2);
    });
  });
});
