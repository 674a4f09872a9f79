import { ERROR_CODES, errorText } from './error-codes';
import { libraryMessage } from './library-message';

/**
 * A bad argument or option, thrown at once where the app passed it. `argument` names what was wrong so
 * the message can be acted on without reading our source.
 */
export class WebSocketArgumentError extends TypeError {
  override readonly name = 'WebSocketArgumentError';
  /** `NLS100` (docs/errors.md). */
  readonly code = ERROR_CODES.argument;

  constructor(
    readonly argument: string,
    /** What is wrong and what is allowed; `false` where a production build dropped the text. */
    problem: string | false,
  ) {
    super(libraryMessage(`invalid ${argument}: ${errorText(ERROR_CODES.argument, 'not allowed', problem)}`));
  }
}
