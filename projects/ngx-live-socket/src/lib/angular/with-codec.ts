import { InjectionToken } from '@angular/core';
import { WebSocketArgumentError } from '../core/argument-error';
import type { WebSocketCodec } from '../core/codec';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

export const ɵWEB_SOCKET_CODEC = new InjectionToken<WebSocketCodec | null>('WEB_SOCKET_CODEC');

/**
 * Speaks another wire format: the codec turns envelopes into frames and back, and the envelope `type` it
 * decodes is the routing key for `on(type)`. Heartbeat pings and pongs go through it too unless
 * `withHeartbeat` sets its own `ping`/`isPong`.
 *
 * @usageNotes
 * A server that sends plain text and expects plain text:
 * ```ts
 * withCodec({
 *   encode: (envelope) => String(envelope.payload),
 *   decode: (frame) => ({ type: 'text', payload: String(frame) }),
 * })
 * ```
 */
export function withCodec(codec: WebSocketCodec): WebSocketFeature<WebSocketFeatureKind.Codec> {
  if (typeof codec?.encode !== 'function' || typeof codec?.decode !== 'function') {
    throw new WebSocketArgumentError('codec', 'expected an object with encode(envelope) and decode(frame) functions.');
  }
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Codec, [{ provide: ɵWEB_SOCKET_CODEC, useValue: codec }]);
}
