import { type SharedConnectionOptions, ɵcheckSharedConnectionOptions, ɵcreateSharedConnection } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/**
 * One connection for every tab of the app: the tabs of one browser profile share one link (per connection),
 * held by one tab, the leader, elected with Web Locks; the others use it over a `BroadcastChannel`. Every tab
 * keeps the whole API (`on`, `channel`, `send` with its handle, `request`, `state`, `stats`, `errors$`...).
 * When the leader closes or crashes, the next tab takes the link over; with `withDelivery()` it continues the
 * same session, so nothing any tab sent or receives is lost or repeated. `close()` and `sendRaw()` in any tab
 * act on the shared link. `stats()` tells this tab's `tabRole` and the `sharedTabs`.
 *
 * Where the browser has no Web Locks or no `BroadcastChannel` (and on the server platform), each tab keeps a
 * connection of its own, and `stats().sharedFallback` says why.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/ws' }, withReconnect(), withDelivery(), withSharedConnection())
 * ```
 */
export function withSharedConnection(options: SharedConnectionOptions = {}): WebSocketFeature<WebSocketFeatureKind.SharedConnection> {
  ɵcheckSharedConnectionOptions(options); // a bad option throws here, when the app config is read
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.SharedConnection, {
    options: {},
    shared: (clientOptions, parts, connectionName) => ɵcreateSharedConnection(clientOptions, parts, options, connectionName),
  });
}
