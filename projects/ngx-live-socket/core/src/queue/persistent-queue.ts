import type { Observable } from 'rxjs';
import type { Clock } from '../platform/clock';
import { type OrphanQueue, QueueClaims } from './queue-claims';
import type { QueueSnapshot } from './queue-snapshot';
import { type QueueStorage, localStorageQueueStorage } from './queue-storage';
import { type SessionLocks, defaultSessionLocks } from './session-locks';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** A queue another page left behind, being delivered by this page under its original session and ids. */
export interface AdoptedQueue {
  readonly storage: QueueStorage;
  readonly key: string;
  readonly snapshot: QueueSnapshot;
}

/** A client of its own delivering an adopted queue (a messaging client made from the record). */
export interface AdoptionClient {
  readonly state$: Observable<string>;
  readonly stats$: Observable<{ readonly queuedMessages: number }>;
  connect(): void;
  dispose(): void;
}

/** What the persistent queue asks of the messaging layer it belongs to. */
export interface PersistentQueueHost {
  /** What to write now; `null` once nothing is held (the record is removed). */
  snapshot(): QueueSnapshot | null;
  report(message: string | false, data: unknown): void;
  /** A client of its own for a queue another page left behind, not yet connected; its errors are the host's. */
  adopt(queue: AdoptedQueue): AdoptionClient;
}

export interface PersistentQueueOptions {
  /** `true` for `localStorage`, or the app's own storage. */
  readonly persist: true | QueueStorage;
  /** Prefix of the records' keys and of their lock names. */
  readonly storageKey: string;
  /** This page's session: its record's key. */
  readonly session: string;
  readonly locks?: SessionLocks;
  readonly clock: Clock;
  /** Set when this client delivers a left-behind queue: it writes that record, and claims nothing. */
  readonly adopted?: AdoptedQueue;
}

/**
 * The persistence part of the offline queue (`withOfflineQueue({ persist })`, docs/protocol.md "One page,
 * one session"): this page's record, written at most once per task when the queue changes and removed when
 * it empties; and, through {@link QueueClaims}, the records other pages left behind, each delivered by an
 * {@link Adoption} of its own.
 */
export class PersistentQueue {
  readonly #record: { readonly storage: QueueStorage; readonly key: string } | null;
  /** Locks on this page's record and on those left by other pages; none when adopting. */
  readonly #claims: QueueClaims | null;
  readonly #adoptions = new Map<string, AdoptionClient>();
  #saveScheduled = false;

  readonly #host: PersistentQueueHost;

  constructor(
    options: PersistentQueueOptions,
    host: PersistentQueueHost,
  ) {
    this.#host = host;
    const { adopted } = options;
    const storage = adopted?.storage ?? (options.persist === true ? localStorageQueueStorage(options.storageKey) : options.persist);
    this.#record = storage === null ? null : { storage, key: adopted?.key ?? options.session };
    this.#claims =
      storage === null || adopted !== undefined
        ? null
        : new QueueClaims(storage, options.locks ?? defaultSessionLocks(storage, options.clock, options.session, options.storageKey), options.session, {
            adopt: (orphan) => this.#adopt(storage, orphan),
            unreadable: (key, problem, text) => host.report((typeof ngDevMode === 'undefined' || !!ngDevMode) && `the queue another page left (record "${key}") was dropped: ${problem}.`, text),
          });
  }

  /** Whether there is storage to keep the queue in (`localStorage` may be unavailable). */
  get persists(): boolean {
    return this.#record !== null;
  }

  /** Takes over the queues other pages left behind, now and as they appear. */
  watchOthers(): void {
    this.#claims?.watchOthers();
  }

  /** Persists at most once per task, however many messages changed in it. */
  scheduleSave(): void {
    if (this.#record === null || this.#saveScheduled) {
      return;
    }
    this.#saveScheduled = true;
    queueMicrotask(() => {
      this.#saveScheduled = false;
      this.save();
    });
  }

  /** Writes this client's record, or removes it once nothing is held: a page with an empty queue leaves none. */
  save(): void {
    if (this.#record === null) {
      return;
    }
    const { storage, key } = this.#record;
    try {
      const snapshot = this.#host.snapshot();
      if (snapshot === null) {
        storage.remove(key);
      } else {
        storage.save(key, JSON.stringify(snapshot));
      }
    } catch (cause) {
      this.#host.report((typeof ngDevMode === 'undefined' || !!ngDevMode) && `the queue could not be persisted: ${cause instanceof Error ? cause.message : String(cause)}`, undefined);
    }
  }

  /** The app closed the connection (or it is disposed): other pages' queues are left to other pages. */
  stopAdopting(): void {
    [...this.#adoptions.keys()].forEach((key) => this.#endAdoption(key));
    this.#claims?.stopWatchingOthers();
  }

  /** Saves what is held and lets go of every lock, this page's own record's included. */
  dispose(): void {
    this.stopAdopting();
    this.save();
    this.#claims?.dispose();
  }

  /**
   * Delivers a queue whose page closed or crashed: a client of its own connects under the left-behind session
   * (the server knows its ids, so nothing is processed twice) and sends what the record holds. It is done when
   * the record is empty, or when its connection closed for good (refused, attempts spent): then the record
   * stays and its lock goes to another page, or back to this one at its next `watchOthers()`.
   */
  #adopt(storage: QueueStorage, orphan: OrphanQueue): void {
    const adoption = this.#host.adopt({ storage, key: orphan.key, snapshot: orphan.snapshot });
    this.#adoptions.set(orphan.key, adoption);
    // Ends once, when it has delivered everything or closed for good. Plain subscriptions, not rxjs `merge`:
    // that would bring rxjs's `from` machinery (and tslib) into every app that persists its queue.
    let ending = false;
    const end = (): void => {
      if (!ending) {
        ending = true;
        queueMicrotask(() => this.#endAdoption(orphan.key));
      }
    };
    adoption.stats$.subscribe((stats) => stats.queuedMessages === 0 && end());
    adoption.state$.subscribe((state) => state === 'closed' && end());
    adoption.connect();
  }

  /** Ends an adoption: what it still holds stays in its record, and its lock goes to whoever waits next. */
  #endAdoption(key: string): void {
    const adoption = this.#adoptions.get(key);
    if (adoption === undefined) {
      return;
    }
    this.#adoptions.delete(key);
    adoption.dispose();
    this.#claims?.letGo(key);
  }
}
