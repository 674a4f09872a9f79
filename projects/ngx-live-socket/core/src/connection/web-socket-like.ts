import type { OutgoingFrame } from './outgoing-frame';

/** How binary frames arrive (the DOM's `BinaryType`, spelled out so the core's types need no DOM lib). */
export type SocketBinaryType = 'blob' | 'arraybuffer';

/** What carries a link: a WebSocket, or the HTTP fallback's stream and POSTs (`withHttpFallback()`). */
export type TransportKind = 'websocket' | 'http';

/**
 * What the library uses of a socket, and nothing more: the browser's `WebSocket`, Node's `ws`, mock-socket or
 * a test double all fit it as they are, so a {@link WebSocketFactory} returns them without a cast.
 *
 * Only the four events are listened to, through `addEventListener`; the `on*` properties are never touched.
 * A listener's event is typed `object`, as loosely as the library reads it: a socket built on `EventTarget`
 * (mock-socket, a test double) declares its listeners for any `Event`, which has no `data` or `code`, so a
 * stricter type here would shut it out. What the library reads of each event: `message` -> `data`; `close` ->
 * `code`, `reason`, `wasClean`; `error` -> `message` and `error` where present (Node's `ws` gives them,
 * browsers do not). No DOM-only type appears here: a Node project without `lib: ["dom"]` can type a factory too.
 *
 * @usageNotes
 * ```ts
 * import { WebSocket } from 'ws';
 * import { MessagingClient } from 'ngx-live-socket/core';
 *
 * const client = new MessagingClient({
 *   url: 'ws://127.0.0.1:8080/live',
 *   webSocketFactory: (url, protocols) => new WebSocket(url, protocols),
 * });
 * ```
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed, as in the WebSocket standard. */
  readonly readyState: number;
  /** The subprotocol the server chose, `''` for none (read once the socket opens). */
  readonly protocol: string;
  /**
   * Set once, before the first frame: `'blob'` or `'arraybuffer'` (the client's `binaryType` option), or
   * `'arraybuffer'` when the socket's own default is neither (Node's `ws` defaults to `'nodebuffer'`).
   */
  binaryType: string;
  /** What carries this socket's frames; a plain WebSocket leaves it out (`'websocket'`). */
  readonly transport?: TransportKind;
  /** Sends one frame: the codec's output, or a heartbeat ping. */
  send(data: OutgoingFrame): void;
  /** Starts the closing handshake; the `close` event follows. */
  close(code?: number, reason?: string): void;
  /** Called once per event name, right after the factory returns the socket. */
  addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: (event: object) => void): void;
}
