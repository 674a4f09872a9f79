import type { Provider } from '@angular/core';

/** Identifies a feature passed to {@link provideWebSocket}. */
export enum WebSocketFeatureKind {
  Reconnect,
  Heartbeat,
  WebSocketFactory,
  Codec,
  OfflineQueue,
  Delivery,
}

/**
 * One optional behaviour of a connection, made by a `with*()` function and passed to
 * {@link provideWebSocket}, like `withInterceptors()` for `provideHttpClient()`.
 */
export interface WebSocketFeature<KindT extends WebSocketFeatureKind = WebSocketFeatureKind> {
  readonly ɵkind: KindT;
  readonly ɵproviders: Provider[];
}

export function ɵmakeWebSocketFeature<KindT extends WebSocketFeatureKind>(
  kind: KindT,
  providers: Provider[],
): WebSocketFeature<KindT> {
  return { ɵkind: kind, ɵproviders: providers };
}
