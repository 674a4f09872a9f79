import { WebSocketArgumentError } from './argument-error';

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
    throw new WebSocketArgumentError('url', 'it is empty; expected a ws:, wss:, http:, https: URL or a path.');
  }
  const url = parseUrl(text) ?? (baseUrl === undefined ? null : parseUrl(text, baseUrl));
  if (url === null) {
    throw new WebSocketArgumentError(
      'url',
      `"${redactUrl(text)}" is not an absolute URL and there is no document to resolve it against ` +
        '(pass an absolute ws: or wss: URL).',
    );
  }
  const scheme = SCHEME_FOR[url.protocol];
  if (scheme === undefined) {
    throw new WebSocketArgumentError(
      'url',
      `"${redactUrl(text)}" has scheme ${url.protocol}; expected ws: or wss: (http: and https: are converted).`,
    );
  }
  if (url.hash !== '' || text.endsWith('#')) {
    throw new WebSocketArgumentError('url', `"${redactUrl(text)}" has a #fragment, which WebSocket URLs may not have.`);
  }
  url.protocol = scheme;
  if (requireTls && scheme === 'ws:' && !LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost')) {
    throw new WebSocketArgumentError(
      'url',
      `"${redactUrl(url.href)}" is not encrypted and requireTls is on; use wss: (ws: is allowed only for localhost).`,
    );
  }
  return url.href;
}

function parseUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

/**
 * Hides secrets in a URL before it goes into an error message, a log line or stats: every query value and
 * any password become `***` (tokens usually travel in the query).
 */
export function redactUrl(url: string): string {
  return url.replace(/([?&][^=&#]*)=([^&#]*)/g, '$1=***').replace(/\/\/([^/@:]*):([^/@]*)@/, '//$1:***@');
}
