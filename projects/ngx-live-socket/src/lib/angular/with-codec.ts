import { WebSocketArgumentError, type WebSocketCodec } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * Speaks another wire format: the codec turns envelopes into frames and back, and the envelope `type` it
 * decodes is the routing key for `on(type)`. Pongs are recognised after decoding (type `"pong"`) unless
 * `withHeartbeat` sets its own `isPong`; `withHeartbeat` must set its own `ping` (see there).
 *
 * @usageNotes
 * A server that sends plain text and expects plain text: `withCodec(textCodec)`, then
 * `send('text', 'hello')` and `on('text')`. A server with its own JSON shape (`{action}` out, `{type, ...}` in):
 * ```ts
 * withCodec({
 *   encode: ({ type, payload }) => JSON.stringify({ action: type, ...(payload as object | undefined) }),
 *   decode: (frame) => {
 *     const { type, ...rest } = JSON.parse(String(frame));
 *     if (typeof type !== 'string') throw new Error('no "type" string');
 *     return { type, payload: rest };
 *   },
 * })
 * ```
 */
export function withCodec(codec: WebSocketCodec): WebSocketFeature<WebSocketFeatureKind.Codec> {
  if (typeof codec?.encode !== 'function' || typeof codec?.decode !== 'function') {
    throw new WebSocketArgumentError('codec', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'expected an object with encode(envelope) and decode(frame) functions.');
  }
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Codec, { options: { codec } });
}
