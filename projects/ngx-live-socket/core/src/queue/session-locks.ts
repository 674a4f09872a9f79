import type { Clock } from '../platform/clock';
import type { QueueStorage } from './queue-storage';
import { storageLeases } from './storage-leases';

/**
 * Exclusive named locks shared by every page of an origin, let go by itself when a page dies. A persisted
 * queue's record is held under its lock by the one page that sends under its session: while its owner lives,
 * nobody else may take it; once the owner is gone, exactly one other page gets the lock and delivers it.
 */
export interface SessionLocks {
  /**
   * Asks for the lock `name`. `onHeld` runs once it is granted: at once when it is free, otherwise when its
   * holder lets go or dies. The returned function releases the lock, or withdraws the request if it was not
   * granted yet; calling it again does nothing.
   */
  hold(name: string, onHeld: () => void, options?: LockHoldOptions): () => void;
}

/** How a lock is asked for (Web Locks only; leases in storage ignore it: the persisted queue never needs it). */
export interface LockHoldOptions {
  /** Take the lock from its holder now, instead of waiting (a frozen leader tab never lets go by itself). */
  readonly steal?: boolean;
  /** The lock was taken away after it was granted (another tab stole it). */
  readonly lost?: () => void;
}

/** The part of the Web Locks API (`navigator.locks`) the library uses. */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal; steal?: boolean }, callback: () => Promise<void> | void): Promise<unknown>;
}

/**
 * {@link SessionLocks} on the Web Locks API: the browser releases a page's locks when the page dies, even in a
 * crash. Web Locks are shared by the whole origin, so each name is put under `namespace` (one per connection).
 */
export function webLocks(manager: LockManagerLike, namespace: string): SessionLocks {
  return {
    hold(name, onHeld, options = {}) {
      const withdraw = new AbortController();
      let release: (() => void) | null = null;
      let done = false;
      manager
        // A stealing request cannot be withdrawn (Web Locks refuse `steal` with a signal): it is granted at once.
        .request(`${namespace}:${name}`, options.steal ? { steal: true } : { signal: withdraw.signal }, () => {
          if (done) {
            return; // released before it was granted: let go at once
          }
          onHeld();
          return new Promise<void>((resolve) => (release = resolve));
        })
        .catch(() => {
          // An AbortError: the request was withdrawn, or, once granted, the lock was stolen from this page.
          if (release !== null && !done) {
            done = true;
            options.lost?.();
          }
        });
      return () => {
        if (done) {
          return;
        }
        done = true;
        if (release !== null) {
          release();
        } else {
          withdraw.abort();
        }
      };
    },
  };
}

/**
 * Web Locks where the browser has them (looked up now, never at load); elsewhere leases kept in the queue's
 * own storage, renewed while the page lives (see {@link storageLeases}).
 */
export function defaultSessionLocks(storage: QueueStorage, clock: Clock, owner: string, namespace: string): SessionLocks {
  const manager = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return manager !== undefined && typeof manager.request === 'function' ? webLocks(manager, namespace) : storageLeases(storage, clock, owner);
}
