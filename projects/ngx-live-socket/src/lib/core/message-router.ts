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

  /** How many types and channels have a live stream (for memory checks). */
  get size(): number {
    return this.byType.size + this.byChannel.size;
  }

  /** Ends every stream (the connection is disposed). */
  complete(): void {
    for (const subject of [...this.byType.values(), ...this.byChannel.values(), this.everything]) {
      subject.complete();
    }
    this.byType.clear();
    this.byChannel.clear();
  }
}

function sharedStream(streams: Map<string, Subject<Envelope>>, key: string): Observable<Envelope> {
  return new Observable<Envelope>((subscriber) => {
    let subject = streams.get(key);
    if (subject === undefined) {
      subject = new Subject<Envelope>();
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
