import { type QueueStorage, WebSocketArgumentError, resolveOfflineQueuePolicy, ɵcreateQueuePersistence } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Where {@link withQueuePersistence} keeps the queue. */
export interface QueuePersistenceOptions {
  /**
   * The storage of the queue's records.
   * @default `localStorage` (nothing is kept where it is unavailable, and `errors$` says so)
   */
  readonly storage?: QueueStorage;
}

/**
 * Keeps the offline queue ({@link withOfflineQueue}, which it needs) in storage: what a page holds when it
 * is reloaded, closed or crashes is delivered once by another page of the app. Each page keeps its own
 * record, and a record left by a page that is gone goes to exactly one other page (docs/protocol.md). An
 * app without this feature ships none of its code.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/live' }, withReconnect(), withOfflineQueue(), withQueuePersistence(), withDelivery());
 * ```
 */
export function withQueuePersistence(options: QueuePersistenceOptions = {}): WebSocketFeature<WebSocketFeatureKind.QueuePersistence> {
  const persist = options?.storage ?? true;
  resolveOfflineQueuePolicy({ persist }); // a storage without the methods a queue needs fails here, by name
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.QueuePersistence, {
    options: {},
    persist,
    parts: { persistence: ɵcreateQueuePersistence },
    check: ({ queue }) => {
      if (queue == null) {
        throw new WebSocketArgumentError('withQueuePersistence', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'there is no queue to keep: add withOfflineQueue() as well.');
      }
    },
  });
}
