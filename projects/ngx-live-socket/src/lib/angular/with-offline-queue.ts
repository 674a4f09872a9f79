import { type OfflineQueueOptions, resolveOfflineQueuePolicy, ɵPersistentQueue, ɵcreateOutbox, ɵcreateReliability } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/**
 * Keeps what the app sends while the link is down, in order, and sends it once the link is open, before
 * anything sent after. Bounded by count (1,000) and bytes (1 MiB) by default, with an optional max age;
 * the `overflow` policy says what gives when it is full (`'error'` by default: the new message fails and
 * `queue-overflow` is reported). With `persist`, what a page holds when it is reloaded, closed or crashes is
 * delivered once by another page of the app (each page keeps its own record; docs/protocol.md).
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/live' }, withReconnect(), withOfflineQueue({ maxMessages: 200, maxAgeMs: 60_000, persist: true }));
 * // later
 * const handle = socket.send('chat.send', { text }); // queued while offline
 * handle.status$.subscribe(({ state }) => ...);       // queued -> sent (-> acked with withDelivery())
 * ```
 */
export function withOfflineQueue(options: OfflineQueueOptions = {}): WebSocketFeature<WebSocketFeatureKind.OfflineQueue> {
  const queue = resolveOfflineQueuePolicy(options);
  // Persistence is its own part: an app that keeps its queue in memory does not ship it.
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.OfflineQueue, {
    options: { queue },
    parts: { reliability: ɵcreateReliability, outbox: ɵcreateOutbox, ...(queue.persist === false ? {} : { persistence: ɵPersistentQueue }) },
  });
}
