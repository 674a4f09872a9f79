import type { OutgoingFrame } from '../connection/outgoing-frame';
import { requirePart } from '../errors/missing-part';
import type { WebSocketError, WebSocketErrorKind } from '../errors/web-socket-error';
import type { Envelope } from '../messaging/envelope';
import type { MessagingClientOptions, MessagingParts, MessagingStats } from '../messaging/messaging-core';
import type { Clock } from '../platform/clock';
import { mathRandom } from '../platform/random-source';
import type { Outbox } from '../queue/outbox';
import type { PersistentQueue } from '../queue/persistent-queue';
import type { DeliverySession } from './delivery-session';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** What the messaging layer gives its reliability part: the way out, and where to report. */
export interface ReliabilityHost {
  /** Sends a frame now if the link is open (and, numbered `id`, it may go out); `false` when it is not. */
  transmit(frame: OutgoingFrame, id: number | undefined): boolean;
  /** A message with this id went out (the highest id sent bounds the acks we trust). */
  sent(id: number | undefined): void;
  /** Control envelopes (resume) go out this way, only on an open link. */
  sendControl(envelope: Envelope): void;
  /** An incoming message the delivery session let through, in order. */
  deliver(envelope: Envelope): void;
  encode(envelope: Envelope): OutgoingFrame;
  /** The next id the layer will give (a persisted record carries it). */
  nextId(): number;
  patchStats(patch: Partial<MessagingStats>): void;
  duplicate(): void;
  report(kind: WebSocketErrorKind, message: string | false, data: unknown): void;
  /** An error of a client adopting another page's queue, passed on as this client's. */
  forward(error: WebSocketError): void;
}

/**
 * The parts that make sending reliable, wired together: the outbox that holds messages until sent (or acked),
 * the delivery session (acks, resume, seq order) and the persisted queue, with the session they share. It
 * exists only when an offline queue or delivery is configured; an app with neither ships none of it.
 */
export interface Reliability {
  /** Holds messages; `null` with delivery but neither a queue nor acks. */
  readonly outbox: Outbox | null;
  readonly delivery: DeliverySession | null;
  /** Watches for queues other pages left (persisted queues only). */
  connect(): void;
  /** Stops taking in other pages' queues. */
  close(): void;
  /** Fails what is held (a persisted queue stays stored) and stops every part. */
  dispose(): void;
}

/**
 * Makes the {@link Reliability} of one client from its options and the parts its features gave. A queue
 * adopted from another page (`ɵadopted`) keeps its original session; the persistence part restores its messages.
 */
export function createReliability(options: MessagingClientOptions, parts: MessagingParts, clock: Clock, host: ReliabilityHost): Reliability {
  const adopted = options.ɵadopted;
  const shared = options.ɵshared?.session;
  // Every page has a session of its own: two pages never send under one session (docs/protocol.md); tabs that
  // share a connection share its session, one leader tab at a time sending under it.
  const session = adopted?.snapshot.session ?? shared?.id ?? newSessionId(options.random ?? mathRandom);
  const delivery =
    options.delivery == null
      ? null
      : new (requirePart(parts.delivery, 'delivery'))(options.delivery, clock, {
          session: () => session,
          sendControl: host.sendControl,
          // lastSeq alone does not rewrite the record: it is saved with the next change of the queue.
          deliver: host.deliver,
          duplicate: host.duplicate,
          report: (kind, message) => host.report(kind, message, undefined),
        });
  if (delivery !== null && shared !== undefined) {
    delivery.lastSeq = shared.lastSeq;
  }
  const acks = delivery?.policy.acks ?? false;
  const persist = options.queue?.persist ?? false;
  // A persisted queue keeps each message's envelope: its record is made of envelopes.
  const persists = persist !== false || adopted !== undefined;
  let persistence: PersistentQueue | null = null;
  const changed = (): void => {
    if (outbox !== null) {
      host.patchStats({ queuedMessages: outbox.size, queuedBytes: outbox.bytes, droppedMessages: outbox.droppedCount });
    }
    persistence?.scheduleSave();
  };
  // Without a queue, messages are held only while awaiting acks; the default bounds cap that too.
  const outbox: Outbox | null =
    options.queue == null && !acks
      ? null
      : requirePart(parts.outbox, 'offline queue')(options.queue ?? null, acks, clock, {
          transmit: host.transmit,
          sent: ({ id }) => host.sent(id),
          overflowed: (_, report) => {
            if (report !== undefined) {
              const { size, bytes } = outbox as Outbox;
              host.report('queue-overflow', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the offline queue is full (${size} messages, ${bytes} bytes): "${report.type}" was not queued.`, report);
            }
          },
          changed,
        }, persists);
  if (persists) {
    // Assigned after the outbox exists: a queue restored into it is saved once the record is set up.
    persistence = requirePart(parts.persistence, 'persistence')(options, parts, { outbox, delivery, session, clock, host });
  }

  return {
    outbox,
    delivery,
    connect: () => persistence?.watchOthers(),
    close: () => persistence?.stopAdopting(),
    dispose: () => {
      delivery?.stop();
      if (persistence?.persists) {
        outbox?.stop();
      } else {
        outbox?.failAll();
        changed(); // the failed messages are no longer queued: stats must not keep counting them
      }
      persistence?.dispose();
    },
  };
}

export function newSessionId(random: () => number): string {
  return `s-${Array.from({ length: 4 }, () => Math.floor(random() * 0x100000000).toString(36)).join('')}`;
}
