import { BehaviorSubject, Observable } from 'rxjs';

/** Why a message was not delivered. */
export type SendFailureReason =
  /** It waited longer than the queue's `maxAgeMs`. */
  | 'expired'
  /** The queue was full (by count or bytes) and the overflow policy dropped it. */
  | 'overflow'
  /** The connection was disposed (its injector destroyed) before it could be sent. */
  | 'closed'
  /** The link was down and no offline queue is configured. */
  | 'offline'
  /** The app cancelled it (unsubscribed from a request) before it was sent. */
  | 'cancelled'
  /** The server answered it with an error (with acks, `{"type":"error","re":<id>}`); `errors$` has the message. */
  | 'refused';

/**
 * Where a message is: `queued` (waiting for an open link), `sent` (handed to the socket), `acked` (the server
 * confirmed it; only with `withDelivery({ acks: true })`), or `failed` with a reason.
 */
export type SendStatus =
  | { readonly state: 'queued' }
  | { readonly state: 'sent' }
  | { readonly state: 'acked' }
  | { readonly state: 'failed'; readonly reason: SendFailureReason };

/**
 * The status stream of each handle someone subscribed to, made on the first `status$` subscription only: most
 * handles are never watched, and a queue holds thousands, so a handle carries no field for it.
 */
const statusStreams = new WeakMap<SendHandle, BehaviorSubject<SendStatus>>();

/**
 * The statuses without a reason, one object each for every handle, so a queued message allocates none. A
 * handle whose `sent` awaits an ack gets its own `queued` and `sent` objects (the same shapes): which of
 * the two it holds says whether an ack is awaited, so a handle needs no field for that.
 */
const QUEUED: SendStatus = { state: 'queued' };
const SENT: SendStatus = { state: 'sent' };
const QUEUED_AWAITING_ACK: SendStatus = { state: 'queued' };
const SENT_AWAITING_ACK: SendStatus = { state: 'sent' };

/**
 * What `send()` returns: follow one message from queued to sent to acked, or to failed.
 *
 * @usageNotes
 * ```ts
 * const handle = socket.send('chat.send', { text });
 * handle.status$.subscribe((status) => console.log(status.state)); // queued, sent, acked
 * ```
 */
export class SendHandle {
  /**
   * The message's correlation id on the wire, when it has one (acks, requests). Only a handle with an id has
   * the property of its own (one without reads `undefined`): a queue of plain sends holds a field less each.
   */
  declare readonly id: number | undefined;
  #current: SendStatus;

  /**
   * The current status and every change after it; completes once the message is settled (replaying the final
   * status to late subscribers).
   */
  get status$(): Observable<SendStatus> {
    // Written out rather than `defer(() => settled ? of(status) : subject)`: those creation functions bring
    // rxjs's `from` machinery into every app, and this is all they would do here.
    return new Observable<SendStatus>((subscriber) => {
      if (this.settled) {
        subscriber.next(this.#current);
        subscriber.complete();
        return undefined;
      }
      let changes = statusStreams.get(this);
      if (changes === undefined) {
        changes = new BehaviorSubject(this.#current);
        statusStreams.set(this, changes);
      }
      return changes.subscribe(subscriber);
    });
  }

  constructor(
    /** The message's correlation id on the wire, when it has one (acks, requests). */
    id: number | undefined,
    /** Whether `sent` is final or the server's ack is awaited. */
    awaitsAck: boolean,
  ) {
    this.#current = awaitsAck ? QUEUED_AWAITING_ACK : QUEUED;
    if (id !== undefined) {
      this.id = id;
    }
  }

  get status(): SendStatus {
    return this.#current;
  }

  /** True once nothing more will happen to the message. */
  get settled(): boolean {
    const { state } = this.#current;
    return state === 'failed' || state === 'acked' || this.#current === SENT;
  }

  /** @internal */
  ɵmark(status: SendStatus): void {
    if (this.settled || this.#current.state === status.state) {
      return;
    }
    const awaitsAck = this.#current === QUEUED_AWAITING_ACK || this.#current === SENT_AWAITING_ACK;
    const { state } = status;
    this.#current = state === 'queued' ? (awaitsAck ? QUEUED_AWAITING_ACK : QUEUED) : state === 'sent' ? (awaitsAck ? SENT_AWAITING_ACK : SENT) : status;
    const changes = statusStreams.get(this);
    changes?.next(this.#current);
    if (changes !== undefined && this.settled) {
      statusStreams.delete(this);
      changes.complete();
    }
  }
}
