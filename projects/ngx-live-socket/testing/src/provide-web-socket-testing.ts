import { type EnvironmentProviders, inject, makeEnvironmentProviders } from '@angular/core';
import { WEB_SOCKET_FACTORY, WebSocketArgumentError, ɵWEB_SOCKET_CLOCK, ɵWEB_SOCKET_FRAME_SCHEDULER, ɵWEB_SOCKET_RANDOM } from 'ngx-live-socket';
import { WebSocketTestingBackend } from './web-socket-testing-backend';
import { WebSocketTestingController } from './web-socket-testing-controller';

/** Options of {@link provideWebSocketTesting}. */
export interface WebSocketTestingOptions {
  /**
   * What every backoff draw returns, in [0, 1). Default `0.5`: each reconnect waits half its jitter window,
   * so with `withReconnect()` defaults the first retry comes 375 ms after a drop, the second 750 ms after.
   */
  readonly random?: number;
}

/**
 * Replaces how the app's WebSocket connections reach the network, the clock, randomness and animation frames
 * with a {@link WebSocketTestingController} the test drives. Add it after `provideWebSocket(...)`, whose `url`,
 * features and options stay in force: only the socket, the time, the backoff jitter and the frames change.
 *
 * @usageNotes
 * ```ts
 * TestBed.configureTestingModule({
 *   providers: [
 *     provideWebSocket({ url: '/live' }, withReconnect(), withHeartbeat()),
 *     provideWebSocketTesting(),
 *   ],
 * });
 * const controller = TestBed.inject(WebSocketTestingController);
 * ```
 * It replaces a `withWebSocketFactory(...)` given to `provideWebSocket` too, as long as it comes after it.
 */
export function provideWebSocketTesting(options: WebSocketTestingOptions = {}): EnvironmentProviders {
  const random = options.random ?? 0.5;
  if (typeof random !== 'number' || !(random >= 0 && random < 1)) {
    throw new WebSocketArgumentError('provideWebSocketTesting random', `${String(random)} is not allowed; expected a number in [0, 1).`);
  }
  return makeEnvironmentProviders([
    WebSocketTestingBackend,
    { provide: WebSocketTestingController, useExisting: WebSocketTestingBackend },
    { provide: WEB_SOCKET_FACTORY, useFactory: () => inject(WebSocketTestingBackend).factory },
    { provide: ɵWEB_SOCKET_CLOCK, useFactory: () => inject(WebSocketTestingBackend).clock },
    { provide: ɵWEB_SOCKET_RANDOM, useValue: () => random },
    // latest(type) and resources write in animation frames; the test flushes them (flushFrames(), tick()).
    { provide: ɵWEB_SOCKET_FRAME_SCHEDULER, useFactory: () => inject(WebSocketTestingBackend).frames.schedule },
  ]);
}
