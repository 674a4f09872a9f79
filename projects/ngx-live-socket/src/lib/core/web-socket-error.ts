import type { CloseInfo } from './close-info';

/** Why something went wrong on a connection; reported on `errors$`, never thrown into the app. */
export type WebSocketErrorKind =
  /** The URL factory threw or rejected, or produced an invalid URL; the attempt is retried. */
  | 'url-failed'
  /** The socket could not be created (constructor threw, or no WebSocket on this platform). */
  | 'create-failed'
  /** The handshake did not finish within `connectTimeoutMs`. */
  | 'connect-timeout'
  /**
   * The native socket fired `error` (a close usually follows). Browsers give no detail; Node's `ws` gives
   * its error as `cause`, and a refused handshake's status as `httpStatus`.
   */
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
  | 'hook-failed'
  /** An incoming frame the codec could not read (not JSON, no `type`, a field of the wrong type). */
  | 'malformed-frame'
  /** An incoming message nobody listens to: no `on(type)`, channel or catch-all subscriber. */
  | 'unhandled-message'
  /** The server sent an error envelope that answers no request. */
  | 'server-error'
  /** The offline queue was full and its `overflow: 'error'` policy refused a message. */
  | 'queue-overflow'
  /** A persisted queue could not be read back (corrupt, or from another version) and was dropped. */
  | 'queue-restore-failed'
  /** After a reconnect the server could not replay every message missed (its buffer no longer had them). */
  | 'resume-gap';

/** What is known about a {@link WebSocketError}, each field when there is something to say. */
export interface WebSocketErrorDetails {
  readonly close?: CloseInfo;
  readonly data?: unknown;
  readonly cause?: unknown;
  /**
   * The HTTP status of a refused handshake, when the socket tells it (Node's `ws` does, on `socket-error`;
   * browsers never do).
   */
  readonly httpStatus?: number;
}

/** An error on `errors$`. `kind` says what happened; `details` carries what is known. */
export class WebSocketError extends Error {
  override readonly name = 'WebSocketError';

  constructor(
    readonly kind: WebSocketErrorKind,
    message: string,
    readonly details: WebSocketErrorDetails = {},
  ) {
    super(`ngx-live-socket: ${message}`);
    // V8 keeps the objects of every captured stack frame (the socket that fired the event, say) alive until
    // the stack is first read; reading it now lets a kept error hold nothing but text.
    void this.stack;
  }
}
