import type { CloseInfo } from './close-info';

/** Why something went wrong on a connection; reported on `errors$`, never thrown into the app. */
export type WebSocketErrorKind =
  /** The URL factory threw or rejected, or produced an invalid URL; the attempt is retried. */
  | 'url-failed'
  /** The socket could not be created (constructor threw, or no WebSocket on this platform). */
  | 'create-failed'
  /** The handshake did not finish within `connectTimeoutMs`. */
  | 'connect-timeout'
  /** The native socket fired `error` (the browser gives no detail; a close usually follows). */
  | 'socket-error'
  /** No frame arrived within the heartbeat timeout after a ping. */
  | 'heartbeat-timeout'
  /** The server closed with a policy/auth code and no `onAuthFailure` hook allowed a retry. */
  | 'auth-refused'
  /** `maxAttempts` consecutive attempts failed; the connection stays closed. */
  | 'gave-up'
  /** `send()` was called while the link was not open and no queue was configured; the data was not sent. */
  | 'send-failed'
  /** An app hook (e.g. `onAuthFailure`) threw. */
  | 'hook-failed';

/** An error on `errors$`. `kind` says what happened; `close` and `data` carry the details when there are some. */
export class WebSocketError extends Error {
  override readonly name = 'WebSocketError';

  constructor(
    readonly kind: WebSocketErrorKind,
    message: string,
    readonly details: { readonly close?: CloseInfo; readonly data?: unknown; readonly cause?: unknown } = {},
  ) {
    super(`ngx-live-socket: ${message}`);
  }
}
