import { type QueueSnapshot, parseQueueSnapshot } from './queue-snapshot';
import type { QueueStorage } from './queue-storage';
import type { SessionLocks } from './session-locks';
import { LEASE_KEY_PREFIX } from './storage-leases';

/** A persisted queue whose page is gone, now held by this page under its lock. */
export interface OrphanQueue {
  readonly key: string;
  readonly snapshot: QueueSnapshot;
}

export interface QueueClaimHooks {
  /** This page now holds `orphan`'s lock: deliver it, then call `letGo(orphan.key)`. */
  adopt(orphan: OrphanQueue): void;
  /** A record could not be read back; it was removed. */
  unreadable(key: string, problem: string, text: string | null): void;
}

/**
 * Who may send a persisted queue (docs/protocol.md, "One page, one session"). Each page holds the lock of its
 * own record for as long as it lives. It also waits on the lock of every record other pages left in the
 * storage: the lock is granted only once that record's page has closed or crashed, and only to one waiting
 * page, which then adopts the record. Records written later by other pages are found through the storage's
 * `watch`, or the next time `watchOthers()` runs.
 */
export class QueueClaims {
  /** Locks held or waited on, by record key: the function that lets go of each. */
  readonly #locks = new Map<string, () => void>();
  #stopWatching: (() => void) | null = null;

  readonly #storage: QueueStorage;
  readonly #sessionLocks: SessionLocks;
  readonly #ownKey: string;
  readonly #hooks: QueueClaimHooks;

  constructor(
    storage: QueueStorage,
    /** Locks named after the record keys. */
    sessionLocks: SessionLocks,
    ownKey: string,
    hooks: QueueClaimHooks,
  ) {
    this.#storage = storage;
    this.#sessionLocks = sessionLocks;
    this.#ownKey = ownKey;
    this.#hooks = hooks;
    this.#locks.set(ownKey, sessionLocks.hold(ownKey, () => undefined));
  }

  /** Waits on every other page's record, now and (where the storage can tell) whenever one is written. */
  watchOthers(): void {
    for (const key of this.#storage.keys()) {
      this.#waitFor(key);
    }
    this.#stopWatching ??= this.#storage.watch?.((key) => this.#waitFor(key)) ?? null;
  }

  /** Stops waiting on other pages' records and lets go of the ones not adopted; this page's own stays held. */
  stopWatchingOthers(): void {
    this.#stopWatching?.();
    this.#stopWatching = null;
    for (const key of [...this.#locks.keys()]) {
      if (key !== this.#ownKey) {
        this.letGo(key);
      }
    }
  }

  /** Lets go of one record's lock: the record stays for whichever page takes the lock next. */
  letGo(key: string): void {
    const release = this.#locks.get(key);
    this.#locks.delete(key);
    release?.();
  }

  /** Lets go of everything, this page's own record included (the page is going away). */
  dispose(): void {
    this.stopWatchingOthers();
    this.letGo(this.#ownKey);
  }

  #waitFor(key: string): void {
    if (key.startsWith(LEASE_KEY_PREFIX) || this.#locks.has(key)) {
      return;
    }
    // Claimed a task later, so that the release function is stored even when the lock is granted at once.
    this.#locks.set(key, this.#sessionLocks.hold(key, () => queueMicrotask(() => this.#claimed(key))));
  }

  #claimed(key: string): void {
    if (!this.#locks.has(key)) {
      return; // let go of in the meantime
    }
    let text: string | null = null;
    let snapshot: QueueSnapshot;
    try {
      text = this.#storage.load(key);
      if (text === null) {
        this.letGo(key); // its page emptied it before going, or another page delivered it
        return;
      }
      snapshot = parseQueueSnapshot(text);
    } catch (cause) {
      this.#storage.remove(key);
      this.letGo(key);
      this.#hooks.unreadable(key, cause instanceof Error ? cause.message : String(cause), text);
      return;
    }
    if (snapshot.entries.length === 0) {
      this.#storage.remove(key);
      this.letGo(key);
      return;
    }
    this.#hooks.adopt({ key, snapshot });
  }
}
