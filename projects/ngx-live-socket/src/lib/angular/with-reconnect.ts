import { InjectionToken } from '@angular/core';
import { type ReconnectOptions, type ReconnectPolicy, resolveReconnectPolicy } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

export const ɵRECONNECT_POLICY = new InjectionToken<ReconnectPolicy | null>('RECONNECT_POLICY');

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
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Reconnect, [
    { provide: ɵRECONNECT_POLICY, useValue: resolveReconnectPolicy(options) },
  ]);
}
