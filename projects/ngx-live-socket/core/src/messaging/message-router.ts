import { Observable } from 'rxjs';
import { SubscriberList } from '../platform/subscriber-list';
import type { Envelope } from './envelope';

/**
 * The streams of one message type: whole envelopes (`envelopesOf`) and payloads (`on`). Each list is made by
 * its first subscriber: a type routed to `on()` alone touches one list per message, not two (with a thousand
 * types in turn, every object a message touches is one more cache miss).
 */
class TypeStreams {
  envelopes: SubscriberList<Envelope> | undefined;
  payloads: SubscriberList<unknown> | undefined;

  readonly #emptied: () => void;

  constructor(emptied: () => void) {
    this.#emptied = emptied;
  }

  envelopeList(): SubscriberList<Envelope> {
    return (this.envelopes ??= new SubscriberList(() => this.#leave()));
  }

  payloadList(): SubscriberList<unknown> {
    return (this.payloads ??= new SubscriberList(() => this.#leave()));
  }

  complete(): void {
    this.envelopeList().complete();
    this.payloadList().complete();
  }

  #leave(): void {
    if ((this.envelopes?.size ?? 0) + (this.payloads?.size ?? 0) === 0) {
      this.#emptied();
    }
  }
}

/**
 * Delivers each incoming envelope to the streams that asked for its type or its channel.
 *
 * A message costs one Map lookup for its type (both of the type's streams hang under it), whether 10 or
 * 10,000 types are subscribed, and never visits subscribers of other types (rxjs `multiplex` runs every
 * subscriber's filter on every message). The router calls the subscribers itself ({@link SubscriberList})
 * rather than through a Subject per type: this is the path every incoming message takes. A type's or
 * channel's entry is made on its first subscribe and dropped with its last unsubscribe, so nothing grows
 * with types that come and go.
 */
export class MessageRouter {
  readonly #byType = new Map<string, TypeStreams>();
  readonly #byChannel = new Map<string, SubscriberList<Envelope>>();
  /** The subscribers of `all$`. */
  readonly #everything = new SubscriberList<Envelope>();
  #completed = false;

  /** Every routed envelope. */
  readonly all$: Observable<Envelope> = new Observable<Envelope>((subscriber) => this.#everything.add(subscriber));

  /** Hands the envelope to its streams; `false` when no stream wanted it. */
  route(envelope: Envelope): boolean {
    let delivered = this.#everything.next(envelope);
    const streams = this.#byType.get(envelope.type);
    if (streams !== undefined) {
      // An entry exists only while one of its streams has a subscriber.
      streams.envelopes?.next(envelope);
      streams.payloads?.next(envelope.payload);
      delivered = true;
    }
    if (envelope.channel !== undefined) {
      delivered = (this.#byChannel.get(envelope.channel)?.next(envelope) ?? false) || delivered;
    }
    return delivered;
  }

  ofType(type: string): Observable<Envelope> {
    return new Observable<Envelope>((subscriber) => this.#streamsOf(type).envelopeList().add(subscriber));
  }

  /** The payloads of one type. */
  payloadsOf(type: string): Observable<unknown> {
    return new Observable<unknown>((subscriber) => this.#streamsOf(type).payloadList().add(subscriber));
  }

  ofChannel(channel: string): Observable<Envelope> {
    return new Observable<Envelope>((subscriber) => this.#channelList(channel).add(subscriber));
  }

  /** How many types and channels have a live stream (for memory checks). */
  get size(): number {
    return this.#byType.size + this.#byChannel.size;
  }

  /** Ends every stream, and each one subscribed later (the connection is disposed). */
  complete(): void {
    this.#completed = true;
    const streams = [...this.#byType.values()];
    const channels = [...this.#byChannel.values()];
    this.#byType.clear();
    this.#byChannel.clear();
    this.#everything.complete();
    streams.forEach((typeStreams) => typeStreams.complete());
    channels.forEach((list) => list.complete());
  }

  /** A type's entry, made on its first subscribe; once the router has completed, one that completes its subscribers. */
  #streamsOf(type: string): TypeStreams {
    return this.#entry(this.#byType, type, (emptied) => new TypeStreams(emptied));
  }

  /** A channel's entry, made as a type's is. */
  #channelList(channel: string): SubscriberList<Envelope> {
    return this.#entry(this.#byChannel, channel, (emptied) => new SubscriberList<Envelope>(emptied));
  }

  /** The entry under `key`, made (and kept until it empties) when there is none; completed at once after `complete()`. */
  #entry<E extends { complete(): void }>(entries: Map<string, E>, key: string, make: (emptied: () => void) => E): E {
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = make(() => entries.delete(key));
      if (this.#completed) {
        entry.complete();
      } else {
        entries.set(key, entry);
      }
    }
    return entry;
  }
}
