import { WebSocketArgumentError } from '../errors/argument-error';
import { redactUrl } from '../errors/url-redaction';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * A URL; several URLs of equivalent servers to fail over among (see `UrlRotation`: the client stays on one
 * that works and moves on when one fails); or a factory called on every connection attempt (e.g. to put a
 * fresh token in the query).
 */
export type SocketUrlSource = string | URL | readonly (string | URL)[] | (() => string | URL | Promise<string | URL>);

const SCHEME_FOR: Readonly<Record<string, string>> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' };

/** Hosts where an unencrypted `ws:` link never leaves the machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `host:port/...` typed without a scheme. `new URL` reads `localhost:4399/ws` as the scheme `localhost:` and
 * cannot parse `127.0.0.1:4399/ws` at all (so it would quietly become a path under the page): both are
 * recognised first and get an error that says what to add.
 */
const HOST_PORT_WITHOUT_SCHEME = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\]):\d{1,5}(?:[/?#]|$)/i;

/** Stands in for the document when a URL is checked where there is none (the server platform). */
const PLACEHOLDER_BASE = 'https://document.invalid/';

/**
 * Turns what the app configured into the absolute `ws:`/`wss:` URL the socket needs.
 *
 * - `ws:`/`wss:` URLs are kept; `http:` becomes `ws:` and `https:` becomes `wss:`.
 * - A relative path (`/ws`, `api/live`) is resolved against `baseUrl` (the document's base URI in the
 *   browser), then converted as above; without a base it is an error.
 * - Any other scheme, or a `#fragment` (which browsers reject), is an error naming the `url`.
 * - With `requireTls`, a `ws:` URL is an error unless its host is loopback (localhost, 127.0.0.1, [::1]).
 */
export function resolveSocketUrl(input: string | URL, baseUrl?: string, requireTls = false): string {
  const text = String(input).trim();
  if (text === '') {
    throw new WebSocketArgumentError('url', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'it is empty; expected a ws:, wss:, http:, https: URL or a path.');
  }
  if (HOST_PORT_WITHOUT_SCHEME.test(text)) {
    throw new WebSocketArgumentError('url', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${redactUrl(text)}" has no scheme; add ws:// or wss:// (e.g. "ws://${redactUrl(text)}").`);
  }
  const url = parseUrl(text) ?? (baseUrl === undefined ? null : parseUrl(text, baseUrl));
  if (url === null) {
    throw new WebSocketArgumentError(
      'url',
      (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${redactUrl(text)}" is not an absolute URL and there is no document to resolve it against ` +
        '(pass an absolute ws: or wss: URL).',
    );
  }
  const scheme = SCHEME_FOR[url.protocol];
  if (scheme === undefined) {
    throw new WebSocketArgumentError(
      'url',
      (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${redactUrl(text)}" has scheme ${url.protocol}; expected ws: or wss: (http: and https: are converted).`,
    );
  }
  if (url.hash !== '' || text.endsWith('#')) {
    throw new WebSocketArgumentError('url', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${redactUrl(text)}" has a #fragment, which WebSocket URLs may not have.`);
  }
  url.protocol = scheme;
  if (requireTls && scheme === 'ws:' && !LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost')) {
    throw new WebSocketArgumentError(
      'url',
      (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${redactUrl(url.href)}" is not encrypted and requireTls is on; use wss: (ws: is allowed only for localhost).`,
    );
  }
  return url.href;
}

/**
 * Checks a configured URL as far as it can be checked without a document, so a bad one fails when the app
 * is configured, on every platform alike (the server platform never connects, so it would never notice): a
 * relative path is accepted as such and resolved against the document's base only when connecting.
 */
export function checkSocketUrl(input: string | URL, requireTls = false): void {
  // An https: placeholder base: a relative path passes the requireTls check here, the real base decides later.
  resolveSocketUrl(input, PLACEHOLDER_BASE, requireTls);
}

function parseUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}
