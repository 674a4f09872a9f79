import { useReferenceServer } from '../support/in-process-reference-server';
import { TestClient } from '../support/server-test-client';

describe('reference server: channels', () => {
  const { connect } = useReferenceServer({ limits: { channelsPerConnection: 2 } });
  const publish = (client: TestClient, channel: unknown, payload: unknown) => client.send({ type: 'channel.publish', channel, payload });

  it('delivers a publish to the subscribers of that channel only, as channel.message', async () => {
    const [a, b, other] = await Promise.all([connect(), connect(), connect()]);
    a.send({ type: 'sub', channel: 'room:42' });
    b.send({ type: 'sub', channel: 'room:42' });
    other.send({ type: 'sub', channel: 'room:7' });
    await Promise.all([a.sync(), b.sync(), other.sync()]);

    publish(a, 'room:42', { text: 'hi' });

    const expected = { type: 'channel.message', channel: 'room:42', payload: { text: 'hi' } };
    expect(await b.next('channel.message')).toEqual(expected);
    expect(await a.next('channel.message')).toEqual(expected);
    await other.sync();
    expect(other.waiting('channel.message')).toEqual([]);
  });

  it('stops delivering after unsub, and forgets subscriptions when the connection closes', async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    a.send({ type: 'sub', channel: 'news' });
    a.send({ type: 'sub', channel: 'news' }); // twice is once
    await a.sync();
    publish(b, 'news', 1);
    expect((await a.next('channel.message')).payload).toBe(1);

    a.send({ type: 'unsub', channel: 'news' });
    await a.sync();
    publish(b, 'news', 2);
    await b.sync();
    await a.sync();
    expect(a.waiting('channel.message')).toEqual([]);

    // A subscriber that leaves must not linger: publishing to its channel afterwards is harmless.
    b.send({ type: 'sub', channel: 'gone' });
    await b.sync();
    await b.close();
    const c = await connect();
    publish(c, 'gone', 3);
    await c.sync();
    expect(c.waiting('error')).toEqual([]);
  });

  it.each([
    ['no channel', undefined],
    ['an empty name', ''],
    ['spaces', 'room 42'],
    ['a name over 64 characters', 'x'.repeat(65)],
    ['a number', 42],
  ])('refuses sub with %s, naming what a channel name may hold', async (_, channel) => {
    const a = await connect();
    a.send({ type: 'sub', channel });
    expect((await a.next('error')).payload).toEqual({ message: expect.stringMatching(/sub needs "channel": 1-64 letters/), cause: 'sub' });
  });

  it('refuses a publish without a payload', async () => {
    const a = await connect();
    a.send({ type: 'channel.publish', channel: 'news' });
    expect((await a.next('error')).payload.message).toBe('channel.publish needs a "payload" to deliver');
  });

  it('limits how many channels one connection holds', async () => {
    const a = await connect();
    for (const channel of ['one', 'two', 'three']) a.send({ type: 'sub', channel });
    expect((await a.next('error')).payload.message).toBe('at most 2 channels per connection; unsub from one first');
    a.send({ type: 'unsub', channel: 'one' });
    a.send({ type: 'sub', channel: 'three' });
    await a.sync();
    expect(a.waiting('error')).toEqual([]);
  });
});
