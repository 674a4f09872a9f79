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
  hold(name: string, onHeld: () => void): () => void;
}

/** The part of the Web Locks API (`navigator.locks`) the library uses. */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void> | void): Promise<unknown>;
}

/**
 * {@link SessionLocks} on the Web Locks API: the browser releases a page's locks when the page dies, even in a
 * crash. Web Locks are shared by the whole origin, so each name is put under `namespace` (one per connection).
 */
export function webLocks(manager: LockManagerLike, namespace: string): SessionLocks {
  return {
    hold(name, onHeld) {
      const withdraw = new AbortController();
      let release: (() => void) | null = null;
      let done = false;
      manager
        .request(`${namespace}:${name}`, { signal: withdraw.signal }, () => {
          if (done) {
            return; // released before it was granted: let go at once
          }
          onHeld();
          return new Promise<void>((resolve) => (release = resolve));
        })
        .catch(() => undefined); // an AbortError: the request was withdrawn
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
