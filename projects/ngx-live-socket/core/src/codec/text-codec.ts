import type { WebSocketCodec } from './codec';

/** The one message type of {@link textCodec}: every incoming text frame, and what `send('text', ...)` sends. */
export const TEXT_MESSAGE_TYPE = 'text';

/**
 * The protocol of a plain-text server for typed call sites: `on('text')` emits strings, `send('text', s)`
 * takes one.
 */
export interface PlainTextProtocol {
  incoming: { text: string };
  outgoing: { text: string };
}

/**
 * For a server that speaks plain text, not JSON envelopes: each incoming text frame becomes a `'text'`
 * message whose payload is the frame, and `send('text', 'hello')` sends the frame `hello`.
 *
 * Anything else has no plain-text form and is refused with a clear error rather than sent in some made-up
 * shape: another message type or a non-string payload throws at `send()`; channels, requests and
 * `withDelivery()` need envelopes, so they do not work with it; `withHeartbeat()` needs an explicit ping.
 *
 * @usageNotes
 * ```ts
 * provideWebSocket({ url: 'ws://localhost:8080' }, withCodec(textCodec), withReconnect());
 * const socket = injectWebSocket<PlainTextProtocol>();
 * socket.on('text').subscribe((line) => console.log(line));
 * socket.send('text', 'hello');
 * ```
 */
export const textCodec: WebSocketCodec = {
  encode: ({ type, payload }) => {
    if (type !== TEXT_MESSAGE_TYPE || typeof payload !== 'string') {
      const got = type !== TEXT_MESSAGE_TYPE ? `type "${type}"` : `a payload of type ${payload === null ? 'null' : typeof payload}`;
      throw new Error(`the plain-text codec sends only "${TEXT_MESSAGE_TYPE}" messages with a string payload; got ${got}`);
    }
    return payload;
  },
  decode: (frame) => {
    if (typeof frame !== 'string') {
      throw new Error('a binary frame reached the plain-text codec');
    }
    return { type: TEXT_MESSAGE_TYPE, payload: frame };
  },
};
