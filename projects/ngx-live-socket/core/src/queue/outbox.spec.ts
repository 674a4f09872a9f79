import { ManualClock } from '../../../testing/src/manual-clock';
import { WebSocketArgumentError } from '../errors/argument-error';
import type { Envelope } from '../messaging/envelope';
import { type OfflineQueueOptions, resolveOfflineQueuePolicy } from './offline-queue-policy';
import { Outbox, type OutboxEntry } from './outbox';
import { SendHandle, type SendStatus } from './send-handle';

describe('Outbox', () => {
  let clock: ManualClock;
  let wire: string[];
  let linkUp: boolean;
  let overflowed: Array<[string, boolean]>;
  let nextId: number;
  /** The ids the outbox said it sent, in order. */
  let sentIds: Array<number | undefined>;

  function outbox(options: OfflineQueueOptions = {}, acks = false): Outbox {
    return new Outbox(resolveOfflineQueuePolicy(options), acks, clock, {
      transmit: (frame) => linkUp && wire.push(String(frame)) > 0,
      sent: (entry) => sentIds.push(entry.id),
      overflowed: (entry: OutboxEntry, report) => overflowed.push([entry.type, report]),
      changed: () => undefined,
    });
  }

  function add(box: Outbox, type: string, acks = false, text = type): SendHandle {
    const envelope: Envelope = acks ? { type, id: nextId++ } : { type };
    return box.add(envelope, text, clock.now());
  }

  const states = (handle: SendHandle) => {
    const seen: SendStatus['state'][] = [];
    handle.status$.subscribe((status) => seen.push(status.state));
    return seen;
  };

  beforeEach(() => {
    clock = new ManualClock(1_000_000);
    wire = [];
    linkUp = false;
    overflowed = [];
    nextId = 1;
    sentIds = [];
  });

  it('tells which messages it transmitted, each time it does, and only those the link took', () => {
    const box = outbox({}, true);
    add(box, 'a', true);
    add(box, 'b', true);
    box.flush();
    expect(sentIds).toEqual([]);
    linkUp = true;
    box.flush();
    box.linkDropped();
    box.flush(); // resent on the next link: told again
    expect(sentIds).toEqual([1, 2, 1, 2]);
  });

  it('keeps order while offline and flushes everything in order once the link is up', () => {
    const box = outbox();
    const handles = ['a', 'b', 'c'].map((type) => add(box, type));
    box.flush();
    expect(wire).toEqual([]);
    expect(handles.map((h) => h.status.state)).toEqual(['queued', 'queued', 'queued']);
    linkUp = true;
    box.flush();
    expect(wire).toEqual(['a', 'b', 'c']);
    expect(handles.map((h) => h.status.state)).toEqual(['sent', 'sent', 'sent']);
    expect(box.size).toBe(0);
  });

  it('with acks holds sent messages until acked (cumulatively) and resends them after a drop, oldest first', () => {
    const box = outbox({}, true);
    linkUp = true;
    const first = add(box, 'a', true);
    const seen = states(first);
    add(box, 'b', true);
    const third = add(box, 'c', true);
    box.flush();
    expect(wire).toEqual(['a', 'b', 'c']);
    box.ack(1);
    expect(first.status.state).toBe('acked');
    expect(box.size).toBe(2);
    box.linkDropped();
    expect(third.status.state).toBe('queued');
    add(box, 'd', true);
    box.flush();
    expect(wire).toEqual(['a', 'b', 'c', 'b', 'c', 'd']);
    box.ack(4);
    expect(box.size).toBe(0);
    expect(seen).toEqual(['queued', 'sent', 'acked']);
  });

  it.each([
    ['count', { maxMessages: 2 }, 'x'],
    ['bytes', { maxBytes: 10 }, 'xxxx'],
  ] as const)('drop-oldest by %s evicts the oldest held message', (_, limits, text) => {
    const box = outbox({ ...limits, overflow: 'drop-oldest' });
    const a = add(box, 'a', false, text);
    add(box, 'b', false, text);
    add(box, 'c', false, text);
    expect(a.status).toEqual({ state: 'failed', reason: 'overflow' });
    expect(box.size).toBe(2);
    expect(overflowed).toEqual([['a', false]]);
    expect(box.droppedCount).toBe(1);
    linkUp = true;
    box.flush();
    expect(wire).toEqual([text, text]);
  });

  it.each([
    ['count', { maxMessages: 2 }, 'x'],
    ['bytes', { maxBytes: 10 }, 'xxxx'],
  ] as const)('drop-newest and error by %s refuse the newcomer; only error reports it', (_, limits, text) => {
    for (const overflow of ['drop-newest', 'error'] as const) {
      overflowed = [];
      const box = outbox({ ...limits, overflow });
      add(box, 'a', false, text);
      add(box, 'b', false, text);
      const c = add(box, 'c', false, text);
      expect(c.status).toEqual({ state: 'failed', reason: 'overflow' });
      expect(box.size).toBe(2);
      expect(overflowed).toEqual([['c', overflow === 'error']]);
    }
  });

  it('refuses a message larger than the whole byte budget, whatever the policy', () => {
    const box = outbox({ maxBytes: 5, overflow: 'drop-oldest' });
    const small = add(box, 'a', false, 'aa');
    const huge = add(box, 'b', false, 'bbbbbbbb');
    expect(huge.status).toEqual({ state: 'failed', reason: 'overflow' });
    expect(small.status.state).toBe('queued');
  });

  it('expires messages older than maxAgeMs, by timer and at flush', () => {
    const box = outbox({ maxAgeMs: 1_000 });
    const old = add(box, 'old');
    clock.advance(600);
    const young = add(box, 'young');
    clock.advance(400);
    expect(old.status).toEqual({ state: 'failed', reason: 'expired' });
    expect(young.status.state).toBe('queued');
    clock.advance(600);
    expect(young.status).toEqual({ state: 'failed', reason: 'expired' });
    expect(box.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancel() withdraws a queued message but not one already on the wire', () => {
    const box = outbox({}, true);
    const queued = add(box, 'a', true);
    expect(box.cancel(queued)).toBe(true);
    expect(queued.status).toEqual({ state: 'failed', reason: 'cancelled' });
    linkUp = true;
    const sent = add(box, 'b', true);
    box.flush();
    expect(box.cancel(sent)).toBe(false);
    expect(wire).toEqual(['b']);
  });

  it('failAll() fails everything with closed and stops its timer', () => {
    const box = outbox({ maxAgeMs: 5_000 });
    const a = add(box, 'a');
    box.failAll();
    expect(a.status).toEqual({ state: 'failed', reason: 'closed' });
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops flushing at the first frame the link refuses, keeping the rest in order', () => {
    let budget = 1;
    const box = new Outbox(resolveOfflineQueuePolicy(), false, clock, {
      transmit: (frame) => budget-- > 0 && wire.push(String(frame)) > 0,
      sent: () => undefined,
      overflowed: () => undefined,
      changed: () => undefined,
    });
    add(box, 'a');
    add(box, 'b');
    box.flush();
    expect(wire).toEqual(['a']);
    budget = 5;
    box.flush();
    expect(wire).toEqual(['a', 'b']);
  });

  it('rejects bad options, naming them', () => {
    expect(() => resolveOfflineQueuePolicy({ maxMessages: 0 })).toThrow(WebSocketArgumentError);
    expect(() => resolveOfflineQueuePolicy({ maxMessages: 1.5 })).toThrow('invalid offline queue maxMessages');
    expect(() => resolveOfflineQueuePolicy({ maxBytes: -1 })).toThrow('invalid offline queue maxBytes');
    expect(() => resolveOfflineQueuePolicy({ maxAgeMs: 0 })).toThrow('invalid offline queue maxAgeMs');
    expect(() => resolveOfflineQueuePolicy({ overflow: 'drop-all' as never })).toThrow('expected one of drop-oldest, drop-newest, error');
    expect(() => resolveOfflineQueuePolicy({ persist: 'yes' as never })).toThrow('invalid offline queue persist');
    // A storage of version 0.1 (one record: load/save/clear) cannot keep one record per page: named at once.
    const singleRecord = { load: () => null, save: () => undefined, clear: () => undefined };
    expect(() => resolveOfflineQueuePolicy({ persist: singleRecord as never })).toThrow('an object with keys(), load(), save(), remove()');
  });
});
