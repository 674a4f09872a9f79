import '@angular/compiler';
import { ChangeDetectionStrategy, Component, inject, provideZonelessChangeDetection } from '@angular/core';
import { type BootstrapContext, bootstrapApplication, provideClientHydration } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { type Clock, type SendHandle, type WebSocketError, ɵsystemClock as systemClock } from 'ngx-live-socket/core';
import { provideWebSocket } from './provide-web-socket';
import { messageResource } from './socket-resource';
import { ɵWEB_SOCKET_CLOCK } from './seams';
import { WebSocketService } from './web-socket.service';
import { withHeartbeat } from './with-heartbeat';
import { withOfflineQueue } from './with-offline-queue';
import { withReconnect } from './with-reconnect';
import { withSharedConnection } from './with-shared-connection';
import { withWebSocketFactory } from './with-web-socket-factory';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p id="state">socket: {{ socket.state() }}</p>
    <p id="price">@if (price.hasValue()) { {{ price.value() }} } @else { price: {{ price.status() }} }</p>`,
})
class ServerRenderedComponent {
  static lastSend: { handle: SendHandle; errors: WebSocketError[] } | null = null;
  readonly socket = inject(WebSocketService);
  readonly price = messageResource(this.socket, 'price'); // read while rendering: it must not hold the render either
  constructor() {
    const errors: WebSocketError[] = [];
    this.socket.errors$.subscribe((error) => errors.push(error));
    this.socket.messages$.subscribe();
    ServerRenderedComponent.lastSend = { handle: this.socket.send('hello'), errors }; // must not throw on the server either
  }
}

describe('server-side rendering', () => {
  it('renders an app that injects the service: nothing connects, no timer starts, the app becomes stable', async () => {
    const factory = jest.fn<WebSocket, [string, (string | string[])?]>();
    const sharedChannel = jest.fn(() => null);
    let timersStarted = 0;
    const countingClock: Clock = {
      ...systemClock,
      setTimeout: (callback, ms) => {
        timersStarted++;
        return systemClock.setTimeout(callback, ms);
      },
    };
    const bootstrap = (context: BootstrapContext) =>
      bootstrapApplication(
        ServerRenderedComponent,
        {
          providers: [
            provideZonelessChangeDetection(),
            provideServerRendering(),
            provideClientHydration(),
            // A relative url: on the server there is no page to resolve it against, and that is fine.
            // Tabs share nothing on the server: no channel is made, no lock asked for (Node has BroadcastChannel).
            provideWebSocket({ url: '/live' }, withReconnect(), withHeartbeat(), withOfflineQueue(), withWebSocketFactory(factory), withSharedConnection({ channel: sharedChannel })),
            { provide: ɵWEB_SOCKET_CLOCK, useValue: countingClock },
          ],
        },
        context,
      );

    const started = Date.now();
    const html = await renderApplication(bootstrap, {
      document: '<html><head></head><body><app-root></app-root></body></html>',
      url: 'http://localhost/',
      allowedHosts: ['localhost'],
    });

    expect(html).toContain('socket: idle');
    expect(html).toContain('price: loading');
    expect(html).toContain('ng-server-context'); // rendered by platform-server, ready to hydrate
    expect(factory).not.toHaveBeenCalled();
    expect(sharedChannel).not.toHaveBeenCalled();
    expect(timersStarted).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000); // stability was not held up by the socket
    // send() on the server: a failed handle, and words that do not deny the configured queue.
    const { handle, errors } = ServerRenderedComponent.lastSend!;
    expect(handle.status).toEqual({ state: 'failed', reason: 'offline' });
    expect(errors.map((error) => error.kind)).toEqual(['send-failed']);
    expect(errors[0].message).toContain('or the server platform');
  });

  it.each([
    ['localhost:4399/ws', 'invalid url: "localhost:4399/ws" has no scheme; add ws:// or wss://'],
    ['ftp://example.com/ws?token=s3cret', 'invalid url: "ftp://example.com/ws?token=***" has scheme ftp:'],
  ])('refuses the bad url %j at provideWebSocket time, as the browser does, with one prefix', (url, problem) => {
    const provide = () => provideWebSocket({ url });
    expect(provide).toThrow(`ngx-live-socket: ${problem}`);
    expect(provide).not.toThrow(/ngx-live-socket: ngx-live-socket|s3cret/);
  });
});
