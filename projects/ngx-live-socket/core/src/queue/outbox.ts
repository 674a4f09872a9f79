import { WebSocketArgumentError } from '../errors/argument-error';
import { withoutUndefined } from '../platform/without-undefined';
import type { Clock, TimerHandle } from '../platform/clock';
import type { Envelope } from '../messaging/envelope';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import type { QueueStorage } from './queue-storage';
import type { SendHandle } from './send-handle';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** What happens when a message does not fit: drop the oldest held, drop the new one, or drop it and report. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** Bounds of the offline queue. Every field is optional; see {@link DEFAULT_OFFLINE_QUEUE_POLICY}. */
export interface OfflineQueueOptions {
  /** Most messages held (queued plus awaiting an ack). */
  readonly maxMessages?: number;
  /** Most bytes held, counting each encoded frame's UTF-8 length. */
  readonly maxBytes?: number;
  /** A message not sent within this many ms fails with `expired`. */
  readonly maxAgeMs?: number;
  /** See {@link OverflowPolicy}; `error` also reports `queue-overflow` on `errors$`. */
  readonly overflow?: OverflowPolicy;
  /**
   * Keep the queue where the page's end cannot lose it: `true` for `localStorage`, or your own
   * {@link QueueStorage}. Each page keeps its own record; what a page still holds when it is reloaded, closed
   * or crashes is sent by another page of the app (at the latest the next one loaded), once, and exactly once
   * with acks, under the session and ids it was given (docs/protocol.md, "One page, one session").
   * @default false
   */
  readonly persist?: boolean | QueueStorage;
}

export interface OfflineQueuePolicy {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  readonly overflow: OverflowPolicy;
  readonly persist: boolean | QueueStorage;
}

export const DEFAULT_OFFLINE_QUEUE_POLICY: OfflineQueuePolicy = {
  maxMessages: 1_000,
  maxBytes: 1_048_576,
  maxAgeMs: Infinity,
  overflow: 'error',
  persist: false,
};

const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['drop-oldest', 'drop-newest', 'error'];

export function resolveOfflineQueuePolicy(options: OfflineQueueOptions = {}): OfflineQueuePolicy {
  const policy: OfflineQueuePolicy = { ...DEFAULT_OFFLINE_QUEUE_POLICY, ...withoutUndefined(options) };
  const positive = (name: keyof OfflineQueuePolicy, value: number, integer: boolean) => {
    if (typeof value !== 'number' || !(value > 0) || (integer && value !== Infinity && !Number.isInteger(value))) {
      throw new WebSocketArgumentError(`offline queue ${name}`, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(value)} is not allowed; expected ${integer ? 'an integer' : 'a number'} > 0.`);
    }
  };
  positive('maxMessages', policy.maxMessages, true);
  positive('maxBytes', policy.maxBytes, true);
  positive('maxAgeMs', policy.maxAgeMs, false);
  if (!OVERFLOW_POLICIES.includes(policy.overflow)) {
    throw new WebSocketArgumentError('offline queue overflow', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(policy.overflow)} is not allowed; expected one of ${OVERFLOW_POLICIES.join(', ')}.`);
  }
  const { persist } = policy;
  const storageMethods = ['keys', 'load', 'save', 'remove'] as const;
  if (typeof persist !== 'boolean' && !(typeof persist === 'object' && persist !== null && storageMethods.every((name) => typeof persist[name] === 'function'))) {
    throw new WebSocketArgumentError('offline queue persist', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `expected true, false, or a QueueStorage: an object with ${storageMethods.map((name) => `${name}()`).join(', ')} (and optionally watch()).`);
  }
  return policy;
}

/**
 * The outbox part of the messaging layer (`MessagingParts`): with a queue, bounded by its options (filled in
 * and checked here); with acks only (`null`), by the default bounds.
 */
export function createOutbox(options: OfflineQueueOptions | null, awaitsAcks: boolean, clock: Clock, hooks: OutboxHooks): Outbox {
  return new Outbox(options === null ? DEFAULT_OFFLINE_QUEUE_POLICY : resolveOfflineQueuePolicy(options), awaitsAcks, clock, hooks);
}

