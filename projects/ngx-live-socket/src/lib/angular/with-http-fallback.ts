import { type HttpFallbackOptions, ɵcreateHttpFallback, ɵresolveHttpFallbackTimes } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/**
 * Keeps the app connected where WebSocket is blocked (a corporate proxy, some antivirus software or mobile
 * networks refuse or swallow the upgrade): each connection attempt tries a WebSocket and, when it fails before
 * it opens (or is not open within `webSocketTimeoutMs`), HTTP at once: a streaming response carries the
 * server's frames, POSTs carry the app's. Everything above works unchanged over it: `on()`, channels,
 * requests, heartbeat, the offline queue, and delivery's acks and resume. The transport that worked is tried
 * first from then on (remembered in `sessionStorage`); while on HTTP a WebSocket is probed every
 * `upgradeProbeMs`, and the link moves back to it when one opens. `stats().transport` tells which is in use.
 *
 * The server must speak the HTTP side of the protocol on the socket URL (docs/protocol.md, "HTTP transport");
 * the reference server does. Text frames only: a binary frame sent over HTTP fails with `send-failed`.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/ws' }, withReconnect(), withDelivery(), withHttpFallback())
 * ```
 */
export function withHttpFallback(options: HttpFallbackOptions = {}): WebSocketFeature<WebSocketFeatureKind.HttpFallback> {
  ɵresolveHttpFallbackTimes(options); // bad options throw here, when the app config is read
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.HttpFallback, {
    options: { httpFallback: options },
    parts: { httpFallback: ɵcreateHttpFallback },
  });
}
