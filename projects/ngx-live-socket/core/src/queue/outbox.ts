import type { Clock, TimerHandle } from '../platform/clock';
import type { Envelope } from '../messaging/envelope';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import { frameByteLength } from '../platform/utf8';
import { DEFAULT_OFFLINE_QUEUE_POLICY, type OfflineQueueOptions, type OfflineQueuePolicy, resolveOfflineQueuePolicy } from './offline-queue-policy';
import { SendHandle } from './send-handle';

/**
 * The outbox part of the messaging layer (`MessagingParts`): with a queue, bounded by its options (filled in
 * and checked here); with acks only (`null`), by the default bounds. `keepsEnvelopes` for a persisted queue.
 */
export function createOutbox(options: OfflineQueueOptions | null, awaitsAcks: boolean, clock: Clock, hooks: OutboxHooks, keepsEnvelopes: boolean): Outbox {
  return new Outbox(options === null ? DEFAULT_OFFLINE_QUEUE_POLICY : resolveOfflineQueuePolicy(options), awaitsAcks, clock, hooks, keepsEnvelopes);
}

/**
 * One message the outbox holds until it is sent (or, with acks, acknowledged): it is the message's own
 * {@link SendHandle}, so a queued message costs one small object (status, frame, and an id when it has one)
 * besides its encoded frame. The frame is what goes out (encoded once, at `send()`); the envelope is not kept (a persisted queue
 * keeps it aside, since its record is made of envelopes), nor its type (only an overflow report names it,
 * and it has the envelope).
 */
export class OutboxEntry extends SendHandle {
  /** @internal */
  constructor(
    id: number | undefined,
    awaitsAck: boolean,
    readonly frame: OutgoingFrame,
  ) {
    super(id, awaitsAck);
  }

  /** The frame's size, counted when needed rather than stored: one field less per queued message. */
  get bytes(): number {
    return frameByteLength(this.frame);
  }
}

/**
 * An entry that knows when it was taken in. Only an outbox that needs the time makes these (one with a
 * `maxAgeMs`, or a persisted one, whose record carries it): by default a queued message has no such field.
 */
class DatedOutboxEntry extends OutboxEntry {
  /** @internal */
  constructor(
    id: number | undefined,
    awaitsAck: boolean,
    frame: OutgoingFrame,
    /**
     * When it was taken in, in ms after the outbox's `origin`: a small integer is stored in the object
     * itself, a wall-clock time would be a heap number of its own per message.
     */
    readonly queuedAt: number,
  ) {
    super(id, awaitsAck, frame);
  }
}

/**
 * The frame as one flat string, where the engine can give one. V8's `JSON.stringify` returns a longer result
 * as a rope (a cons string over the parts it was built in). Reading a rope flattens it, but the rope object
 * stays in front of the flat copy until a minor GC happens to short-cut it, and once it has survived a major
 * one it stays for good: a queued frame then costs 32 bytes more (48 more while never read), a quarter to a
 * half of a small message. `normalize()` flattens its input and, for NFC text (JSON and almost every frame),
 * returns that flat string itself; anything else is held as it came, never altered.
 */
function flat(frame: OutgoingFrame): OutgoingFrame {
  if (typeof frame !== 'string') {
    return frame;
  }
  const normalized = frame.normalize();
  return normalized === frame ? normalized : frame;
}

export interface OutboxHooks {
  /** Hands a frame (numbered `id`, if it has one) to the socket; `false` when the link is not open or it may not go yet. */
  transmit(frame: OutgoingFrame, id: number | undefined): boolean;
  /** A message went out on the current link (the client notes the highest id it has sent). */
  sent(entry: OutboxEntry): void;
  /**
   * A message was refused or evicted by the overflow policy. `report` is given when the refusal is to be
   * reported (the `error` policy, or a message larger than the whole byte budget): the envelope of the
   * refused message, the one being added.
   */
  overflowed(entry: OutboxEntry, report?: Envelope): void;
  /** What the outbox holds changed (persist it, update counters). */
  changed(): void;
}

/**
 * Holds outgoing messages in order until they are sent, and with acks until the server confirms them; what
 * was in flight when the link dropped is sent again on the next link, before anything newer.
 *
 * Two arrays, oldest first: `inFlight` (sent on the current link, awaiting an ack) and `waiting` (not on the
 * current link yet). Every in-flight message is older than every waiting one, so a send touches only what is
 * waiting and the oldest-first order is the two arrays one after the other. Arrays rather than Maps: a
 * queue of thousands holds one slot per message, and what leaves it leaves from the front (sent, acked,
 * expired, evicted); only cancelling or a refusal by the server searches.
 */
