import { SendHandle, type SendStatus } from './send-handle';

describe('SendHandle', () => {
  /** Subscribes to `status$` and records what it emits and whether it completed. */
  function watch(handle: SendHandle) {
    const seen: SendStatus[] = [];
    let completed = false;
    const subscription = handle.status$.subscribe({ next: (status) => seen.push(status), complete: () => (completed = true) });
    return { seen, isCompleted: () => completed, subscription };
  }

  it('status$ replays the current status at once, then every change, and completes when settled', () => {
    const handle = new SendHandle(undefined, false);
    const watcher = watch(handle);
    expect(watcher.seen).toEqual([{ state: 'queued' }]);
    handle.ɵmark({ state: 'sent' });
    expect(watcher.seen).toEqual([{ state: 'queued' }, { state: 'sent' }]);
    expect(watcher.isCompleted()).toBe(true);
    expect(handle.settled).toBe(true);
    expect(handle.id).toBeUndefined();
  });

  it('with an ack awaited, sent is not final: status$ goes on to acked, then completes', () => {
    const handle = new SendHandle(7, true);
    const watcher = watch(handle);
    handle.ɵmark({ state: 'sent' });
    expect(watcher.isCompleted()).toBe(false);
    expect(handle.settled).toBe(false);
    handle.ɵmark({ state: 'queued' }); // the link dropped before the ack: it waits for the next link
    handle.ɵmark({ state: 'sent' });
    handle.ɵmark({ state: 'acked' });
    expect(watcher.seen.map((status) => status.state)).toEqual(['queued', 'sent', 'queued', 'sent', 'acked']);
    expect(watcher.isCompleted()).toBe(true);
    expect(handle.id).toBe(7);
  });

  it('a late subscriber to a settled handle gets the final status and completion, synchronously', () => {
    const handle = new SendHandle(undefined, true);
    handle.ɵmark({ state: 'failed', reason: 'expired' });
    const watcher = watch(handle);
    expect(watcher.seen).toEqual([{ state: 'failed', reason: 'expired' }]);
    expect(watcher.isCompleted()).toBe(true);
  });

  it('a subscriber that comes after changes sees the status as it is now, not the history', () => {
    const handle = new SendHandle(1, true);
    handle.ɵmark({ state: 'sent' });
    const watcher = watch(handle);
    expect(watcher.seen).toEqual([{ state: 'sent' }]);
  });

  it('several subscribers each see every change; one that unsubscribes hears nothing more', () => {
    const handle = new SendHandle(1, true);
    const first = watch(handle);
    const second = watch(handle);
    first.subscription.unsubscribe();
    handle.ɵmark({ state: 'sent' });
    handle.ɵmark({ state: 'acked' });
    expect(first.seen.map((status) => status.state)).toEqual(['queued']);
    expect(second.seen.map((status) => status.state)).toEqual(['queued', 'sent', 'acked']);
    expect(second.isCompleted()).toBe(true);
  });

  it('status$ is cold until subscribed: reading it (without subscribing) between changes loses nothing', () => {
    const handle = new SendHandle(undefined, false);
    const status$ = handle.status$; // taken while queued
    handle.ɵmark({ state: 'failed', reason: 'overflow' });
    const watcher = watch(handle);
    const seen: SendStatus[] = [];
    status$.subscribe((status) => seen.push(status));
    expect(seen).toEqual([{ state: 'failed', reason: 'overflow' }]); // the status at subscription, not at the read
    expect(watcher.seen).toEqual(seen);
  });

  it('nothing changes a settled handle', () => {
    const handle = new SendHandle(3, true);
    handle.ɵmark({ state: 'failed', reason: 'cancelled' });
    handle.ɵmark({ state: 'sent' });
    handle.ɵmark({ state: 'acked' });
    expect(handle.status).toEqual({ state: 'failed', reason: 'cancelled' });
  });
});
