import { Observable, type Subscriber } from 'rxjs';
import type { Envelope } from './envelope';

/** The subscribers of each key, in subscription order. */
type Listeners<T> = Map<string, ReadonlyArray<Subscriber<T>>>;

/**
 * Delivers each incoming envelope to the streams that asked for its type or its channel.
 *
 * The subscribers of a type (or channel) are found by a Map lookup: routing costs the same whether 10 or
 * 10,000 types are subscribed, and a message never visits subscribers of other types (rxjs `multiplex`
 * runs every subscriber's filter on every message). The router calls the subscribers itself rather than
 * through a Subject per type: a Subject's `next` adds a closure and a copy of its observers per message, and
 * this is the path every incoming message takes. A key's list is replaced, never changed in place, so a
 * delivery in progress is not disturbed by the (un)subscribes it causes; it is made on the first subscribe
 * and dropped with the last unsubscribe, so nothing grows with types that come and go.
 */
export class MessageRouter {
  private readonly byType: Listeners<Envelope> = new Map();
  /** Payload streams per type, beside the envelope streams: `on(type)` subscribers get payloads with no operator in between. */
  private readonly payloadsByType: Listeners<unknown> = new Map();
  private readonly byChannel: Listeners<Envelope> = new Map();
  /** The subscribers of `all$`, under the key `''`. */
  private readonly everything: Listeners<Envelope> = new Map();
  private completed = false;

  /** Every routed envelope. */
  readonly all$: Observable<Envelope> = new Observable<Envelope>((subscriber) =>
    this.completed ? subscriber.complete() : listen(this.everything, '').subscribe(subscriber),
  );

  /** Hands the envelope to its streams; `false` when no stream wanted it. */
  route(envelope: Envelope): boolean {
    let delivered = deliver(this.everything.get(''), envelope);
    delivered = deliver(this.byType.get(envelope.type), envelope) || delivered;
    delivered = deliver(this.payloadsByType.get(envelope.type), envelope.payload) || delivered;
    if (envelope.channel !== undefined) {
      delivered = deliver(this.byChannel.get(envelope.channel), envelope) || delivered;
    }
    return delivered;
  }

  ofType(type: string): Observable<Envelope> {
    return listen(this.byType, type);
  }

  ofChannel(channel: string): Observable<Envelope> {
    return listen(this.byChannel, channel);
  }

  /** The payloads of one type. */
  payloadsOf(type: string): Observable<unknown> {
    return listen(this.payloadsByType, type);
  }

  /** How many types and channels have a live stream (for memory checks). */
  get size(): number {
    return this.byType.size + this.payloadsByType.size + this.byChannel.size;
  }

  /** Ends every stream (the connection is disposed). */
  complete(): void {
    this.completed = true;
    for (const listeners of [this.everything, this.byType, this.payloadsByType, this.byChannel] as Array<Listeners<unknown>>) {
      const subscribers = [...listeners.values()].flat();
      listeners.clear();
      subscribers.forEach((subscriber) => subscriber.complete());
    }
  }
}

/** A stream of the values delivered under `key`; subscribing adds to its list, unsubscribing takes away. */
function listen<T>(listeners: Listeners<T>, key: string): Observable<T> {
  return new Observable<T>((subscriber) => {
    listeners.set(key, [...(listeners.get(key) ?? []), subscriber]);
    return () => {
      const rest = (listeners.get(key) ?? []).filter((other) => other !== subscriber);
      if (rest.length > 0) {
        listeners.set(key, rest);
      } else {
        listeners.delete(key);
      }
    };
  });
}

/** Calls each subscriber in turn, as a Subject would; `false` when there are none. */
function deliver<T>(subscribers: ReadonlyArray<Subscriber<T>> | undefined, value: T): boolean {
  if (subscribers === undefined) {
    return false;
  }
  for (let i = 0; i < subscribers.length; i++) {
    subscribers[i].next(value);
  }
  return true;
}
