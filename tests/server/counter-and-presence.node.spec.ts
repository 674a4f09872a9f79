import { useReferenceServer } from '../support/in-process-reference-server';
import { TestClient } from '../support/server-test-client';

describe('reference server: counter-sync and presence', () => {
  const { connect } = useReferenceServer();

  it('sends a newcomer the counter value and the user count at once', async () => {
    const a = await connect();
    expect((await a.next('counter.state')).payload).toEqual({ value: 0 });
    expect((await a.next('presence.count')).payload).toEqual({ users: 1 });
  });

  it('broadcasts every plus and minus to everyone, the sender included', async () => {
    const a = await connect();
    const b = await connect();
    await Promise.all([a.next('counter.state'), b.next('counter.state')]);

    a.send({ type: 'counter.add', payload: { delta: 1 } });
    a.send({ type: 'counter.add', payload: { delta: 1 } });
    b.send({ type: 'counter.add', payload: { delta: -1 } });

    const threeValues = async (client: TestClient) => {
      const values: number[] = [];
      for (let i = 0; i < 3; i++) values.push((await client.next('counter.state')).payload.value);
      return values;
    };
    const [seenByA, seenByB] = await Promise.all([threeValues(a), threeValues(b)]);
    expect(seenByA).toEqual(seenByB); // one server-side order, seen alike by everyone
    expect(seenByA.at(-1)).toBe(1);
    const c = await connect();
    expect((await c.next('counter.state')).payload).toEqual({ value: 1 });
  });

  it('follows joins and leaves with presence.count', async () => {
    const a = await connect();
    expect((await a.next('presence.count')).payload.users).toBe(1);
    const b = await connect();
    expect((await a.next('presence.count')).payload.users).toBe(2);
    expect((await b.next('presence.count')).payload.users).toBe(2);
    await b.close();
    expect((await a.next('presence.count')).payload.users).toBe(1);
  });

  it.each([[{ delta: 2 }], [{ delta: '1' }], [{}], [5]])('refuses counter.add with payload %j and says what is allowed', async (payload) => {
    const a = await connect();
    await a.next('counter.state');
    a.send({ type: 'counter.add', payload });
    const error = await a.next('error');
    expect(error.payload.cause).toBe('counter.add');
    expect(error.payload.message).toMatch(/counter\.add needs/);
    await a.sync();
    expect(a.waiting('counter.state')).toEqual([]);
  });
});
