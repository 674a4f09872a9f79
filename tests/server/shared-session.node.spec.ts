import { Redis } from 'ioredis';
import { SESSION_MOVED_REASON } from '../../demo/server/delivery/session-fence.mjs';
import { startReferenceServer } from '../../demo/server/reference-server.mjs';
import { RedisSessionStore, sessionKeys } from '../../demo/server/scale/redis-sessions.mjs';
import type { ReferenceServer } from '../support/in-process-reference-server';
import { HttpLinkTestClient } from '../support/http-link-test-client';
import { RedisProcess } from '../support/redis-process.cjs';
import { type EnvelopeInbox, type ReceivedEnvelope, TestClient } from '../support/server-test-client';
import { until } from '../support/until';

/**
 * docs/protocol.md, "Shared connection": a session moves from one connection to another (the tabs of one
 * browser share one session; the leader tab holds the link, its successor resumes). The server tells the
 * successor the highest id it processed (`resumed.lastId`) and fences the old holder (4503), so two
 * connections never send under one session. In memory and with Redis, over WebSocket and HTTP links.
 */

type Client = EnvelopeInbox & { closed: Promise<{ code: number; reason: string }>; close(): Promise<unknown> };
type Transport = 'WebSocket' | 'HTTP link';

/** Redis keeps sessions and test sinks across tests: every test names its own. */
const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`;
const ackOf = (id: number) => (ack: ReceivedEnvelope) => (ack as { id?: number }).id === id;
const seqOf = (envelope: ReceivedEnvelope) => (envelope as { seq?: number }).seq;

function connectTo(server: ReferenceServer, transport: Transport): Promise<Client> {
  return transport === 'WebSocket' ? TestClient.connect(server.socketUrl) : HttpLinkTestClient.open(server.httpLinkUrl);
}

/** Sends `resume` and resolves with the `resumed` payload. */
async function resume(client: Client, session: string, lastSeq = 0): Promise<Record<string, unknown>> {
  client.send({ type: 'resume', payload: { session, lastSeq } });
  return (await client.next('resumed')).payload;
}

/** Sends a `test.data` message `id` (its value is the id) to the sink `key` and waits for its ack. */
async function sendData(client: Client, key: string, id: number): Promise<void> {
  client.send({ type: 'test.data', id, payload: { key, n: id } });
  await client.next('ack', ackOf(id));
}

/**
 * Resolves once the client's instance has read the Redis fan-out stream past everything written to it so
 * far (the resume announcements among them): a counter change made now comes back to the client through it.
 */
async function afterFanOut(client: Client): Promise<void> {
  const { value } = (await client.next('counter.state')).payload; // what every new connection gets at once
  client.send({ type: 'counter.add', payload: { delta: 1 } });
  await client.next('counter.state', (state) => state.payload.value === value + 1);
}

/** Resolves 'open' if the client still answers an echo, 'closed' if its link ended first. */
async function stillOpen(client: Client): Promise<'open' | 'closed'> {
  return Promise.race([client.closed.then(() => 'closed' as const), client.sync().then(() => 'open' as const)]);
}

/** A fresh reference server per test, in memory or on a redis-server started once for the `describe`. */
function useServer(mode: 'in memory' | 'Redis') {
  const redis = new RedisProcess();
  const fixture = {
    server: undefined as unknown as ReferenceServer,
    start: () => startReferenceServer({ testStreams: true, ...(mode === 'Redis' ? { redisUrl: redis.url } : {}) }),
  };
  if (mode === 'Redis') {
    beforeAll(() => redis.start(), 20_000);
    afterAll(() => redis.dispose());
  }
  beforeEach(async () => (fixture.server = await fixture.start()));
  afterEach(() => fixture.server.close());
  return fixture;
}

describe.each(['in memory', 'Redis'] as const)('a session shared by several connections, %s', (mode) => {
  const fixture = useServer(mode);

  describe.each(['WebSocket', 'HTTP link'] as const)('over a %s', (transport) => {
    const connect = () => connectTo(fixture.server, transport);

    it('answers resume with lastId: 0 for a new session, then the highest id it processed, on any connection', async () => {
      const session = unique('last-id');
      const key = unique('sink');
      const first = await connect();
      expect(await resume(first, session)).toEqual({ replayed: 0, complete: true, lastId: 0 });
      for (let id = 1; id <= 3; id++) await sendData(first, key, id);
      expect((await first.request('test.report', 4, { key })).payload).toEqual({ received: [1, 2, 3] }); // a request counts too
      expect(await resume(first, session)).toMatchObject({ lastId: 4 }); // again on the same link (a gap)
      await first.close();

      const second = await connect();
      expect(await resume(second, session)).toMatchObject({ lastId: 4 });
      second.send({ type: 'test.data', id: 3, payload: { key, n: 3 } }); // at or below lastId: answered, not processed
      await second.next('ack');
      await sendData(second, key, 5);
      expect((await second.request('test.report', 6, { key })).payload).toEqual({ received: [1, 2, 3, 5] });
      await second.close();
    });

    it('closes the connection holding a session with 4503 when another connection resumes it; the new holder carries on', async () => {
      const session = unique('moved');
      const key = unique('sink');
      const stream = unique('stream');
      const leader = await connect();
      await resume(leader, session);
      await sendData(leader, key, 1);
      leader.send({ type: 'test.stream', id: 2, payload: { key: stream, count: 30, intervalMs: 10 } });
      await leader.next('test.stream');
      const firstItem = await leader.next('test.item');
      const seenByLeader = seqOf(firstItem)!;

      // The successor tab resumes while the old leader's link is still open (frozen tab, close not arrived).
      const successor = await connect();
      const resumed = resume(successor, session, seenByLeader);
      expect(await leader.closed).toEqual({ code: 4503, reason: SESSION_MOVED_REASON });
      expect(await resumed).toMatchObject({ complete: true, lastId: 2 });

      // The session's stream goes on to the successor: every item after the one the leader named, once and in
      // order (other numbered messages, such as presence broadcasts to the holder, take seqs in between). An item
      // published while the successor's replay is read comes in the replay only, not live as well (the Redis
      // store's race: RedisSessionStore's spec below).
      const last = await successor.next('test.item', (item) => item.payload.n === 29, 5_000);
      const items = [...successor.waiting('test.item'), last];
      expect(items.map((item) => item.payload.n)).toEqual(Array.from({ length: 29 - firstItem.payload.n }, (_, index) => firstItem.payload.n + 1 + index));
      const seqs = items.map(seqOf) as number[];
      expect(seqs[0]).toBeGreaterThan(seenByLeader);
      expect(seqs.every((seq, index) => index === 0 || seq > seqs[index - 1])).toBe(true);
      await sendData(successor, key, 3);
      expect((await successor.request('test.report', 4, { key })).payload).toEqual({ received: [1, 3] });
      expect(await stillOpen(successor)).toBe('open');
      await successor.close();
    });

    it('control: a connection that resumes its own session again, or a reconnect after the old link closed, is not fenced', async () => {
      const session = unique('reconnect');
      const key = unique('sink');
      const first = await connect();
      await resume(first, session);
      await sendData(first, key, 1);
      await resume(first, session); // the client asks for a replay on its own link
      await sendData(first, key, 2);
      expect(await stillOpen(first)).toBe('open');
      expect((await first.close()) as { code: number }).not.toMatchObject({ code: 4503 });

      const again = await connect(); // the page's reconnect
      expect(await resume(again, session)).toMatchObject({ lastId: 2 });
      await sendData(again, key, 3);
      expect(await stillOpen(again)).toBe('open');
      expect((await again.request('test.report', 4, { key })).payload).toEqual({ received: [1, 2, 3] });
      await again.close();
    });
  });
});

describe('a session moving between instances on one Redis', () => {
  const redis = new RedisProcess();
  const servers: ReferenceServer[] = [];
  const start = async () => {
    const server = await startReferenceServer({ testStreams: true, redisUrl: redis.url });
    servers.push(server);
    return server;
  };
  beforeAll(() => redis.start(), 20_000);
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(() => redis.dispose());

  it.each(['WebSocket', 'HTTP link'] as const)(
    'over a %s: the idle holder on the first instance is closed with 4503 at once, the second carries on from lastId',
    async (transport) => {
      const session = unique('across');
      const key = unique('sink');
      const [first, second] = [await start(), await start()];
      const leader = await connectTo(first, transport);
      await resume(leader, session);
      await sendData(leader, key, 1);
      await sendData(leader, key, 2);

      // The leader sends nothing more (a frozen tab): only the announcement can tell its instance.
      const successor = await connectTo(second, transport);
      expect(await resume(successor, session)).toMatchObject({ complete: true, lastId: 2 });
      expect(await leader.closed).toEqual({ code: 4503, reason: SESSION_MOVED_REASON });
      await sendData(successor, key, 3);
      expect((await successor.request('test.report', 4, { key })).payload).toEqual({ received: [1, 2, 3] });
      expect(await stillOpen(successor)).toBe('open');
      await successor.close();

      // lastId comes from Redis: a third instance, started after the others stopped, knows it too.
      await Promise.all(servers.splice(0).map((server) => server.close()));
      const later = await connectTo(await start(), transport);
      expect(await resume(later, session)).toMatchObject({ lastId: 4 });
      await later.close();
    },
  );

  it('control: a client that resumes on the second instance and then on the first again keeps the newest link', async () => {
    const session = unique('back-and-forth');
    const key = unique('sink');
    const [first, second] = [await start(), await start()];
    const one = await TestClient.connect(first.socketUrl);
    await resume(one, session);
    const two = await TestClient.connect(second.socketUrl);
    await resume(two, session);
    expect((await one.closed).code).toBe(4503);
    const three = await TestClient.connect(first.socketUrl); // back on the first instance, which got two's announcement late or early
    await resume(three, session);
    expect((await two.closed).code).toBe(4503);
    await sendData(three, key, 1);
    await afterFanOut(three); // the first instance has read every announcement: its own, two's, three's
    expect(await stillOpen(three)).toBe('open');
    await three.close();
  });
});

describe('RedisSessionStore: a session moving to another holder', () => {
  const redis = new RedisProcess();
  let client: Redis;
  let store: RedisSessionStore;
  let announce: (notice: { session: string; epoch: number; instance: string }) => void = () => {};
  const fenced: string[] = [];
  const backplane = {
    instanceId: 'this',
    subscribe: (_topic: string, handler: typeof announce) => (announce = handler),
    publish: () => undefined,
  };

  beforeAll(async () => {
    await redis.start();
    client = new Redis(redis.url);
    store = new RedisSessionStore({ redis: client, backplane: backplane as never });
    store.on('fenced', (session) => fenced.push(session.id));
  }, 20_000);
  afterAll(async () => {
    store.close();
    client.disconnect();
    await redis.dispose();
  });
  beforeEach(() => (fenced.length = 0));

  it('fences the local holder only for a newer epoch, judged after its own attach got its epoch', async () => {
    const id = unique('epochs');
    const session = store.open(id);
    await session.attach(() => true, 0);
    const mine = Number(session.epoch);
    announce({ session: id, epoch: mine, instance: 'other' }); // an announcement of this very attach
    announce({ session: id, epoch: mine - 1, instance: 'other' }); // one older than it, arriving late
    await session.answerAgain(0); // a Redis round trip: the checks above have run
    expect(fenced).toEqual([]);

    // Another instance attaches (epoch + 1), then this one again (epoch + 2); the other's announcement
    // arrives while this attach is under way: it must not fence the newer local holder.
    await client.hincrby(sessionKeys(id).state, 'epoch', 1);
    const attaching = session.attach(() => true, 0);
    announce({ session: id, epoch: mine + 1, instance: 'other' });
    await attaching;
    await session.answerAgain(0);
    expect(Number(session.epoch)).toBe(mine + 2);
    expect(fenced).toEqual([]);

    announce({ session: id, epoch: mine + 3, instance: 'other' }); // a newer attach elsewhere
    await session.answerAgain(0);
    expect(fenced).toEqual([id]);
    expect(session.attached).toBe(false);
  });

  // A message stored while a new holder attaches is in the new holder's replay: sent live too, it would reach
  // the new holder twice under its one seq, and ahead of older ones the replay then sends.
  it.each([
    ['saw seq 1 (the old holder sent it)', 1, [2, 3, 4]],
    ['saw nothing', 0, [1, 2, 3, 4]],
  ])('sends what was delivered just before a new attach to the new holder once and in order, in its replay: its client %s', async (_, lastSeq, expected) => {
    const session = store.open(unique('replay-race'));
    const old: ReceivedEnvelope[] = [];
    await session.attach((envelope: ReceivedEnvelope) => old.push(envelope) > 0, 0);
    session.deliver({ type: 'item', payload: 1 });
    await until(() => old.length === 1);
    expect(seqOf(old[0])).toBe(1);

    // Two more are on their way to Redis when the session moves.
    session.deliver({ type: 'item', payload: 2 });
    session.deliver({ type: 'item', payload: 3 });
    const successor: ReceivedEnvelope[] = [];
    await session.attach((envelope: ReceivedEnvelope) => successor.push(envelope) > 0, lastSeq);
    session.deliver({ type: 'item', payload: 4 });
    await until(() => successor.some((envelope) => envelope.payload === 4));

    expect(successor.map((envelope) => envelope.payload)).toEqual(expected);
    expect(successor.map(seqOf)).toEqual(expected);
  });
});
