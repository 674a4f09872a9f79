import { InjectionToken } from '@angular/core';
import { type SocketUrlSource } from 'ngx-live-socket/core';

/** Angular's dev-mode flag, `false` in production builds, which then drop token names as Angular's own tokens do. */
declare const ngDevMode: unknown;

/** The connection settings given to {@link provideWebSocket}. */
export interface WebSocketConfig {
  /**
   * Where to connect: a `ws:`/`wss:` URL, an `http:`/`https:` URL or a path resolved against the document's
   * base URI (converted to `ws:`/`wss:`), or a function called before every attempt, which may be async
   * (put a fresh token in the query here). It runs in an injection context, so it may `inject()` (before
   * its first `await`).
   */
  readonly url: SocketUrlSource;
  /** Subprotocols offered in the handshake. */
  readonly protocols?: string | string[];
  /** How binary frames arrive: `'blob'` (the browser default) or `'arraybuffer'`. */
  readonly binaryType?: BinaryType;
  /** A handshake still unfinished after this long is abandoned (and retried with `withReconnect`). Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Connect as soon as the service is first injected (default `true`). With `false`, call `connect()`. */
  readonly autoConnect?: boolean;
  /**
   * Refuse unencrypted `ws:` URLs except to localhost: with it, a token in the query never travels in clear.
   * A static URL fails at once; one from a URL factory fails that attempt (`url-failed`).
   */
  readonly requireTls?: boolean;
  /** Default timeout of `request()`, in ms (10 s). */
  readonly requestTimeoutMs?: number;
}

export const WEB_SOCKET_CONFIG = new InjectionToken<WebSocketConfig>(typeof ngDevMode === 'undefined' || !!ngDevMode ? 'WEB_SOCKET_CONFIG' : '');

/** The connection's name: the default one is `default`; others are named by {@link createWebSocketToken}. */
export const ɵWEB_SOCKET_NAME = new InjectionToken<string>(typeof ngDevMode === 'undefined' || !!ngDevMode ? 'WEB_SOCKET_NAME' : '', { providedIn: 'root', factory: () => 'default' });
