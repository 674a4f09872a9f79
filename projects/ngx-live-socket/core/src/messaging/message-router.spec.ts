import type { Envelope } from './envelope';
import { MessageRouter } from './message-router';

describe('MessageRouter', () => {
  it('delivers by type and by channel, and says when nobody wanted a message', () => {
    const router = new MessageRouter();
    const chat: Envelope[] = [];
    const room: Envelope[] = [];
    router.ofType('chat.message').subscribe((e) => chat.push(e));
    router.ofChannel('room:1').subscribe((e) => room.push(e));
    expect(router.route({ type: 'chat.message', payload: 1 })).toBe(true);
    expect(router.route({ type: 'other', channel: 'room:1' })).toBe(true);
    expect(router.route({ type: 'other' })).toBe(false);
    expect(chat.map((e) => e.payload)).toEqual([1]);
    expect(room).toEqual([{ type: 'other', channel: 'room:1' }]);
  });

  it('shares one stream per type among its subscribers and drops it with the last one', () => {
    const router = new MessageRouter();
    const a = router.ofType('t').subscribe();
    const b = router.ofType('t').subscribe();
    const c = router.ofChannel('c').subscribe();
    expect(router.size).toBe(2);
    a.unsubscribe();
    expect(router.size).toBe(2);
    b.unsubscribe();
    c.unsubscribe();
    expect(router.size).toBe(0);
    expect(router.route({ type: 't' })).toBe(false);
  });

  it('never visits the subscribers of other types: routing one message touches only its own stream', () => {
    const router = new MessageRouter();
    let visits = 0;
    for (let i = 0; i < 1_000; i++) {
      router.ofType(`type-${i}`).subscribe(() => visits++);
    }
    router.route({ type: 'type-500' });
    expect(visits).toBe(1);
  });

  it('complete() ends every stream', () => {
    const router = new MessageRouter();
    let completed = 0;
    router.ofType('t').subscribe({ complete: () => completed++ });
    router.all$.subscribe({ complete: () => completed++ });
    router.complete();
    expect(completed).toBe(2);
    expect(router.size).toBe(0);
    router.payloadsOf('t').subscribe({ complete: () => completed++ });
    router.ofChannel('c').subscribe({ complete: () => completed++ });
    expect(completed).toBe(4); // a stream asked for afterwards ends at once
    expect(router.size).toBe(0);
  });

  it('delivers the envelopes and payloads from one entry, and keeps it while either has a subscriber', () => {
    const router = new MessageRouter();
    const seen: unknown[] = [];
    const envelopes = router.ofType('t').subscribe((e) => seen.push(e));
    const payloads = router.payloadsOf('t').subscribe((p) => seen.push(p));
    expect(router.size).toBe(1);
    router.route({ type: 't', payload: 'x' });
    expect(seen).toEqual([{ type: 't', payload: 'x' }, 'x']);
    envelopes.unsubscribe();
    expect(router.route({ type: 't', payload: 'y' })).toBe(true);
    expect(seen.at(-1)).toBe('y');
    payloads.unsubscribe();
    expect(router.size).toBe(0);
    expect(router.route({ type: 't' })).toBe(false);
  });
});
