import { ChangeDetectionStrategy, Component, EnvironmentInjector, type Type, afterEveryRender, createEnvironmentInjector, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type Client, Server } from 'mock-socket';
import { mockSocketFactory } from '../../../../../tests/support/mock-socket-factory';
import { WebSocketArgumentError, jsonEnvelopeCodec, textCodec } from 'ngx-live-socket/core';
import { provideWebSocket } from './provide-web-socket';
import { createWebSocketToken, injectWebSocket } from './web-socket-token';
import { withOfflineQueue } from './with-offline-queue';
import type { WebSocketFeature } from './web-socket-feature';
import { WebSocketService } from './web-socket.service';
import { withCodec } from './with-codec';
import { withHeartbeat } from './with-heartbeat';
import { withReconnect } from './with-reconnect';
import { withWebSocketFactory } from './with-web-socket-factory';
import { ɵWEB_SOCKET_RANDOM } from './seams';

const URL_ = 'ws://localhost:8081/live';
const TICK = 10;

describe('WebSocketService', () => {
  let server: Server;
  let serverSockets: Client[];

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    serverSockets = [];
    server = new Server(URL_);
    server.on('connection', (socket) => {
      serverSockets.push(socket);
      socket.on('message', (data) => String(data).includes('"ping"') && socket.send('{"type":"pong"}'));
    });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    server.stop();
    jest.useRealTimers();
  });

  function configure(...extra: WebSocketFeature[]): WebSocketService {
    TestBed.configureTestingModule({
      providers: [
        provideWebSocket({ url: URL_ }, withWebSocketFactory(mockSocketFactory()), ...extra),
        { provide: ɵWEB_SOCKET_RANDOM, useValue: () => 0 },
      ],
    });
    return TestBed.inject(WebSocketService);
  }

  it('connects when first injected and mirrors the state and stats in signals', () => {
    const socket = configure(withReconnect(), withHeartbeat({ intervalMs: 1_000 }));
    expect(socket.state()).toBe('connecting');
    jest.advanceTimersByTime(TICK);
    expect(socket.state()).toBe('open');
    jest.advanceTimersByTime(1_000 + TICK);
    expect(socket.stats().lastRttMs).toBe(4);

    serverSockets[0].close({ code: 1012, reason: 'restart', wasClean: true });
    jest.advanceTimersByTime(4); // the close arrives; with random 0 the retry starts at once
    expect(socket.state()).toBe('reconnecting');
    expect(socket.stats()).toMatchObject({ lastCloseCode: 1012, lastCloseReason: 'restart' });
    jest.advanceTimersByTime(TICK);
    expect(socket.state()).toBe('open');
    expect(socket.stats().reconnects).toBe(1);
  });

  it('waits for connect() with autoConnect: false', () => {
    TestBed.configureTestingModule({
      providers: [provideWebSocket({ url: URL_, autoConnect: false }, withWebSocketFactory(mockSocketFactory()))],
    });
    const socket = TestBed.inject(WebSocketService);
    jest.advanceTimersByTime(TICK);
    expect(socket.state()).toBe('idle');
    socket.connect();
    jest.advanceTimersByTime(TICK);
    expect(socket.state()).toBe('open');
  });

  it('sends and receives raw frames', () => {
    const socket = configure();
    const received: unknown[] = [];
    socket.messages$.subscribe((data) => received.push(data));
    server.on('connection', (client) => client.on('message', (data) => client.send(`got ${String(data)}`)));
    jest.advanceTimersByTime(TICK);
    expect(socket.sendRaw('hi')).toBe(true);
    jest.advanceTimersByTime(TICK);
    expect(received).toEqual(['got hi']);
  });

  it('closes the socket and stops every timer when its injector is destroyed', () => {
    const parent = TestBed.inject(EnvironmentInjector);
    const child = createEnvironmentInjector(
      [provideWebSocket({ url: URL_ }, withWebSocketFactory(mockSocketFactory()), withReconnect(), withHeartbeat())],
      parent,
    );
    const socket = child.get(WebSocketService);
    jest.advanceTimersByTime(TICK);
    expect(socket.state()).toBe('open');
    expect(jest.getTimerCount()).toBeGreaterThan(0); // the heartbeat's
    child.destroy();
    expect(socket.state()).toBe('closed');
    jest.advanceTimersByTime(TICK);
    expect(jest.getTimerCount()).toBe(0);
    expect(server.clients()).toHaveLength(0);
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
    const factory = mockSocketFactory();
    TestBed.configureTestingModule({ providers: [provideWebSocket({ url: '/live' }, withWebSocketFactory(factory))] });
    TestBed.inject(WebSocketService);
    expect(factory.urls).toEqual([new URL('/live', document.baseURI).href.replace(/^http/, 'ws')]);
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
      const tickerServer = new Server(TICKER_URL);
      const tickerFrames: string[] = [];
      tickerServer.on('connection', (socket) => {
        socket.on('message', (data) => tickerFrames.push(String(data)));
        socket.send(JSON.stringify({ type: 'tick', payload: 101 }));
      });
      try {
        TestBed.configureTestingModule({
          providers: [
            provideWebSocket(CHAT, { url: URL_ }, withOfflineQueue()),
            provideWebSocket(TICKER, { url: TICKER_URL, autoConnect: false }),
            withWebSocketFactory(mockSocketFactory()).ɵproviders,
          ],
        });
        const chat = TestBed.inject(CHAT);
        const ticker = TestBed.inject(TICKER);
        expect(chat).not.toBe(ticker);
        expect(chat.send('chat.send', { text: 'queued' }).status.state).toBe('queued'); // chat has a queue
        expect(ticker.send('watch', { symbol: 'NG' }).status).toEqual({ state: 'failed', reason: 'offline' }); // ticker has none
        const ticks: number[] = [];
        ticker.on('tick').subscribe((tick) => ticks.push(tick));
        ticker.connect();
        jest.advanceTimersByTime(TICK);
        expect(chat.state()).toBe('open');
        expect(ticks).toEqual([101]);
        expect(tickerFrames).toEqual([]);
      } finally {
        tickerServer.stop();
      }
    });

    it('closes a named connection with the injector that provided it', () => {
      const parent = TestBed.inject(EnvironmentInjector);
      const child = createEnvironmentInjector([provideWebSocket(CHAT, { url: URL_ }, withWebSocketFactory(mockSocketFactory()))], parent);
      const chat = child.get(CHAT);
      jest.advanceTimersByTime(TICK);
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
      jest.advanceTimersByTime(TICK);
      serverSockets[0].send(JSON.stringify({ type: 'chat.message', payload: { text: 'typed' } }));
      jest.advanceTimersByTime(TICK);
      expect(texts).toEqual(['typed']);
      expect(() => injectWebSocket()).toThrow(/injection context/);
    });

    it('is a Subject at heart: next() sends, subscribe() receives, complete() closes', () => {
      const socket = configure();
      const frames: string[] = [];
      server.on('connection', (client) => client.on('message', (data) => frames.push(String(data))));
      const incoming: unknown[] = [];
      socket.subscribe((message) => incoming.push(message));
      jest.advanceTimersByTime(TICK);
      socket.next({ type: 'hello', payload: 1 });
      serverSockets[0].send('{"type":"welcome"}');
      jest.advanceTimersByTime(TICK);
      expect(frames).toEqual(['{"type":"hello","payload":1}']);
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

    /** Lets the zoneless scheduler run whatever it scheduled (it waits on a timer or an animation frame). */
    const settle = () => jest.advanceTimersByTimeAsync(50);

    /** Renders `component`, then counts render passes while the server sends 100 frames made by `frame(i)`. */
    async function rendersWhileReceiving(component: Type<unknown>, frame = (i: number) => `frame ${i}`): Promise<{ renders: number; text: string }> {
      configure();
      const fixture = TestBed.createComponent(component);
      fixture.autoDetectChanges();
      let renders = 0;
      TestBed.runInInjectionContext(() => afterEveryRender(() => renders++));
      await settle();
      renders = 0;
      for (let i = 0; i < 100; i++) {
        serverSockets[0].send(frame(i));
      }
      await settle();
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
      child.destroy();
      serverSockets[0]?.send(JSON.stringify({ type: 'price', payload: 1 }));
      jest.advanceTimersByTime(50);
      expect(price()).toBeUndefined();
    });

    it('frames that reach a bound signal are rendered, in far fewer render passes than frames', async () => {
      const { renders, text } = await rendersWhileReceiving(BoundListenerComponent);
      expect(text).toBe('frame 99');
      expect(renders).toBeGreaterThan(0);
      expect(renders).toBeLessThanOrEqual(2);
    });
  });
});
