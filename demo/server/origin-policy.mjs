// Which web pages may open a WebSocket to this server. Browsers send the page's origin with every
// handshake and, unlike fetch, WebSockets are not protected by CORS: without this check any site a visitor
// opens could talk to the server with the visitor's cookies (cross-site WebSocket hijacking).

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Parses `ALLOWED_ORIGINS`: a comma-separated list of origins such as `https://app.example.com,http://localhost:4200`.
 * Throws naming the entry that is not an origin (a scheme, a host, an optional port, nothing else).
 *
 * @param {string} text
 * @returns {string[]}
 */
export function parseAllowedOrigins(text) {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (entries.length === 0) {
    throw new Error('ALLOWED_ORIGINS is set but lists no origin; expected e.g. "https://app.example.com,http://localhost:4200"');
  }
  return entries.map((entry) => {
    const origin = originOf(entry);
    const url = origin === null ? null : new URL(entry);
    if (url === null || url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
      throw new Error(`ALLOWED_ORIGINS: "${entry}" is not an origin; expected http(s)://host[:port] with nothing after it`);
    }
    return origin;
  });
}

/**
 * Decides on a handshake's `Origin` header. With an explicit list only those origins pass; by default the
 * server's own origin and any page served from this machine (localhost, 127.0.0.1, [::1], any port) pass.
 * A handshake without `Origin` comes from a non-browser client (which could send any origin anyway) and
 * passes.
 *
 * @param {{ ownOrigin: string, allowedOrigins?: string[] | null }} options
 * @returns {(originHeader: string | undefined) => boolean}
 */
export function createOriginPolicy({ ownOrigin, allowedOrigins = null }) {
  const own = originOf(ownOrigin);
  const allowed = allowedOrigins === null ? null : new Set(allowedOrigins.map(originOf));
  return (originHeader) => {
    if (originHeader === undefined) {
      return true;
    }
    const origin = originOf(originHeader);
    if (origin === null) {
      return false; // "null" (sandboxed frames, file: pages) or garbage
    }
    if (allowed !== null) {
      return allowed.has(origin);
    }
    return origin === own || LOOPBACK_HOSTNAMES.has(new URL(origin).hostname);
  };
}

/** The serialized origin of an http(s) URL, or `null`. */
function originOf(text) {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
