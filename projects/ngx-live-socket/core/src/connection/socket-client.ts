import { createHeartbeat } from '../heartbeat/heartbeat';
import { createHttpFallback } from '../http/http-fallback';
import { SocketConnection, type SocketClientOptions } from './socket-connection';

export type { SocketClientOptions } from './socket-connection';

/**
 * One resilient WebSocket connection, framework-free: it opens the socket, reconnects with full-jitter
 * backoff when the link drops, watches liveness with the heartbeat, falls back to HTTP when WebSocket is
 * blocked (`httpFallback`), and reports everything as observables.
 * Options are plain objects: `new SocketClient({ url, reconnect: { baseDelayMs: 250 }, heartbeat: {} })`.
 *
 * Nothing here throws into the app after construction except a bad argument to `close()`; failures are
 * reported on `errors$`.
 */
export class SocketClient extends SocketConnection {
  constructor(options: SocketClientOptions) {
    super(options, { heartbeat: createHeartbeat, httpFallback: createHttpFallback });
  }
}
