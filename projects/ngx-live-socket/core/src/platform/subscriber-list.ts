import type { Subscriber, TeardownLogic } from 'rxjs';

/**
 * The subscribers of one hot stream, called in turn as a Subject calls its observers, for the paths every
 * incoming frame takes (the transport's frames, the router's streams per type). A Subject's `next` costs a
 * closure per value and walks a copy of its observers; on a path that runs for every message, each call and
 * each object touched shows in the throughput benchmark (bench/throughput).
 *
 * The list is replaced, never changed in place, so a delivery in progress is not disturbed by the
 * (un)subscribes it causes. Subscribers are rxjs `Subscriber`s: an app callback that throws is caught and
 * reported by its own subscriber, as with a Subject, and the others still get the value.
 */
export class SubscriberList<T> {
  #subscribers: ReadonlyArray<Subscriber<T>> = [];
  #completed = false;

  readonly #emptied: (() => void) | undefined;

  /** @param emptied  called when the last subscriber leaves (the router then forgets the key). */
  constructor(emptied?: () => void) {
    this.#emptied = emptied;
  }

  get size(): number {
    return this.#subscribers.length;
  }

  /** Adds a subscriber (the body of an `Observable`'s subscribe function); the teardown removes it. */
  add(subscriber: Subscriber<T>): TeardownLogic {
    if (this.#completed) {
      subscriber.complete();
      return;
    }
    this.#subscribers = [...this.#subscribers, subscriber];
    return () => {
      this.#subscribers = this.#subscribers.filter((other) => other !== subscriber);
      if (this.#subscribers.length === 0) {
        this.#emptied?.();
      }
    };
  }

  /** Hands the value to every subscriber; `false` when there is none. */
  next(value: T): boolean {
    const subscribers = this.#subscribers;
    for (let i = 0; i < subscribers.length; i++) {
      subscribers[i].next(value);
    }
    return subscribers.length > 0;
  }

  /** Completes every subscriber, and each one that subscribes later. */
  complete(): void {
    const subscribers = this.#subscribers;
    this.#completed = true;
    this.#subscribers = [];
    subscribers.forEach((subscriber) => subscriber.complete());
  }
}
