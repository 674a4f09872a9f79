import type { CloseInfo } from './close-info';

/** Close codes that mean "your credentials or behaviour were refused": retrying as-is would be refused again. */
export const AUTH_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4401, 4403]);

/** What to do after the server (or the network) closed the link. */
export type CloseDecision =
  | { readonly action: 'retry'; readonly retryAfterMs: number }
  | { readonly action: 'ask-auth' };

/** The longest server retry hint we honour, so a typo on the server cannot park clients for days. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Decides whether a close that the app did not ask for should be retried. Policy/auth codes go to the
 * app's `onAuthFailure` hook; everything else is retried, no sooner than a `retry-after` hint in the reason
 * (servers send it with 1012 "service restart" and 1013 "try again later").
 */
export function classifyClose(close: CloseInfo): CloseDecision {
  if (AUTH_CLOSE_CODES.has(close.code)) {
    return { action: 'ask-auth' };
  }
  return { action: 'retry', retryAfterMs: parseRetryAfterMs(close.reason) ?? 0 };
}

/**
 * Reads a retry hint from a close reason: `retry-after=5`, `Retry-After: 5`, `retry after 2s`,
 * `retry-after=1500ms`. A bare number is seconds, as in HTTP's Retry-After header.
 */
export function parseRetryAfterMs(reason: string): number | null {
  const match = /retry[-_ ]?after\s*[:=]?\s*(\d+(?:\.\d+)?)\s*(ms|s)?\b/i.exec(reason);
  if (match === null) {
    return null;
  }
  const value = Number(match[1]) * (match[2]?.toLowerCase() === 'ms' ? 1 : 1000);
  return Math.min(Math.round(value), MAX_RETRY_AFTER_MS);
}
