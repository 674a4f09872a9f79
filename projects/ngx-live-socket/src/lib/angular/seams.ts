import { InjectionToken } from '@angular/core';
import { type Clock, type RandomSource, type WebSocketFactory, ɵglobalWebSocketFactory as globalWebSocketFactory, ɵmathRandom as mathRandom, ɵsystemClock as systemClock } from 'ngx-live-socket/core';

/** Angular's dev-mode flag, `false` in production builds, which then drop token names as Angular's own tokens do. */
declare const ngDevMode: unknown;

/**
 * Creates the native socket on each attempt. Defaults to `globalThis.WebSocket`, looked up when a connection
 * is attempted, never at load. Set it with {@link withWebSocketFactory}.
 */
export const WEB_SOCKET_FACTORY = new InjectionToken<WebSocketFactory>(typeof ngDevMode === 'undefined' || !!ngDevMode ? 'WEB_SOCKET_FACTORY' : '', {
  providedIn: 'root',
  factory: () => globalWebSocketFactory,
});

/** Time source for backoff, heartbeat and timeouts. Replaced by the testing entry point. */
export const ɵWEB_SOCKET_CLOCK = new InjectionToken<Clock>(typeof ngDevMode === 'undefined' || !!ngDevMode ? 'WEB_SOCKET_CLOCK' : '', {
  providedIn: 'root',
  factory: () => systemClock,
});

/** Randomness for backoff jitter. Replaced by the testing entry point. */
export const ɵWEB_SOCKET_RANDOM = new InjectionToken<RandomSource>(typeof ngDevMode === 'undefined' || !!ngDevMode ? 'WEB_SOCKET_RANDOM' : '', {
  providedIn: 'root',
  factory: () => mathRandom,
});
