import { InjectionToken } from '@angular/core';
import { type DeliveryOptions, type DeliveryPolicy, resolveDeliveryPolicy } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

export const ɵDELIVERY_POLICY = new InjectionToken<DeliveryPolicy | null>('DELIVERY_POLICY');

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
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Delivery, [{ provide: ɵDELIVERY_POLICY, useValue: resolveDeliveryPolicy(options) }]);
}