export class Outbox {
  #inFlight: OutboxEntry[] = [];
  #waiting: OutboxEntry[] = [];
  #heldBytes = 0;
  #expiryTimer: TimerHandle | null = null;
  #dropped = 0;
  /** Entries' `queuedAt` counts from here. */
  readonly #origin: number;
  /** Whether entries carry the time they were taken in: for expiry (`maxAgeMs`), and for a persisted record. */
  readonly #dated: boolean;
  /**
   * Whether the link took the last frame handed to it (and has not dropped since): a message added then is
   * about to go out, so its frame is not worth flattening (see {@link flat}).
   */
  #linkTook = false;
  /** The envelope of each held message, for {@link snapshot}; filled only when the queue is persisted. */
  readonly #envelopes = new WeakMap<OutboxEntry, Envelope>();

  readonly #limits: Pick<OfflineQueuePolicy, 'maxMessages' | 'maxBytes' | 'maxAgeMs' | 'overflow'>;
  readonly #awaitsAcks: boolean;
  readonly #clock: Clock;
  readonly #hooks: OutboxHooks;
  readonly #keepsEnvelopes: boolean;

  constructor(
    limits: Pick<OfflineQueuePolicy, 'maxMessages' | 'maxBytes' | 'maxAgeMs' | 'overflow'>,
    awaitsAcks: boolean,
    clock: Clock,
    hooks: OutboxHooks,
    /** Whether the envelopes are kept, for {@link snapshot} (a persisted queue). */
    keepsEnvelopes: boolean = false,
  ) {
    this.#limits = limits;
    this.#awaitsAcks = awaitsAcks;
    this.#clock = clock;
    this.#hooks = hooks;
    this.#keepsEnvelopes = keepsEnvelopes;
    this.#origin = Math.floor(clock.now());
    this.#dated = limits.maxAgeMs !== Infinity || keepsEnvelopes;
  }

  get size(): number {
    return this.#inFlight.length + this.#waiting.length;
  }

  get bytes(): number {
    return this.#heldBytes;
  }

  /** Messages refused or evicted by the overflow policy so far. */
  get droppedCount(): number {
    return this.#dropped;
  }

  /**
   * Takes a message in, applying the bounds, and returns its handle, which fails with `overflow` if it
   * cannot be held. `frame` is the envelope encoded, and is what will be sent.
   */
  add(envelope: Envelope, frame: OutgoingFrame, enqueuedAt: number): SendHandle {
    const held = this.#linkTook ? frame : flat(frame);
    let entry: OutboxEntry;
    if (this.#dated) {
      const sinceOrigin = enqueuedAt - this.#origin;
      // `| 0` makes a whole number a small integer (the subtraction of two wall-clock times gives a boxed
      // number even when whole); anything else, e.g. a fake clock's fractions, is kept as it is.
      entry = new DatedOutboxEntry(envelope.id, this.#awaitsAcks, held, (sinceOrigin | 0) === sinceOrigin ? sinceOrigin | 0 : sinceOrigin);
    } else {
      entry = new OutboxEntry(envelope.id, this.#awaitsAcks, held);
    }
    const bytes = frameByteLength(held);
    if (bytes > this.#limits.maxBytes) {
      this.#refuse(entry, envelope);
      return entry;
    }
    while (this.size + 1 > this.#limits.maxMessages || this.#heldBytes + bytes > this.#limits.maxBytes) {
      if (this.#limits.overflow !== 'drop-oldest') {
        this.#refuse(entry, this.#limits.overflow === 'error' ? envelope : undefined);
        return entry;
      }
      this.#refuse(this.#takeOldest());
    }
    if (this.#keepsEnvelopes) {
      this.#envelopes.set(entry, envelope);
    }
    this.#waiting.push(entry);
    this.#heldBytes += bytes;
    this.#scheduleExpiry(false);
    this.#hooks.changed();
    return entry;
  }

  /** Sends, in order, everything not yet on the current link. Stops when the link refuses a frame. */
  flush(): void {
    this.#expire();
    let changed = false;
    while (this.#waiting.length > 0) {
      const entry = this.#waiting[0];
      this.#linkTook = this.#hooks.transmit(entry.frame, entry.id);
      if (!this.#linkTook) {
        break;
      }
      // Out of `waiting` before anyone hears of it: a status subscriber may send (and flush) again.
      this.#waiting.shift();
      const bytes = entry.bytes;
      this.#heldBytes -= bytes;
      changed = true;
      this.#hooks.sent(entry);
      entry.ɵmark({ state: 'sent' });
      if (this.#awaitsAcks) {
        this.#inFlight.push(entry);
        this.#heldBytes += bytes;
      }
    }
    if (changed) {
      this.#hooks.changed();
    }
  }

  /** The link dropped: messages awaiting an ack go out again on the next link, before the waiting ones. */
  linkDropped(): void {
    this.#linkTook = false;
    if (this.#inFlight.length === 0) {
      return;
    }
    const resent = this.#inFlight;
    this.#inFlight = [];
    this.#waiting = resent.concat(this.#waiting);
    for (const entry of resent) {
      entry.ɵmark({ state: 'queued' });
    }
    this.#scheduleExpiry(true);
  }

  /** The server processed every message up to and including `id` (acks are cumulative). */
  ack(id: number): void {
    let changed = false;
    for (let oldest = this.#oldest(); oldest?.id !== undefined && oldest.id <= id; oldest = this.#oldest()) {
      this.#takeOldest().ɵmark({ state: 'acked' });
      changed = true;
    }
    if (changed) {
      this.#hooks.changed();
    }
  }

  /** The server answered the message with this id with an error: it fails with `refused`. `false` if not held. */
  refusedByServer(id: number): boolean {
    const entry = this.#inFlight.concat(this.#waiting).find((held) => held.id === id);
    if (entry === undefined) {
      return false;
    }
    this.#remove(entry);
    entry.ɵmark({ state: 'failed', reason: 'refused' });
    this.#hooks.changed();
    return true;
  }

  /** Withdraws a message that has not been sent; `false` if it is already on the wire or gone. */
  cancel(handle: SendHandle): boolean {
    if (!this.#waiting.includes(handle as OutboxEntry)) {
      return false;
    }
    this.#remove(handle as OutboxEntry);
    handle.ɵmark({ state: 'failed', reason: 'cancelled' });
    this.#hooks.changed();
    return true;
  }

  /** Fails everything held (the connection is disposed). */
  failAll(): void {
    const held = this.#inFlight.concat(this.#waiting);
    this.#inFlight = [];
    this.#waiting = [];
    this.#heldBytes = 0;
    for (const entry of held) {
      entry.ɵmark({ state: 'failed', reason: 'closed' });
    }
    this.#stopExpiryTimer();
  }

  /** Stops the expiry timer without failing anything (the messages stay persisted for the next page). */
  stop(): void {
    this.#stopExpiryTimer();
  }

  /** What to persist: every held message, oldest first (an outbox made with `keepsEnvelopes`). */
  snapshot(): Array<{ envelope: Envelope; enqueuedAt: number }> {
    return this.#inFlight.concat(this.#waiting).map((entry) => ({ envelope: this.#envelopes.get(entry) as Envelope, enqueuedAt: this.#origin + this.#queuedAt(entry) }));
  }

  /** When an entry was taken in, after `origin` (a dated outbox's entries only). */
  #queuedAt(entry: OutboxEntry): number {
    return (entry as DatedOutboxEntry).queuedAt;
  }

  #oldest(): OutboxEntry | undefined {
    return this.#inFlight[0] ?? this.#waiting[0];
  }

