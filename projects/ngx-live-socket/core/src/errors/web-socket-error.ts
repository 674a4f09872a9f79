import type { CloseInfo } from '../connection/close-info';
import { ERROR_CODES, errorText } from './error-codes';
import { libraryMessage } from './library-message';

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
  /** The server sent an error envelope that answers no request. */
  | 'server-error'
  /** The offline queue was full and its `overflow: 'error'` policy refused a message. */
  | 'queue-overflow'
  /** A persisted queue could not be read back (corrupt, or from another version) and was dropped. */
  | 'queue-restore-failed'
  /**
   * The server broke the protocol and the client did not trust it: an `ack` or a reply (`re`) naming an id
   * above the highest id sent on this session. The message names both ids; nothing was acknowledged by it.
   */
  | 'protocol-error'
  /**
   * With resume: a message's `seq` skipped ahead of the next one expected. The message names both; the
   * client holds what arrived, asks the server to replay the gap, and delivers everything in order.
   */
  | 'seq-gap'
  /**
   * With resume: messages were lost for good: the server no longer had them, its replay ended with the gap
   * still open, the reorder buffer filled up, or the gap stayed open too long. The message names the missing
   * seq range where it is known; the messages after the gap are then delivered.
   */
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
  /** The kind's stable code, e.g. `NLS205` for `heartbeat-timeout` (docs/errors.md). */
  readonly code: string;

  constructor(
    readonly kind: WebSocketErrorKind,
    /** What happened; `false` where a production build dropped the text (the code and kind say it then). */
    message: string | false,
    readonly details: WebSocketErrorDetails = {},
  ) {
    const code = ERROR_CODES[kind];
    super(libraryMessage(errorText(code, kind, message)));
    this.code = code;
    // V8 keeps the objects of every captured stack frame (the socket that fired the event, say) alive until
    // the stack is first read; reading it now lets a kept error hold nothing but text.
    void this.stack;
  }
}
