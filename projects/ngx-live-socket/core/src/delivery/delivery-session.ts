import type { Envelope } from '../messaging/envelope';
import { CONTROL_TYPES } from '../messaging/envelope';
import type { Clock } from '../platform/clock';
import { type DeliveryOptions, type DeliveryPolicy, resolveDeliveryPolicy } from './delivery';
import { DEFAULT_SEQUENCE_LIMITS, SequenceChecker } from './sequence-checker';

/** What a delivery session asks of the messaging layer it belongs to. */
export interface DeliverySessionHooks {
  /** The session's id: the page's own, or that of a queue left behind by another page. */
  session(): string;
  /** Sends a control envelope on the current link (nothing when it is down). */
  sendControl(envelope: Envelope): void;
  /** The next incoming message in seq order: route it to the app. */
  deliver(envelope: Envelope): void;
  /** An incoming message was dropped as already seen. */
  duplicate(): void;
  report(kind: 'seq-gap' | 'resume-gap', message: string | false): void;
}

/**
 * The delivery part of the messaging layer (`withDelivery()`, docs/protocol.md): on every new link it names
 * the session (`resume`), with `resume` also the last seq it saw so the server replays the gap, and it puts
 * incoming numbered messages back in order, exactly once. Acks are the outbox's: `acks` tells the messaging
 * layer to number and hold every message.
 */
export class DeliverySession {
  readonly policy: DeliveryPolicy;
  readonly #sequence: SequenceChecker<Envelope>;

  readonly #hooks: DeliverySessionHooks;

  constructor(
    options: DeliveryOptions,
    clock: Clock,
    hooks: DeliverySessionHooks,
  ) {
    this.#hooks = hooks;
    this.policy = resolveDeliveryPolicy(options);
    this.#sequence = new SequenceChecker<Envelope>(DEFAULT_SEQUENCE_LIMITS, clock, {
      deliver: (envelope) => hooks.deliver(envelope),
      duplicate: () => hooks.duplicate(),
      report: (kind, message) => hooks.report(kind, message),
      askReplay: (lastSeq) => hooks.sendControl({ type: CONTROL_TYPES.resume, payload: { session: hooks.session(), lastSeq } }),
    });
  }

  /** The highest seq delivered in order (what `resume` names and a persisted queue keeps); `null` before any. */
  get lastSeq(): number | null {
    return this.#sequence.lastSeq;
  }

  set lastSeq(seq: number | null) {
    this.#sequence.lastSeq = seq;
  }

  /** A link opened: `resume` goes out first, before channel subscriptions and the queue. */
  linkOpened(): void {
    const session = this.#hooks.session();
    const resume = this.policy.resume;
    this.#hooks.sendControl({ type: CONTROL_TYPES.resume, payload: resume ? { session, lastSeq: this.lastSeq ?? 0 } : { session } });
    if (resume) {
      this.#sequence.resumeSent();
    }
  }

  linkDropped(): void {
    this.#sequence.linkDropped();
  }

  /** An incoming message that is not a control: in seq order when it carries one and resume is on. */
  receive(envelope: Envelope): void {
    if (this.policy.resume && envelope.seq !== undefined) {
      this.#sequence.receive(envelope.seq, envelope);
    } else {
      this.#hooks.deliver(envelope);
    }
  }

  /** The server's `resumed`: its replay ended, `complete: false` when it could not replay everything. */
  replayEnded(complete: boolean): void {
    if (this.policy.resume) {
      this.#sequence.replayEnded(complete);
    }
  }

  stop(): void {
    this.#sequence.stop();
  }
}
