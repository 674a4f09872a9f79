import { type HeartbeatOptions, resolveHeartbeatPolicy, ɵassertPingFitsCodec, ɵcreateHeartbeat } from 'ngx-live-socket/core';
import { WebSocketFeatureKind, type WebSocketFeature, ɵmakeWebSocketFeature } from './web-socket-feature';

/**
 * Detects dead links (half-open TCP, a sleeping laptop, a throttled background tab) with an app-level
 * ping/pong. Any incoming frame counts as life; after `intervalMs` (10 s) of silence a ping is sent, and if
 * nothing arrives within `timeoutMs` (5 s) the socket is dropped and reconnect starts: a dead link is noticed
 * at most 15 s after the last frame by default. Time is judged by the wall clock, so throttled timers do
 * not stretch it. The pong's round trip is in `stats().lastRttMs`.
 *
 * @usageNotes
 * The defaults speak the reference protocol (`{"type":"ping"}` answered by `{"type":"pong"}`). Another server:
 * ```ts
 * withHeartbeat({ ping: () => 'PING', isPong: (data) => data === 'PONG', intervalMs: 20_000 })
 * ```
 * With a custom codec (`withCodec()`) the ping must be given: the default JSON ping would go through the
 * codec in a shape the server may not read, so `provideWebSocket` throws naming `heartbeat ping`.
 *
 * A server that echoes or broadcasts what it receives sends pings back (to everyone): harmless to
 * liveness, but give such a server a ping it ignores, or `isPong` that recognises the echo.
 */
export function withHeartbeat(options: HeartbeatOptions = {}): WebSocketFeature<WebSocketFeatureKind.Heartbeat> {
  resolveHeartbeatPolicy(options); // bad options throw here, when the app config is read
  return ɵmakeWebSocketFeature(WebSocketFeatureKind.Heartbeat, {
    options: { heartbeat: options },
    parts: { heartbeat: ɵcreateHeartbeat },
    // With withCodec(), the default ping would go out in the codec's shape: provideWebSocket fails at once.
    check: ({ heartbeat, codec }) => ɵassertPingFitsCodec(heartbeat, codec),
  });
}
