import { ChangeDetectionStrategy, Component, EnvironmentInjector, type Type, afterEveryRender, createEnvironmentInjector, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type Client, Server } from 'mock-socket';
import { mockSocketFactory } from '../../../../../tests/support/mock-socket-factory';
import { WebSocketArgumentError } from '../core/argument-error';
import { provideWebSocket } from './provide-web-socket';
import { WebSocketService } from './web-socket.service';
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

  function configure(...extra: Parameters<typeof provideWebSocket>[1][]): WebSocketService {
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
    expect(socket.send('hi')).toBe(true);
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

  it('resolves a relative url against the document base', () => {
    const factory = mockSocketFactory();
    TestBed.configureTestingModule({ providers: [provideWebSocket({ url: '/live' }, withWebSocketFactory(factory))] });
    TestBed.inject(WebSocketService);
    expect(factory.urls).toEqual([new URL('/live', document.baseURI).href.replace(/^http/, 'ws')]);
  });

  it('fails at once on an invalid url or close arguments, naming them', () => {
    TestBed.configureTestingModule({ providers: [provideWebSocket({ url: 'ftp://example.com' })] });
    expect(() => TestBed.inject(WebSocketService)).toThrow('invalid url: "ftp://example.com" has scheme ftp:');
    TestBed.resetTestingModule();
    const socket = configure();
    expect(() => socket.close(1001)).toThrow('invalid close code: 1001');
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

    async function rendersWhileReceiving(component: Type<unknown>): Promise<{ renders: number; text: string }> {
      configure();
      const fixture = TestBed.createComponent(component);
      fixture.autoDetectChanges();
      let renders = 0;
      TestBed.runInInjectionContext(() => afterEveryRender(() => renders++));
      await settle();
      renders = 0;
      for (let i = 0; i < 100; i++) {
        serverSockets[0].send(`frame ${i}`);
      }
      await settle();
      return { renders, text: fixture.nativeElement.textContent.trim() };
    }

    it('100 incoming frames to a subscriber that touches no signal render 0 times', async () => {
      const { renders } = await rendersWhileReceiving(UnboundListenerComponent);
      expect(renders).toBe(0);
    });

    it('frames that reach a bound signal are rendered, in far fewer render passes than frames', async () => {
      const { renders, text } = await rendersWhileReceiving(BoundListenerComponent);
      expect(text).toBe('frame 99');
      expect(renders).toBeGreaterThan(0);
      expect(renders).toBeLessThanOrEqual(2);
    });
  });
});
