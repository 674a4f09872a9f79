import { ɵRequests } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/**
 * Enables `request()`: a message with an id whose reply (`re`) the server sends back, as an observable that
 * emits the reply and completes, or fails with a `WebSocketRequestError` (`timeout`, `error-reply`,
 * `not-sent`). Without this feature `request()` throws `NLS503` and the app ships none of its code.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/live', requestTimeoutMs: 5_000 }, withReconnect(), withRequests())
 * // in a component:
 * this.socket.request('room.join', { name }).subscribe((reply) => this.members.set(reply.members));
 * ```
 */
export function withRequests(): WebSocketFeature<WebSocketFeatureKind.Requests> {
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Requests, { options: {}, parts: { requests: ɵRequests } });
}
