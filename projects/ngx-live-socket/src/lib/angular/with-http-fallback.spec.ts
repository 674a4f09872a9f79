import { TestBed } from '@angular/core/testing';
import { WebSocketArgumentError } from 'ngx-live-socket/core';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { fakeFetch } from '../../../../../tests/support/fake-fetch';
import { provideWebSocket } from './provide-web-socket';
import type { WebSocketFeature } from './web-socket-feature';
import { WebSocketService } from './web-socket.service';
import { withHttpFallback } from './with-http-fallback';
import { withReconnect } from './with-reconnect';

const URL_ = 'ws://localhost:8081/live';
/** Lets the HTTP socket's promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('withHttpFallback()', () => {
  afterEach(() => TestBed.resetTestingModule());

  function configure(...features: WebSocketFeature[]) {
    TestBed.configureTestingModule({ providers: [provideWebSocket({ url: URL_ }, withReconnect(), ...features), provideWebSocketTesting({ random: 0 })] });
    return { controller: TestBed.inject(WebSocketTestingController), socket: TestBed.inject(WebSocketService) };
  }

  it('when the WebSocket is refused, the service goes on over HTTP at once: messages both ways, stats say http', async () => {
    const { fetch, calls } = fakeFetch();
    const { controller, socket } = configure(withHttpFallback({ fetch, storage: null }));
    const greetings: unknown[] = [];
    socket.on('greeting').subscribe((payload) => greetings.push(payload));
    const errors: string[] = [];
    socket.errors$.subscribe((error) => errors.push(error.kind));

    controller.expectConnection(URL_).error();
    expect(calls.map((call) => call.url)).toEqual(['http://localhost:8081/live']); // no backoff in between
    const stream = calls[0].stream();
    stream.write('event: open\ndata: {"link":"abc"}\n\n');
    await settle();
    expect(socket.state()).toBe('open');
    expect(socket.stats().transport).toBe('http');
    expect(errors).toEqual(['socket-error']); // the refused WebSocket is reported, not hidden

    stream.write('data: {"type":"greeting","payload":"hello"}\n\n');
    await settle();
    expect(greetings).toEqual(['hello']);

    socket.send('chat', { text: 'hi' });
    await settle();
    expect(calls[1].url).toBe('http://localhost:8081/live?nls-link=abc');
    expect(calls[1].frames).toEqual([JSON.stringify({ type: 'chat', payload: { text: 'hi' } })]);
    controller.verify();
  });

  // The control: the same refused WebSocket without the feature never reaches fetch and waits for a retry.
  it('without it (control) a refused WebSocket is retried as a WebSocket, and no HTTP request is made', () => {
    const { calls } = fakeFetch();
    const { controller, socket } = configure();
    const errors: string[] = [];
    socket.errors$.subscribe((error) => errors.push(error.kind));
    controller.expectConnection(URL_).error();
    expect(socket.state()).toBe('reconnecting');
    expect(calls).toEqual([]);
    expect(errors).toEqual(['socket-error']);
    controller.tick(0);
    controller.expectConnection(URL_).open();
    expect(socket.stats().transport).toBe('websocket');
    controller.verify();
  });

  it('refuses bad options when the app config is read, naming the option', () => {
    expect(() => withHttpFallback({ webSocketTimeoutMs: 0 })).toThrow(WebSocketArgumentError);
    expect(() => withHttpFallback({ upgradeProbeMs: -1 })).toThrow(/httpFallback\.upgradeProbeMs/);
  });
});
