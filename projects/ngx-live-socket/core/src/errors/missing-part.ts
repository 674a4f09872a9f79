import { ERROR_CODES } from './error-codes';
import { libraryMessage } from './library-message';

/**
 * The code that runs a configured feature (a part), or an `NLS502` error when it was not given: only a client
 * wired by hand (`ɵMessagingCore`, `SocketConnection`) can get a feature's options without its part.
 */
export function requirePart<T>(part: T | null | undefined, feature: string): T {
  if (part == null) {
    throw new Error(libraryMessage(`${ERROR_CODES['missing-part']} ${feature} is configured but its code (part) was not given to the client.`));
  }
  return part;
}
