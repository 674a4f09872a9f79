import type { DeliverySession } from '../delivery/delivery-session';
import type { ReliabilityHost } from '../delivery/reliability';
import { requirePart } from '../errors/missing-part';
import { MessagingCore, type MessagingClientOptions, type MessagingParts } from '../messaging/messaging-core';
import type { Clock } from '../platform/clock';
import type { Outbox } from './outbox';
import { type AdoptedQueue, type AdoptionClient, PersistentQueue } from './persistent-queue';
import { QUEUE_SNAPSHOT_VERSION, type QueueSnapshot } from './queue-snapshot';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

const DEFAULT_STORAGE_KEY = 'ngx-live-socket:queue';

/** What the persistence of one client works on: the parts of its reliability, and their session. */
export interface QueuePersistenceWiring {
  /** The outbox whose messages the record holds. */
  readonly outbox: Outbox | null;
  readonly delivery: DeliverySession | null;
  readonly session: string;
  readonly clock: Clock;
  readonly host: ReliabilityHost;
}

/**
 * The persistence part (`withQueuePersistence()`): the {@link PersistentQueue} of one client, wired to its
 * outbox and delivery session. It writes what the outbox holds as the page's record, restores a queue another
 * page left (`ɵadopted`) into the outbox under its original session and ids, and gives each queue it adopts a
 * client of its own. An app without the feature ships none of it.
 */
export function createQueuePersistence(options: MessagingClientOptions, parts: MessagingParts, wiring: QueuePersistenceWiring): PersistentQueue {
  const { outbox, delivery, session, clock, host } = wiring;
  const adopted = options.ɵadopted;
  const persist = options.queue?.persist ?? false;
  const queue = new PersistentQueue(
    { persist: persist === false ? true : persist, storageKey: options.storageKey ?? DEFAULT_STORAGE_KEY, session, locks: options.locks, clock, adopted },
    {
      // What the record holds now; `null` once nothing is held.
      snapshot: (): QueueSnapshot | null => {
        const entries = outbox?.snapshot() ?? [];
        return entries.length === 0 ? null : { version: QUEUE_SNAPSHOT_VERSION, session, nextId: host.nextId(), lastSeq: delivery?.lastSeq ?? null, entries };
      },
      report: (message, data) => host.report('queue-restore-failed', message, data),
      adopt: (orphan) => adopt(options, parts, orphan, host),
    },
  );
  if (adopted !== undefined) {
    restore(adopted.snapshot, requirePart(outbox, 'offline queue'), delivery, session, host);
    queue.scheduleSave();
  }
  return queue;
}

/** A client of its own, with this one's options and parts, for a queue another page left behind. */
function adopt(options: MessagingClientOptions, parts: MessagingParts, queue: AdoptedQueue, host: ReliabilityHost): AdoptionClient {
  const adoption = new MessagingCore({
    ...options,
    // A client of its own: not the shared tab's router or session, if this page leads a shared connection.
    ɵshared: undefined,
    // It holds exactly what it adopted, however the bounds have changed since.
    queue: { ...options.queue, maxMessages: Infinity, maxBytes: Infinity },
    ɵadopted: queue,
  }, parts);
  adoption.errors$.subscribe(host.forward);
  return adoption;
}

/**
 * Takes in a queue another page left behind, to deliver it under its original session and ids (the
 * messaging layer took its ids). Its messages have no handle in this page, so one that fails is reported here.
 */
function restore(snapshot: QueueSnapshot, outbox: Outbox, delivery: DeliverySession | null, session: string, host: ReliabilityHost): void {
  if (delivery !== null) {
    delivery.lastSeq = snapshot.lastSeq;
  }
  for (const { envelope, enqueuedAt } of snapshot.entries) {
    const handle = outbox.add(envelope, host.encode(envelope), enqueuedAt);
    handle.status$.subscribe((status) => {
      if (status.state === 'failed') {
        const id = envelope.id === undefined ? '' : ` #${envelope.id}`;
        host.report('send-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${envelope.type}"${id}, left by another page (session ${session}), was not delivered: ${status.reason}.`, envelope);
      }
    });
  }
}
