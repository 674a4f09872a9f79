import { type DeliveryOptions, resolveDeliveryPolicy, ɵDeliverySession, ɵcreateOutbox, ɵcreateReliability } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/**
 * Nothing lost, nothing duplicated, across reconnects, with a server that speaks the protocol in
 * docs/protocol.md (the reference server does). `acks`: outgoing messages carry ids and are held until
 * acknowledged, then resent after a reconnect if they were not. `resume`: incoming messages carry `seq`;
 * duplicates are dropped and the server replays what was missed.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/live' }, withReconnect(), withOfflineQueue(), withDelivery());
 * ```
 */
export function withDelivery(options: DeliveryOptions = {}): WebSocketFeature<WebSocketFeatureKind.Delivery> {
  // Acks hold each message until the server confirms it: that takes the outbox, even without a queue.
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Delivery, {
    options: { delivery: resolveDeliveryPolicy(options) },
    parts: { reliability: ɵcreateReliability, delivery: ɵDeliverySession, outbox: ɵcreateOutbox },
  });
}
