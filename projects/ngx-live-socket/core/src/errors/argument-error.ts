import { libraryMessage } from './library-message';

/**
 * A bad argument or option, thrown at once where the app passed it. `argument` names what was wrong so
 * the message can be acted on without reading our source.
 */
export class WebSocketArgumentError extends TypeError {
  override readonly name = 'WebSocketArgumentError';

  constructor(
    readonly argument: string,
    problem: string,
  ) {
    super(libraryMessage(`invalid ${argument}: ${problem}`));
  }
}
