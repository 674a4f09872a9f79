import { type OfflineQueueOptions, WebSocketArgumentError, resolveOfflineQueuePolicy, ɵcreateOutbox, ɵcreateReliability } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * Keeps what the app sends while the link is down, in order, and sends it once the link is open, before
 * anything sent after. Bounded by count (1,000) and bytes (1 MiB) by default, with an optional max age;
 * the `overflow` policy says what gives when it is full (`'error'` by default: the new message fails and
 * `queue-overflow` is reported). The queue lives in memory; add {@link withQueuePersistence} to keep it
 * across reloads, closed tabs and crashes.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/live' }, withReconnect(), withOfflineQueue({ maxMessages: 200, maxAgeMs: 60_000 }));
 * // later
 * const handle = socket.send('chat.send', { text }); // queued while offline
 * handle.status$.subscribe(({ state }) => ...);       // queued -> sent (-> acked with withDelivery())
 * ```
 */
export function withOfflineQueue(options: Omit<OfflineQueueOptions, 'persist'> = {}): WebSocketFeature<WebSocketFeatureKind.OfflineQueue> {
  // Persistence is its own feature, so an app that keeps its queue in memory does not ship it.
  if ((options as OfflineQueueOptions | null)?.persist) {
    throw new WebSocketArgumentError('withOfflineQueue persist', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'persistence is a feature of its own: add withQueuePersistence() (or withQueuePersistence({ storage })) beside withOfflineQueue().');
  }
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.OfflineQueue, {
    options: { queue: resolveOfflineQueuePolicy(options) },
    parts: { reliability: ɵcreateReliability, outbox: ɵcreateOutbox },
  });
}