  /** Removes the oldest held message (there is one) and returns it. */
  #takeOldest(): OutboxEntry {
    const oldest = (this.#inFlight.length > 0 ? this.#inFlight : this.#waiting).shift() as OutboxEntry;
    this.#heldBytes -= oldest.bytes;
    return oldest;
  }

  #refuse(entry: OutboxEntry, report?: Envelope): void {
    this.#dropped++;
    entry.ɵmark({ state: 'failed', reason: 'overflow' });
    this.#hooks.overflowed(entry, report);
    this.#hooks.changed();
  }

  #remove(entry: OutboxEntry): void {
    for (const list of [this.#inFlight, this.#waiting]) {
      const index = list.indexOf(entry);
      if (index !== -1) {
        list.splice(index, 1);
        this.#heldBytes -= entry.bytes;
        return;
      }
    }
  }

  /**
   * Fails messages that waited longer than maxAgeMs without reaching a link. The waiting messages are in
   * send order, so the first young one ends the search.
   */
  #expire(): void {
    if (this.#limits.maxAgeMs === Infinity) {
      return;
    }
    const now = this.#clock.now() - this.#origin;
    let changed = false;
    // Only what waits expires: a message in flight has reached a link.
    while (this.#waiting.length > 0 && now - this.#queuedAt(this.#waiting[0]) >= this.#limits.maxAgeMs) {
      const expired = this.#waiting.shift() as OutboxEntry;
      this.#heldBytes -= expired.bytes;
      expired.ɵmark({ state: 'failed', reason: 'expired' });
      changed = true;
    }
    if (changed) {
      this.#hooks.changed();
    }
  }

  /**
   * Times the next expiry by the oldest waiting message. A newer message never expires first, so an armed
   * timer is kept unless `force` (older messages came back to the waiting list after a drop).
   */
  #scheduleExpiry(force: boolean): void {
    if (this.#limits.maxAgeMs === Infinity || (this.#expiryTimer !== null && !force)) {
      return;
    }
    this.#stopExpiryTimer();
    const oldest = this.#waiting[0];
    if (oldest === undefined) {
      return;
    }
    const dueIn = Math.max(0, this.#origin + this.#queuedAt(oldest) + this.#limits.maxAgeMs - this.#clock.now());
    this.#expiryTimer = this.#clock.setTimeout(() => {
      this.#expiryTimer = null;
      this.#expire();
      this.#scheduleExpiry(false);
    }, dueIn);
  }

  #stopExpiryTimer(): void {
    if (this.#expiryTimer !== null) {
      this.#clock.clearTimeout(this.#expiryTimer);
      this.#expiryTimer = null;
    }
  }
}
