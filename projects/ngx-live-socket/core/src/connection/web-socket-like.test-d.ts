// Compiled by tsc (npm run test:types), never run: each @ts-expect-error line must stay an error.
// Pins WebSocketFactory: the browser's WebSocket, Node's `ws` and mock-socket plug in without a cast;
// what is not a socket does not.
import { WebSocket as NodeWebSocket } from 'ws';
import { WebSocket as MockWebSocket } from 'mock-socket';
import type { WebSocketFactory } from '../../public-api';
import { MessagingClient, SocketClient } from '../../public-api';

export const browser: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols);
export const node: WebSocketFactory = (url, protocols) => new NodeWebSocket(url, protocols);
export const mock: WebSocketFactory = (url, protocols) => new MockWebSocket(url, protocols);
export const nodeClient = new MessagingClient({ url: 'ws://127.0.0.1:8080', webSocketFactory: (url, protocols) => new NodeWebSocket(url, protocols) });
export const rawNodeClient = new SocketClient({ url: 'ws://127.0.0.1:8080', webSocketFactory: (url, protocols) => new NodeWebSocket(url, protocols) });

/** A hand-written double needs only what the library uses. */
class MinimalSocket extends EventTarget {
  readyState = 0;
  protocol = '';
  binaryType = 'blob';
  send(): void {}
  close(): void {}
}
export const double: WebSocketFactory = () => new MinimalSocket();

// @ts-expect-error a URL is not a socket
export const notASocket: WebSocketFactory = (url) => url;
// @ts-expect-error an EventTarget alone cannot send or close
export const eventTargetOnly: WebSocketFactory = () => new EventTarget();
// @ts-expect-error readyState is a number in every WebSocket, not a word
export const wordState: WebSocketFactory = () => ({ readyState: 'open', protocol: '', binaryType: 'blob', send() {}, close() {}, addEventListener() {} });
// @ts-expect-error the library sends frames through send(): a socket without it does not fit
export const noSend: WebSocketFactory = () => ({ readyState: 0, protocol: '', binaryType: 'blob', close() {}, addEventListener() {} });
