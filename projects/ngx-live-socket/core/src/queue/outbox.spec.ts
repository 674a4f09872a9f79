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
  /** What the overflow hook was told: the entry, and the envelope when the refusal is reported. */
  let overflowReports: Array<[OutboxEntry, Envelope | undefined]>;
  let nextId: number;
  /** The ids the outbox said it sent, in order. */
  let sentIds: Array<number | undefined>;
  /** The type each handle was added with (an entry does not keep it). */
  let typeOf: Map<SendHandle, string>;

  function outbox(options: OfflineQueueOptions = {}, acks = false): Outbox {
    return new Outbox(resolveOfflineQueuePolicy(options), acks, clock, {
      transmit: (frame) => linkUp && wire.push(String(frame)) > 0,
      sent: (entry) => sentIds.push(entry.id),
      overflowed: (entry, report) => overflowReports.push([entry, report]),
      changed: () => undefined,
    });
  }

  function add(box: Outbox, type: string, acks = false, text = type): SendHandle {
    const envelope: Envelope = acks ? { type, id: nextId++ } : { type };
    const handle = box.add(envelope, text, clock.now());
    typeOf.set(handle, type);
    return handle;
  }

  /** Each overflowed message's type, and whether it was reported (with its own envelope). */
  const overflowed = () =>
    overflowReports.map(([entry, report]) => {
      const type = typeOf.get(entry) as string;
      expect(report?.type ?? type).toBe(type);
      return [type, report !== undefined];
    });

  const states = (handle: SendHandle) => {
    const seen: SendStatus['state'][] = [];
    handle.status$.subscribe((status) => seen.push(status.state));
    return seen;
  };

  beforeEach(() => {
    clock = new ManualClock(1_000_000);
    wire = [];
    linkUp = false;
    overflowReports = [];
    nextId = 1;
    sentIds = [];
    typeOf = new Map();
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
    expect(overflowed()).toEqual([['a', false]]);
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
      overflowReports = [];
      const box = outbox({ ...limits, overflow });
      add(box, 'a', false, text);
      add(box, 'b', false, text);
      const c = add(box, 'c', false, text);
      expect(c.status).toEqual({ state: 'failed', reason: 'overflow' });
      expect(box.size).toBe(2);
      expect(overflowed()).toEqual([['c', overflow === 'error']]);
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

  it('sends each frame exactly as given, offline or not, also text that Unicode normalization would change', () => {
    const box = outbox();
    const decomposed = 'caf\u0065\u0301'; // "café" with a combining accent: normalize() would compose it
    add(box, 'x', false, decomposed);
    linkUp = true;
    box.flush();
    add(box, 'y', false, decomposed);
    box.flush();
    expect(wire).toEqual([decomposed, decomposed]);
    expect(wire[0]).not.toBe(decomposed.normalize());
  });

  it('a persisted queue records when each message was taken in, without maxAgeMs too', () => {
    const box = new Outbox(resolveOfflineQueuePolicy(), false, clock, { transmit: () => false, sent: () => undefined, overflowed: () => undefined, changed: () => undefined }, true);
    box.add({ type: 'a', payload: 1 }, '{"type":"a","payload":1}', clock.now());
    clock.advance(1_234);
    box.add({ type: 'b' }, '{"type":"b"}', clock.now() - 0.5); // a clock with fractions is kept as it is
    expect(box.snapshot()).toEqual([
      { envelope: { type: 'a', payload: 1 }, enqueuedAt: 1_000_000 },
      { envelope: { type: 'b' }, enqueuedAt: 1_001_233.5 },
    ]);
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
