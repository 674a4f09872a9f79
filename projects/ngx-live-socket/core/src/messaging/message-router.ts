import { Observable, Subject } from 'rxjs';
import type { Envelope } from './envelope';

/**
 * Delivers each incoming envelope to the streams that asked for its type or its channel.
 *
 * One shared Subject per type and per channel, found by a Map lookup: routing costs the same whether 10 or
 * 10,000 types are subscribed, and a message never visits subscribers of other types (rxjs `multiplex`
 * runs every subscriber's filter on every message). Subjects are created on first subscribe and dropped
 * with the last unsubscribe, so nothing grows with types that come and go.
 */
export class MessageRouter {
  private readonly byType = new Map<string, Subject<Envelope>>();
  /** Payload streams per type, beside the envelope streams: `on(type)` subscribers get payloads with no operator in between. */
  private readonly payloadsByType = new Map<string, Subject<unknown>>();
  private readonly byChannel = new Map<string, Subject<Envelope>>();
  private readonly everything = new Subject<Envelope>();

  /** Every routed envelope. */
  readonly all$: Observable<Envelope> = this.everything.asObservable();

  /** Hands the envelope to its streams; `false` when no stream wanted it. */
  route(envelope: Envelope): boolean {
    let delivered = false;
    if (this.everything.observed) {
      this.everything.next(envelope);
      delivered = true;
    }
    const byType = this.byType.get(envelope.type);
    if (byType !== undefined) {
      byType.next(envelope);
      delivered = true;
    }
    const payloads = this.payloadsByType.get(envelope.type);
    if (payloads !== undefined) {
      payloads.next(envelope.payload);
      delivered = true;
    }
    if (envelope.channel !== undefined) {
      const byChannel = this.byChannel.get(envelope.channel);
      if (byChannel !== undefined) {
        byChannel.next(envelope);
        delivered = true;
      }
    }
    return delivered;
  }

  ofType(type: string): Observable<Envelope> {
    return sharedStream(this.byType, type);
  }

  ofChannel(channel: string): Observable<Envelope> {
    return sharedStream(this.byChannel, channel);
  }

  /** The payloads of one type. */
  payloadsOf(type: string): Observable<unknown> {
    return sharedStream(this.payloadsByType, type);
  }

  /** How many types and channels have a live stream (for memory checks). */
  get size(): number {
    return this.byType.size + this.payloadsByType.size + this.byChannel.size;
  }

  /** Ends every stream (the connection is disposed). */
  complete(): void {
    for (const subject of [...this.byType.values(), ...this.payloadsByType.values(), ...this.byChannel.values(), this.everything]) {
      subject.complete();
    }
    this.byType.clear();
    this.payloadsByType.clear();
    this.byChannel.clear();
  }
}

function sharedStream<T>(streams: Map<string, Subject<T>>, key: string): Observable<T> {
  return new Observable<T>((subscriber) => {
    let subject = streams.get(key);
    if (subject === undefined) {
      subject = new Subject<T>();
      streams.set(key, subject);
    }
    const shared = subject;
    const subscription = shared.subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      if (!shared.observed && streams.get(key) === shared) {
        streams.delete(key);
      }
    };
  });
}
