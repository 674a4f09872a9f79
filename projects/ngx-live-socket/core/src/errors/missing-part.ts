import { ERROR_CODES, errorText } from './error-codes';
import { libraryMessage } from './library-message';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * The code that runs a configured feature (a part), or an `NLS502` error when it was not given: only a client
 * wired by hand (`ɵMessagingCore`, `SocketConnection`) can get a feature's options without its part.
 */
export function requirePart<T>(part: T | null | undefined, feature: string): T {
  if (part == null) {
    const code = ERROR_CODES['missing-part'];
    throw new Error(
      libraryMessage(
        errorText(code, `missing-part ${feature}`, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${code} ${feature} is configured but its code (part) was not given to the client.`),
      ),
    );
  }
  return part;
}

/**
 * The part behind a method, or an `NLS503` error naming the feature that brings it: a method whose feature
 * was not provided (`request()` without `withRequests()`) fails at the call, not later and not silently.
 */
export function requireFeature<T>(part: T | undefined, method: string, feature: string): T {
  if (part === undefined) {
    const code = ERROR_CODES['feature-not-provided'];
    throw new Error(
      libraryMessage(
        errorText(code, `feature-not-provided ${feature}`, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${code} ${method} needs ${feature}: add it to provideWebSocket() (MessagingClient has every feature).`),
      ),
    );
  }
  return part;
}
