import '@angular/compiler';
import { ChangeDetectionStrategy, Component, inject, provideZonelessChangeDetection } from '@angular/core';
import { type BootstrapContext, bootstrapApplication, provideClientHydration } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import { provideWebSocket } from './provide-web-socket';
import { messageResource } from './socket-resource';
import { ɵWEB_SOCKET_CLOCK } from './seams';
import { WebSocketService } from './web-socket.service';
import { withHeartbeat } from './with-heartbeat';
import { withReconnect } from './with-reconnect';
import { withWebSocketFactory } from './with-web-socket-factory';

@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p id="state">socket: {{ socket.state() }}</p>
    <p id="price">@if (price.hasValue()) { {{ price.value() }} } @else { price: {{ price.status() }} }</p>`,
})
class ServerRenderedComponent {
  readonly socket = inject(WebSocketService);
  readonly price = messageResource(this.socket, 'price'); // read while rendering: it must not hold the render either
  constructor() {
    this.socket.messages$.subscribe();
    this.socket.send('{"type":"hello"}'); // must not throw on the server either
  }
}

describe('server-side rendering', () => {
  it('renders an app that injects the service: nothing connects, no timer starts, the app becomes stable', async () => {
    const factory = jest.fn<WebSocket, [string, (string | string[])?]>();
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
            provideWebSocket({ url: '/live' }, withReconnect(), withHeartbeat(), withWebSocketFactory(factory)),
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
    expect(timersStarted).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000); // stability was not held up by the socket
  });
});
