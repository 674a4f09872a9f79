import { Injector, inject, runInInjectionContext } from '@angular/core';
import { type CloseInfo, type ReconnectOptions, resolveReconnectPolicy } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵWEB_SOCKET_FEATURES, type ɵWebSocketFeatureContribution } from './web-socket-feature';

/**
 * Reconnects after the link drops, with full-jitter exponential backoff: attempt `n` waits a uniform random
 * time in [0, min(maxDelayMs, baseDelayMs * factor^n)) (defaults 750 ms, x2, 10 s, unlimited attempts),
 * and the count resets once a connection stayed up `stableAfterMs` (5 s).
 *
 * Not retried: the app's own `close()`, and policy/auth closes (1008, 4401, 4403) unless `onAuthFailure`
 * returns `true`. A `retry-after` hint in the close reason (sent with 1012/1013) is waited out first.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket(
 *   { url: async () => `wss://api.example.com/live?token=${await auth.freshToken()}` },
 *   withReconnect({ maxDelayMs: 10_000, onAuthFailure: () => auth.refresh() }),
 * );
 * ```
 * Invalid options (say `factor: 0.5`) throw at once, naming the option.
 */
export function withReconnect(options: ReconnectOptions = {}): WebSocketFeature<WebSocketFeatureKind.Reconnect> {
  const policy = resolveReconnectPolicy(options);
  const { onAuthFailure } = policy;
  return {
    ɵkind: WebSocketFeatureKind.Reconnect,
    ɵproviders: [
      {
        provide: ɵWEB_SOCKET_FEATURES,
        multi: true,
        useFactory: (): ɵWebSocketFeatureContribution => {
          // The hook may inject() (a token service, say), also when a reconnect calls it much later.
          const injector = inject(Injector);
          const hook = onAuthFailure && ((close: CloseInfo) => runInInjectionContext(injector, () => onAuthFailure(close)));
          return { options: { reconnect: hook ? { ...policy, onAuthFailure: hook } : policy } };
        },
      },
    ],
  };
}
