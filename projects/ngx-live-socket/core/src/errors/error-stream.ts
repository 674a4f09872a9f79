import { Observable, Subject } from 'rxjs';
import { EarlyErrors } from './early-errors';
import type { WebSocketError } from './web-socket-error';

/**
 * A client's `errors$`: each error goes to the subscribers as it happens; while there is none, it is kept
 * (bounded, see {@link EarlyErrors}) and handed to the first one, so a problem raised before the app
 * subscribed is not lost.
 */
export class ErrorStream {
  readonly #subject = new Subject<WebSocketError>();
  readonly #early = new EarlyErrors();

  readonly errors$ = new Observable<WebSocketError>((subscriber) => {
    const subscription = this.#subject.subscribe(subscriber);
    this.#early.takeAll().forEach((error) => subscriber.next(error));
    return subscription;
  });

  emit(error: WebSocketError): void {
    if (this.#subject.observed) {
      this.#subject.next(error);
    } else {
      this.#early.hold(error);
    }
  }

  /** Completes every subscriber (the client is disposed). */
  complete(): void {
    this.#subject.complete();
  }
}
