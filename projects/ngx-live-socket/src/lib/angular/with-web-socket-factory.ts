import { type WebSocketFactory } from 'ngx-live-socket/core';
import { WEB_SOCKET_FACTORY } from './seams';
import { WebSocketFeatureKind, type WebSocketFeature } from './web-socket-feature';

/**
 * Replaces how the native socket is made, e.g. Node's `ws` for server-side tests, or mock-socket.
 *
 * @usageNotes
 * ```ts
 * import { WebSocket as MockWebSocket } from 'mock-socket';
 * provideWebSocket({ url: 'ws://localhost:8080' },
 *   withWebSocketFactory((url, protocols) => new MockWebSocket(url, protocols)));
 * ```
 */
export function withWebSocketFactory(factory: WebSocketFactory): WebSocketFeature<WebSocketFeatureKind.WebSocketFactory> {
  // The factory is a seam (WEB_SOCKET_FACTORY) that tests and the testing entry point provide too.
  return { ɵkind: WebSocketFeatureKind.WebSocketFactory, ɵproviders: [{ provide: WEB_SOCKET_FACTORY, useValue: factory }] };
}