/** One message the outbox holds until it is sent (or, with acks, acknowledged). */
export interface OutboxEntry {
  readonly envelope: Envelope;
  readonly frame: OutgoingFrame;
  readonly bytes: number;
  readonly enqueuedAt: number;
  readonly handle: SendHandle;
}

export interface OutboxHooks {
  /** Hands a frame to the socket; `false` when the link is not open. */
  transmit(frame: OutgoingFrame): boolean;
  /** A message went out on the current link (the client notes the highest id it has sent). */
  sent(entry: OutboxEntry): void;
  /** A message was refused or evicted by the overflow policy. `report` is true for the `error` policy. */
  overflowed(entry: OutboxEntry, report: boolean): void;
  /** What the outbox holds changed (persist it, update counters). */
  changed(): void;
}

/**
 * Holds outgoing messages in order until they are sent, and with acks until the server confirms them; what
 * was in flight when the link dropped is sent again on the next link, before anything newer.
 *
 * Two insertion-ordered Maps: `inFlight` (sent on the current link, awaiting an ack) and `waiting` (not on
 * the current link yet). Every in-flight message is older than every waiting one, so a send touches only
 * what is waiting, the oldest-first order is the two Maps one after the other, and appending, acknowledging
 * the oldest and cancelling are O(1).
 */
export class Outbox {
  private readonly inFlight = new Map<SendHandle, OutboxEntry>();
  private readonly waiting = new Map<SendHandle, OutboxEntry>();
  private heldBytes = 0;
  private expiryTimer: TimerHandle | null = null;
  private dropped = 0;

  constructor(
    private readonly limits: Pick<OfflineQueuePolicy, 'maxMessages' | 'maxBytes' | 'maxAgeMs' | 'overflow'>,
    private readonly awaitsAcks: boolean,
    private readonly clock: Clock,
    private readonly hooks: OutboxHooks,
  ) {}

  get size(): number {
    return this.inFlight.size + this.waiting.size;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /** Messages refused or evicted by the overflow policy so far. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Takes a message in, applying the bounds; the handle fails with `overflow` if it cannot be held. */
  add(entry: OutboxEntry): void {
    if (entry.bytes > this.limits.maxBytes) {
      this.refuse(entry, true);
      return;
    }
    while (this.size + 1 > this.limits.maxMessages || this.heldBytes + entry.bytes > this.limits.maxBytes) {
      if (this.limits.overflow !== 'drop-oldest') {
        this.refuse(entry, this.limits.overflow === 'error');
        return;
      }
      const oldest = this.oldest() as OutboxEntry;
      this.remove(oldest);
      this.refuse(oldest, false);
    }
    this.waiting.set(entry.handle, entry);
    this.heldBytes += entry.bytes;
    this.scheduleExpiry(false);
    this.hooks.changed();
  }

  /** Sends, in order, everything not yet on the current link. Stops when the link refuses a frame. */
  flush(): void {
    this.expire();
    let changed = false;
    for (const entry of this.waiting.values()) {
      if (!this.hooks.transmit(entry.frame)) {
        break;
      }
      changed = true;
      this.remove(entry);
      this.hooks.sent(entry);
      entry.handle.ɵmark({ state: 'sent' });
      if (this.awaitsAcks) {
        this.inFlight.set(entry.handle, entry);
        this.heldBytes += entry.bytes;
      }
    }
    if (changed) {
      this.hooks.changed();
    }
  }

  /** The link dropped: messages awaiting an ack go out again on the next link, before the waiting ones. */
  linkDropped(): void {
    if (this.inFlight.size === 0) {
      return;
    }
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const entry of [...this.inFlight.values(), ...waiting]) {
      this.waiting.set(entry.handle, entry);
    }
    for (const entry of this.inFlight.values()) {
      entry.handle.ɵmark({ state: 'queued' });
    }
    this.inFlight.clear();
    this.scheduleExpiry(true);
  }

