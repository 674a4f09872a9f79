import { WebSocketArgumentError } from '../errors/argument-error';
import { resolveSocketUrl } from './socket-url';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * Close codes with which a server says "not me, try another instance": 1001 going away (shutting down),
 * 1012 service restart, 1013 try again later and 4503 (this protocol's "instance unavailable", see
 * docs/protocol.md). With several URLs the client moves to the next one at once instead of waiting here.
 */
export const GO_ELSEWHERE_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1012, 1013, 4503]);

/**
 * Picks the URL of each connection attempt when the app gave several (`url: ['wss://a/ws', 'wss://b/ws']`).
 *
 * - It stays on a URL that works: after a drop, the next attempt goes to the same URL.
 * - An attempt that fails before it ever opened moves to the next URL at once, without backoff, until every
 *   URL was tried once in this round; only then does the caller back off (and carry on round the list).
 * - A server that tells the client to go elsewhere ({@link GO_ELSEWHERE_CLOSE_CODES}) moves it on at once.
 *
 * Pure bookkeeping, no timers: the socket client decides when to connect.
 */
export class UrlRotation {
  #index = 0;
  /** URLs tried since the last successful open (or the start); a full round means "back off now". */
  #triedThisRound = 1;

  readonly #urls: readonly (string | URL)[];

  private constructor(urls: readonly (string | URL)[]) {
    this.#urls = urls;
  }

  /**
   * Checks what the app gave, one URL or a list: a list not empty, every entry a valid socket URL (see
   * `resolveSocketUrl`); a bad entry of a list throws a `WebSocketArgumentError` naming its index. One URL is a
   * rotation of one, which never moves on: the connection needs no second path for it.
   */
  static from(url: string | URL | readonly (string | URL)[], baseUrl?: string, requireTls?: boolean): UrlRotation {
    const urls: readonly (string | URL)[] = Array.isArray(url) ? url : [url as string | URL];
    if (urls.length === 0) {
      throw new WebSocketArgumentError('url', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'the list of URLs is empty; give at least one.');
    }
    urls.forEach((entry, index) => {
      try {
        resolveSocketUrl(entry, baseUrl, requireTls);
      } catch (error) {
        // A list's entry is named by its index; in a production build there is no text to add it to.
        throw (typeof ngDevMode === 'undefined' || !!ngDevMode) && urls === url
          ? new WebSocketArgumentError('url', `entry ${index}: ${error instanceof Error ? error.message : String(error)}`)
          : error;
      }
    });
    return new UrlRotation([...urls]);
  }

  /** The URL of the next attempt. */
  get current(): string | URL {
    return this.#urls[this.#index];
  }

  /** The link opened: stay on this URL and start a new round. */
  opened(): void {
    this.#triedThisRound = 1;
  }

  /**
   * An attempt failed before it opened (refused, timed out, closed during the handshake), or the server
   * asked the client to go elsewhere: moves to the next URL. Returns whether that URL is still untried in
   * this round (connect at once) or every URL has now failed once (back off before trying it).
   */
  moveOn(): boolean {
    this.#index = (this.#index + 1) % this.#urls.length;
    if (this.#triedThisRound < this.#urls.length) {
      this.#triedThisRound++;
      return true;
    }
    this.#triedThisRound = 1;
    return false;
  }
}
