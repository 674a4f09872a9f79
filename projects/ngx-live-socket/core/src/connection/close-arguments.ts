import { WebSocketArgumentError } from '../errors/argument-error';
import { utf8ByteLength } from '../platform/utf8';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** The longest close reason the WebSocket protocol allows, in UTF-8 bytes. */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * Checks the arguments of `close(code, reason)` the way the browser would, but with a message that names
 * the argument: an app may only send 1000 or 3000-4999, and a reason of at most 123 UTF-8 bytes.
 */
export function assertValidCloseArguments(code: number | undefined, reason: string | undefined): void {
  if (code !== undefined && !(Number.isInteger(code) && (code === 1000 || (code >= 3000 && code <= 4999)))) {
    throw new WebSocketArgumentError('close code', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(code)} is not allowed; use 1000 or an integer in 3000-4999.`);
  }
  if (reason !== undefined) {
    const bytes = utf8ByteLength(reason);
    if (bytes > MAX_CLOSE_REASON_BYTES) {
      throw new WebSocketArgumentError(
        'close reason',
        (typeof ngDevMode === 'undefined' || !!ngDevMode) && `it is ${bytes} UTF-8 bytes long; the limit is ${MAX_CLOSE_REASON_BYTES}.`,
      );
    }
  }
}
