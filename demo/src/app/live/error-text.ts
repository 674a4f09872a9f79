import { type SendFailureReason, type WebSocketError, WebSocketRequestError } from 'ngx-live-socket';

/** The reference server refusing something the app sent: its words, and which message they answer. */
export interface ServerRefusal {
  /** For people, e.g. `the name "ada" is taken by someone online; choose another`. */
  readonly message: string;
  /** The id of the refused message: every message has one with acks (`withDelivery()`). */
  readonly re?: number;
  /** The type of the refused message, named instead when it had no id. */
  readonly cause?: string;
}

/**
 * The server's refusal behind an error on `errors$`, or `null` for any other error. The library reports
 * an error envelope that answers no pending request as `server-error`, with the envelope in `details.data`.
 */
export function serverRefusalOf(error: WebSocketError): ServerRefusal | null {
  if (error.kind !== 'server-error') {
    return null;
  }
  const { re, payload } = (error.details.data ?? {}) as { re?: unknown; payload?: { message?: unknown; cause?: unknown } };
  return {
    message: serverWords(payload) ?? 'the server refused it',
    ...(typeof re === 'number' ? { re } : {}),
    ...(typeof payload?.cause === 'string' ? { cause: payload.cause } : {}),
  };
}

/** Why a request got no reply, in words for the visitor: the server's own when it refused. */
export function requestFailureText(error: unknown): string {
  if (!(error instanceof WebSocketRequestError)) {
    return String(error);
  }
  switch (error.kind) {
    case 'error-reply':
      return serverWords(error.details.payload) ?? 'the server refused it';
    case 'timeout':
      return 'the server did not answer in time';
    case 'not-sent':
      return error.details.reason === undefined ? 'it could not be sent' : sendFailureText(error.details.reason);
  }
}

/** Why a message was not delivered, in words for the visitor. */
export function sendFailureText(reason: SendFailureReason): string {
  switch (reason) {
    case 'overflow':
      return 'too many messages are waiting for the connection; send it again once it is back';
    case 'expired':
      return 'it waited too long for the connection';
    case 'closed':
      return 'the app shut the connection down';
    case 'offline':
      return 'the connection is down';
    case 'cancelled':
      return 'it was withdrawn';
    case 'refused':
      return 'the server refused it';
  }
}

/** The `message` the reference server puts in an error payload, if there is one. */
function serverWords(payload: unknown): string | null {
  const message = (payload as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message !== '' ? message : null;
}
