import { redactUrlsIn } from './url-redaction';

/** Every message the library puts in an error starts with this, added in one place: {@link libraryMessage}. */
const MESSAGE_PREFIX = 'ngx-live-socket: ';

/**
 * The text of every error the library creates: prefixed once, and with any URL in it redacted, so neither a
 * repeated prefix nor a token quoted by a nested cause can reach the app's logs.
 */
export function libraryMessage(text: string): string {
  return MESSAGE_PREFIX + redactUrlsIn(text);
}

/**
 * What an error says, for quoting it inside another message: without our prefix (the outer message adds its
 * own) and with URLs redacted.
 */
export function describeError(error: unknown): string {
  const text = redactUrlsIn(error instanceof Error ? error.message : String(error));
  return text.startsWith(MESSAGE_PREFIX) ? text.slice(MESSAGE_PREFIX.length) : text;
}

/**
 * A cause safe to keep in an error's details: the error itself when its message quotes no URL, otherwise a
 * copy (same name) whose message is redacted, because a native `WebSocket` constructor's error quotes the
 * URL, query token and all, and its stack repeats it.
 */
export function redactedCause(cause: unknown): unknown {
  if (!(cause instanceof Error) || redactUrlsIn(cause.message) === cause.message) {
    return cause;
  }
  const copy = new Error(redactUrlsIn(cause.message));
  copy.name = cause.name;
  return copy;
}
