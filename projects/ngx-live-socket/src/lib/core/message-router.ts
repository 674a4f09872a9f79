import { Observable, type Subscriber } from 'rxjs';
import type { Envelope } from './envelope';

/** The subscribers of one type: those of whole envelopes (`envelopesOf`) and those of payloads (`on`). */
interface TypeSubscribers {
  envelopes: ReadonlyArray<Subscriber<Envelope>>;
  payloads: ReadonlyArray<Subscriber<unknown>>;
}

/**
 * Delivers each incoming envelope to the streams that asked for its type or its channel.
 *
 * One Map lookup per message finds everything subscribed to its type: routing costs the same whether 10 or
 * 10,000 types are subscribed, and a message never visits subscribers of other types (rxjs `multiplex`
 * runs every subscriber's filter on every message). The router calls the subscribers itself rather than
 * going through a Subject per type: a Subject's `next` adds a closure and a copy of its observers per
 * message, and this is the path every incoming message takes. Lists are replaced, never changed in place,
 * so a delivery in progress is not disturbed by the (un)subscribes it causes; a type's entry is made on its
 * first subscribe and dropped with its last unsubscribe, so nothing grows with types that come and go.
 */
export class MessageRouter {
  private readonly byType = new Map<string, TypeSubscribers>();
  private readonly byChannel = new Map<string, ReadonlyArray<Subscriber<Envelope>>>();
  private everything: ReadonlyArray<Subscriber<Envelope>> = [];
  private completed = false;

  /** Every routed envelope. */
  readonly all$: Observable<Envelope> = new Observable<Envelope>((subscriber) => {
    if (this.completed) {
      subscriber.complete();
      return undefined;
    }
    this.everything = [...this.everything, subscriber];
    return () => {
      this.everything = this.everything.filter((other) => other !== subscriber);
    };
  });

  /** Hands the envelope to its streams; `false` when no stream wanted it. */
  route(envelope: Envelope): boolean {
    let delivered = false;
    const everything = this.everything;
    if (everything.length > 0) {
      deliver(everything, envelope);
      delivered = true;
    }
    const byType = this.byType.get(envelope.type);
    if (byType !== undefined) {
      const { envelopes, payloads } = byType;
      if (envelopes.length > 0) {
        deliver(envelopes, envelope);
      }
      if (payloads.length > 0) {
        deliver(payloads, envelope.payload);
      }
      delivered = true;
    }
    if (envelope.channel !== undefined) {
      const byChannel = this.byChannel.get(envelope.channel);
      if (byChannel !== undefined) {
        deliver(byChannel, envelope);
        delivered = true;
      }
    }
    return delivered;
  }

  ofType(type: string): Observable<Envelope> {
    return this.typeStream(type, 'envelopes') as Observable<Envelope>;
  }

  /** The payloads of one type. */
  payloadsOf(type: string): Observable<unknown> {
    return this.typeStream(type, 'payloads');
  }

  ofChannel(channel: string): Observable<Envelope> {
    return new Observable<Envelope>((subscriber) => {
      this.byChannel.set(channel, [...(this.byChannel.get(channel) ?? []), subscriber]);
      return () => {
        const rest = (this.byChannel.get(channel) ?? []).filter((other) => other !== subscriber);
        if (rest.length > 0) {
          this.byChannel.set(channel, rest);
        } else {
          this.byChannel.delete(channel);
        }
      };
    });
  }

  /** How many type and channel streams are live (for memory checks): envelopes and payloads of a type count apart. */
  get size(): number {
    let streams = this.byChannel.size;
    for (const { envelopes, payloads } of this.byType.values()) {
      streams += (envelopes.length > 0 ? 1 : 0) + (payloads.length > 0 ? 1 : 0);
    }
    return streams;
  }

  /** Ends every stream (the connection is disposed). */
  complete(): void {
    const subscribers: Array<Subscriber<unknown>> = [...this.everything];
    for (const { envelopes, payloads } of this.byType.values()) {
      subscribers.push(...envelopes, ...payloads);
    }
    for (const channel of this.byChannel.values()) {
      subscribers.push(...channel);
    }
    this.completed = true;
    this.everything = [];
    this.byType.clear();
    this.byChannel.clear();
    for (const subscriber of subscribers) {
      subscriber.complete();
    }
  }

  private typeStream(type: string, kind: keyof TypeSubscribers): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      const entry = this.byType.get(type) ?? { envelopes: [], payloads: [] };
      this.byType.set(type, { ...entry, [kind]: [...entry[kind], subscriber] });
      return () => {
        const current = this.byType.get(type);
        if (current === undefined) {
          return;
        }
        const next = { ...current, [kind]: current[kind].filter((other) => other !== subscriber) };
        if (next.envelopes.length === 0 && next.payloads.length === 0) {
          this.byType.delete(type);
        } else {
          this.byType.set(type, next);
        }
      };
    });
  }
}

/** Calls each subscriber in turn, as a Subject would. */
function deliver<T>(subscribers: ReadonlyArray<Subscriber<T>>, value: T): void {
  for (let i = 0; i < subscribers.length; i++) {
    subscribers[i].next(value);
  }
}
