import type { Clock, TimerHandle } from '../platform/clock';
import type { QueueStorage } from './queue-storage';
import type { SessionLocks } from './session-locks';

/** Keys of lease records in the queue storage start with this; they are never queue records. */
export const LEASE_KEY_PREFIX = '~lease:';

export interface StorageLeaseTimings {
  /**
   * A lease not renewed for this long is free. Background tabs may run timers only once a minute (Chrome's
   * intensive throttling), so it outlasts that with room to spare: a live page never loses its lease.
   * @default 180_000
   */
  readonly ttlMs?: number;
  /** @default 30_000 */
  readonly renewEveryMs?: number;
  /** How often a page waiting for a lease looks again. @default 10_000 */
  readonly retryEveryMs?: number;
  /** How long a page waits after writing a lease before it trusts it is still its own. @default 250 */
  readonly confirmAfterMs?: number;
}

interface Lease {
  readonly owner: string;
  readonly expiresAt: number;
}

/**
 * {@link SessionLocks} for browsers without Web Locks: a lease record per lock in the queue's storage, renewed
 * while the page lives and free once it expires. Storage has no compare-and-set, so a page writes its lease,
 * waits, and holds the lock only if its own write is still the one there. A rare race between two pages
 * may still let both deliver one left-behind queue: they send it under the same session and ids, so the
 * server processes each message once (docs/protocol.md).
 */
export function storageLeases(storage: QueueStorage, clock: Clock, owner: string, timings: StorageLeaseTimings = {}): SessionLocks {
  const { ttlMs = 180_000, renewEveryMs = 30_000, retryEveryMs = 10_000, confirmAfterMs = 250 } = timings;
  return {
    hold(name, onHeld) {
      const key = LEASE_KEY_PREFIX + name;
      let timer: TimerHandle | null = null;
      let done = false;
      const read = (): Lease | null => {
        try {
          const lease = JSON.parse(storage.load(key) ?? 'null') as Partial<Lease> | null;
          return typeof lease?.owner === 'string' && typeof lease.expiresAt === 'number' ? (lease as Lease) : null;
        } catch {
          return null; // an unreadable lease protects nothing
        }
      };
      const write = () => storage.save(key, JSON.stringify({ owner, expiresAt: clock.now() + ttlMs }));
      const after = (delayMs: number, step: () => void) => {
        timer = clock.setTimeout(() => {
          timer = null;
          step();
        }, delayMs);
      };
      const attempt = () => {
        const lease = read();
        if (lease !== null && lease.owner !== owner && lease.expiresAt > clock.now()) {
          after(retryEveryMs, attempt);
          return;
        }
        write();
        after(confirmAfterMs, confirm);
      };
      const confirm = () => {
        if (read()?.owner !== owner) {
          after(retryEveryMs, attempt);
          return;
        }
        after(renewEveryMs, renew);
        onHeld();
      };
      const renew = () => {
        write();
        after(renewEveryMs, renew);
      };
      attempt();
      return () => {
        if (done) {
          return;
        }
        done = true;
        if (timer !== null) {
          clock.clearTimeout(timer);
        }
        if (read()?.owner === owner) {
          storage.remove(key);
        }
      };
    },
  };
}
