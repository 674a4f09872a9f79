import { ERROR_CODES, errorText } from '../errors/error-codes';
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
  /** The kind's stable code, e.g. `NLS401` for `timeout` (docs/errors.md). */
  readonly code: string;

  constructor(
    readonly kind: RequestErrorKind,
    readonly requestType: string,
    /** What happened; `false` where a production build dropped the text. */
    message: string | false,
    readonly details: { readonly payload?: unknown; readonly reason?: SendFailureReason } = {},
  ) {
    const code = ERROR_CODES[`request-${kind}`];
    super(libraryMessage(`request "${requestType}" failed: ${errorText(code, kind, message)}`));
    this.code = code;
  }
}
