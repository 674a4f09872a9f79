import { ɵChannels } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/**
 * Enables `channel(name)` and `channelResource()`: server-side channel subscriptions, reference-counted (the
 * first subscriber sends `sub`, the last unsubscribe sends `unsub`) and subscribed again after every
 * reconnect. Without this feature `channel()` throws `NLS503` and the app ships none of its code.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: '/live' }, withReconnect(), withChannels())
 * // in a component:
 * readonly room = toSignal(this.socket.channel('room:lobby'));
 * ```
 */
export function withChannels(): WebSocketFeature<WebSocketFeatureKind.Channels> {
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Channels, { options: {}, parts: { channels: ɵChannels } });
}
