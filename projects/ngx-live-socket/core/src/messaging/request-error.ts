import { libraryMessage } from '../errors/library-message';
import type { SendFailureReason } from '../queue/send-handle';

/** Why a request produced no reply. */
export type RequestErrorKind =
  /** No reply within `timeoutMs` (counted from the call, time spent queued included). */
  | 'timeout'
  /** The server answered with an error envelope (`{"type":"error","re":<id>}`). */
  | 'error-reply'
  /** The request could not be sent (see `reason`). */
  | 'not-sent';

/** The error a request's observable fails with. */
export class WebSocketRequestError extends Error {
  override readonly name = 'WebSocketRequestError';

  constructor(
    readonly kind: RequestErrorKind,
    readonly requestType: string,
    message: string,
    readonly details: { readonly payload?: unknown; readonly reason?: SendFailureReason } = {},
  ) {
    super(libraryMessage(`request "${requestType}" failed: ${message}`));
  }
}
