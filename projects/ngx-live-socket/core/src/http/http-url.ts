import { WebSocketArgumentError } from '../errors/argument-error';
import { redactUrl } from '../errors/url-redaction';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** The query parameter that names an HTTP link in its POSTs (docs/protocol.md). */
export const LINK_ID_PARAM = 'nls-link';

const HTTP_SCHEME_FOR: Readonly<Record<string, string>> = { 'ws:': 'http:', 'wss:': 'https:', 'http:': 'http:', 'https:': 'https:' };

/**
 * The HTTP transport's endpoint for a socket URL: the same URL with `http:` for `ws:` and `https:` for `wss:`
 * (`http:`/`https:` stay). Host, port, path and query are kept as written, so a token in the query travels
 * as it does for the WebSocket. Any other scheme, or no absolute URL, is an error naming the `url`.
 */
export function httpUrlOf(url: string): string {
  const schemeEnd = url.indexOf(':') + 1;
  const scheme = HTTP_SCHEME_FOR[url.slice(0, schemeEnd).toLowerCase()];
  if (scheme === undefined || !url.startsWith('//', schemeEnd)) {
    throw new WebSocketArgumentError('url', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${redactUrl(url)}" is not an absolute ws:, wss:, http: or https: URL.`);
  }
  // Only the scheme is replaced: re-serialising through URL could re-encode the query's tokens.
  return scheme + url.slice(schemeEnd);
}

/** `url` with `nls-link=<id>` added to its query: the address of a link's POSTs. */
export function withLinkId(url: string, id: string): string {
  return withQueryParameter(url, LINK_ID_PARAM, id);
}

/** The query parameter that marks a WebSocket as an upgrade probe (docs/protocol.md). */
export const PROBE_PARAM = 'nls-probe';

/** `url` with `nls-probe=1` added to its query: a WebSocket the server closes at once, counting nothing. */
export function asUpgradeProbe(url: string): string {
  return withQueryParameter(url, PROBE_PARAM, '1');
}

/** `url` with `name=value` added to its query (before any fragment), the rest left as written. */
function withQueryParameter(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const separator = queryAt === -1 ? '?' : queryAt === beforeHash.length - 1 || beforeHash.endsWith('&') ? '' : '&';
  return `${beforeHash}${separator}${name}=${encodeURIComponent(value)}${hashAt === -1 ? '' : url.slice(hashAt)}`;
}
