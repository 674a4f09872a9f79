import { ManualClock } from '../../../testing/src/manual-clock';
import { memoryQueueStorage } from '../../../../../tests/support/memory-queue-storage';
import { LEASE_KEY_PREFIX, storageLeases } from './storage-leases';

describe('storageLeases: locks for browsers without Web Locks', () => {
  const timings = { ttlMs: 180_000, renewEveryMs: 30_000, retryEveryMs: 10_000, confirmAfterMs: 250 };
  let clock: ManualClock;
  let storage: ReturnType<typeof memoryQueueStorage>;

  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
    storage = memoryQueueStorage();
  });

  it('grants a free lock once its own write is confirmed, and keeps it renewed while the page lives', () => {
    const held = jest.fn();
    storageLeases(storage, clock, 'page-a', timings).hold('q:1', held);
    expect(held).not.toHaveBeenCalled();
    clock.advance(250);
    expect(held).toHaveBeenCalledTimes(1);
    clock.advance(600_000); // long past the TTL: renewals keep it
    const other = jest.fn();
    storageLeases(storage, clock, 'page-b', timings).hold('q:1', other);
    clock.advance(60_000);
    expect(other).not.toHaveBeenCalled();
  });

  it('a lease whose page died (no renewals) is granted to one waiting page after the TTL, not before', () => {
    storage.save(`${LEASE_KEY_PREFIX}q:1`, JSON.stringify({ owner: 'dead-page', expiresAt: clock.now() + 180_000 }));
    const b = jest.fn();
    const c = jest.fn();
    storageLeases(storage, clock, 'page-b', timings).hold('q:1', b);
    clock.advance(5_000);
    storageLeases(storage, clock, 'page-c', timings).hold('q:1', c);
    clock.advance(170_000);
    expect([b.mock.calls.length, c.mock.calls.length]).toEqual([0, 0]);
    clock.advance(20_000);
    expect(b.mock.calls.length + c.mock.calls.length).toBe(1);
    clock.advance(600_000);
    expect(b.mock.calls.length + c.mock.calls.length).toBe(1);
  });

  it('when two pages write at the same moment, only the one whose write is still there holds it', () => {
    const b = jest.fn();
    const c = jest.fn();
    storageLeases(storage, clock, 'page-b', timings).hold('q:1', b);
    storageLeases(storage, clock, 'page-c', timings).hold('q:1', c); // overwrites B's fresh lease? No: B's is live
    clock.advance(250);
    expect([b.mock.calls.length, c.mock.calls.length]).toEqual([1, 0]);

    // A real race: both read "free" before either wrote (storage has no compare-and-set).
    storage.records.clear();
    const d = jest.fn();
    const e = jest.fn();
    const original = storage.load;
    storage.load = () => null; // both reads see nothing
    storageLeases(storage, clock, 'page-d', timings).hold('q:2', d);
    storageLeases(storage, clock, 'page-e', timings).hold('q:2', e);
    storage.load = original;
    clock.advance(250);
    expect([d.mock.calls.length, e.mock.calls.length]).toEqual([0, 1]); // the last write won; D looks again later
  });

  it('release removes its own lease (the next page gets it at its next look), and withdraws an ungranted request', () => {
    const releaseA = storageLeases(storage, clock, 'page-a', timings).hold('q:1', () => undefined);
    clock.advance(250);
    const b = jest.fn();
    const releaseB = storageLeases(storage, clock, 'page-b', timings).hold('q:1', b);
    releaseA();
    expect(storage.records.size).toBe(0);
    clock.advance(10_250);
    expect(b).toHaveBeenCalledTimes(1);
    releaseB();
    releaseB();
    expect(storage.records.size).toBe(0);

    const never = jest.fn();
    storageLeases(storage, clock, 'page-c', timings).hold('q:9', never)(); // withdrawn before the confirm
    clock.advance(1_000);
    expect(never).not.toHaveBeenCalled();
  });
});
