/**
 * Hides the parts of a URL that may carry secrets before it goes into an error message, a log line or stats:
 * every query part (`?token=abc` -> `?token=***`, a bare `?abc` -> `?***`), the user info (user and password)
 * and the fragment. Works on text that does not parse as a URL too: an invalid URL is still quoted in errors.
 */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : hashAt === url.length - 1 ? '#' : '#***';
  const queryAt = beforeHash.indexOf('?');
  const beforeQuery = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : `?${beforeHash.slice(queryAt + 1).split('&').map(redactQueryPart).join('&')}`;
  return redactUserInfo(beforeQuery) + query + fragment;
}

/**
 * Redacts every `scheme://...` URL inside a text (an error message from a native socket or an app hook may
 * quote one): the net under every message the library builds, so a URL quoted anywhere cannot slip through.
 */
export function redactUrlsIn(text: string): string {
  // The scheme is bounded (and not anchored to a word start) so a long run of letters can neither make the
  // search quadratic nor hide the URL after it.
  return text.includes('://') ? text.replace(/[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'`<>]*/gi, redactUrl) : text;
}

/** `name=value` -> `name=***`; a part without `=` is all secret -> `***`; empty parts stay empty. */
function redactQueryPart(part: string): string {
  if (part === '') {
    return part;
  }
  const equalsAt = part.indexOf('=');
  return equalsAt === -1 ? '***' : `${part.slice(0, equalsAt)}=***`;
}

/** `scheme://user:password@host` -> `scheme://***:***@host`; the authority ends at the first `/`. */
function redactUserInfo(url: string): string {
  return url.replace(/^([^/]*\/\/)([^/]*)@/, (_, start: string, userInfo: string) => `${start}${userInfo.includes(':') ? '***:***' : '***'}@`);
}
