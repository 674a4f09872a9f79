import { ERROR_CODES, errorText } from '../errors/error-codes';
import { libraryMessage } from '../errors/library-message';
import type { WebSocketLike } from './web-socket-like';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * Creates the native socket for one connection attempt. Swap it for mock-socket, Node's `ws`, or a test
 * double; it is called on every attempt, never at module load. It returns a {@link WebSocketLike}, which the
 * browser's `WebSocket`, `ws` and mock-socket all are, so none needs a cast:
 * `(url, protocols) => new WebSocket(url, protocols)` with `import { WebSocket } from 'ws'`.
 */
export type WebSocketFactory = (url: string, protocols?: string | string[]) => WebSocketLike;

/** Thrown when no WebSocket implementation exists where the app runs (e.g. Node without `ws`). */
export class WebSocketUnavailableError extends Error {
  override readonly name = 'WebSocketUnavailableError';
}

/**
 * The default factory: `globalThis.WebSocket`, looked up when called (like Angular's FetchBackend looks up
 * `fetch`), so importing the library on a server platform never throws `WebSocket is not defined`.
 */
export const globalWebSocketFactory: WebSocketFactory = (url, protocols) => {
  const NativeWebSocket = (globalThis as { WebSocket?: typeof WebSocket }).WebSocket;
  if (typeof NativeWebSocket !== 'function') {
    throw new WebSocketUnavailableError(
      libraryMessage(
        errorText(
          ERROR_CODES['create-failed'],
          'no globalThis.WebSocket',
          (typeof ngDevMode === 'undefined' || !!ngDevMode) &&
            'globalThis.WebSocket is not available on this platform. ' +
              'Provide one with withWebSocketFactory((url, protocols) => new WebSocket(url, protocols)).',
        ),
      ),
    );
  }
  return protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
};