  /** The server processed every message up to and including `id` (acks are cumulative). */
  ack(id: number): void {
    let changed = false;
    for (const entry of this.oldestFirst()) {
      const entryId = entry.envelope.id;
      if (entryId === undefined || entryId > id) {
        break;
      }
      this.remove(entry);
      entry.handle.ɵmark({ state: 'acked' });
      changed = true;
    }
    if (changed) {
      this.hooks.changed();
    }
  }

  /** The server answered the message with this id with an error: it fails with `refused`. `false` if not held. */
  refusedByServer(id: number): boolean {
    for (const entry of this.oldestFirst()) {
      if (entry.envelope.id === id) {
        this.remove(entry);
        entry.handle.ɵmark({ state: 'failed', reason: 'refused' });
        this.hooks.changed();
        return true;
      }
    }
    return false;
  }

  /** Withdraws a message that has not been sent; `false` if it is already on the wire or gone. */
  cancel(handle: SendHandle): boolean {
    const entry = this.waiting.get(handle);
    if (entry === undefined) {
      return false;
    }
    this.remove(entry);
    handle.ɵmark({ state: 'failed', reason: 'cancelled' });
    this.hooks.changed();
    return true;
  }

  /** Fails everything held (the connection is disposed). */
  failAll(): void {
    for (const entry of [...this.oldestFirst()]) {
      this.remove(entry);
      entry.handle.ɵmark({ state: 'failed', reason: 'closed' });
    }
    this.stopExpiryTimer();
  }

  /** Stops the expiry timer without failing anything (the messages stay persisted for the next page). */
  stop(): void {
    this.stopExpiryTimer();
  }

  /** What to persist: every held message, oldest first. */
  snapshot(): Array<{ envelope: Envelope; enqueuedAt: number }> {
    return [...this.oldestFirst()].map(({ envelope, enqueuedAt }) => ({ envelope, enqueuedAt }));
  }

  private *oldestFirst(): Generator<OutboxEntry> {
    yield* this.inFlight.values();
    yield* this.waiting.values();
  }

  private oldest(): OutboxEntry | undefined {
    return this.oldestFirst().next().value as OutboxEntry | undefined;
  }

  private refuse(entry: OutboxEntry, report: boolean): void {
    this.dropped++;
    entry.handle.ɵmark({ state: 'failed', reason: 'overflow' });
    this.hooks.overflowed(entry, report);
    this.hooks.changed();
  }

  private remove(entry: OutboxEntry): void {
    if (this.inFlight.delete(entry.handle) || this.waiting.delete(entry.handle)) {
      this.heldBytes -= entry.bytes;
    }
  }

  /**
   * Fails messages that waited longer than maxAgeMs without reaching a link. The waiting messages are in
   * send order, so the first young one ends the search.
   */
  private expire(): void {
    if (this.limits.maxAgeMs === Infinity) {
      return;
    }
    const now = this.clock.now();
    let changed = false;
    for (const entry of this.waiting.values()) {
      if (now - entry.enqueuedAt < this.limits.maxAgeMs) {
        break;
      }
      this.remove(entry);
      entry.handle.ɵmark({ state: 'failed', reason: 'expired' });
      changed = true;
    }
    if (changed) {
      this.hooks.changed();
    }
  }

  /**
   * Times the next expiry by the oldest waiting message. A newer message never expires first, so an armed
   * timer is kept unless `force` (older messages came back to the waiting list after a drop).
   */
  private scheduleExpiry(force: boolean): void {
    if (this.limits.maxAgeMs === Infinity || (this.expiryTimer !== null && !force)) {
      return;
    }
    this.stopExpiryTimer();
    const oldest = this.waiting.values().next().value as OutboxEntry | undefined;
    if (oldest === undefined) {
      return;
    }
    const dueIn = Math.max(0, oldest.enqueuedAt + this.limits.maxAgeMs - this.clock.now());
    this.expiryTimer = this.clock.setTimeout(() => {
      this.expiryTimer = null;
      this.expire();
      this.scheduleExpiry(false);
    }, dueIn);
  }

  private stopExpiryTimer(): void {
    if (this.expiryTimer !== null) {
      this.clock.clearTimeout(this.expiryTimer);
      this.expiryTimer = null;
    }
  }
}
