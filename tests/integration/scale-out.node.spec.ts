import { type ConnectionState, SocketClient } from 'ngx-live-socket';
import { resolveReconnectPolicy } from '../../projects/ngx-live-socket/core/internal';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { RedisProcess, freePort } from '../support/redis-process.cjs';
import { spawnReferenceServer } from '../support/reference-server-process.cjs';
import { ServerCluster } from '../support/server-cluster';
import { TestClient } from '../support/server-test-client';
import { pause, range, tally, runTwoWayTraffic } from '../support/two-way-traffic';

const INSTANCES = 3;
const MESSAGES = 5_000;
/** presence.mjs via redis-backplane.mjs: TTL 6 s + one refresh period of 2 s, plus slack for a busy machine. */
const PRESENCE_FORGETS_WITHIN_MS = 8_000 + 3_000;

/** Takes every envelope of `type` waiting in the client's inbox; resolves with the last one's payload. */
async function latest(client: TestClient, type: string): Promise<unknown> {
  let payload: unknown;
  while (client.waiting(type).length > 0) payload = (await client.next(type)).payload;
  return payload;
}

/** A fresh redis-server and `size` reference-server instances on it for the calling `describe`. */
function useCluster(size: number) {
  const fixture = { redis: new RedisProcess(), cluster: undefined as unknown as ServerCluster };
  beforeAll(async () => {
    await fixture.redis.start();
    fixture.cluster = new ServerCluster(size, fixture.redis.url);
    await fixture.cluster.start();
  }, 60_000);
  afterAll(async () => {
    await fixture.cluster?.dispose();
    await fixture.redis.dispose();
  });
  return fixture;
}

describe('the reference server scaled out: 3 instances on one Redis behind a round-robin proxy', () => {
  const fixture = useCluster(INSTANCES);

  /**
   * 5,000 messages each way through the proxy while, every 2.5 s, the instance the client is on is killed or
   * stopped and restarted (5 times) and Redis is restarted once.
   */
  async function throughRestarts(delivery: boolean) {
    const { cluster, redis } = fixture;
    const before = { kills: cluster.kills, stops: cluster.stops, redisRestarts: redis.restarts };
    const result = await runTwoWayTraffic({
      url: () => cluster.socketUrl,
      messages: MESSAGES,
      intervalMs: 5,
      delivery,
      disturb: async () => {
        for (let round = 0; round < 6; round++) {
          await pause(2_500);
          if (round === 2) {
            await redis.restart(500);
          } else {
            // The instance the client is on: every restart cuts the client's link (crash or 1001).
            await cluster.restart(await cluster.busiestInstance(), round % 2 === 0 ? 'kill' : 'stop', 300);
          }
        }
      },
    });
    const figures = {
      instanceKills: cluster.kills - before.kills,
      instanceStops: cluster.stops - before.stops,
      redisRestarts: redis.restarts - before.redisRestarts,
      clientToServer: tally(result.received, MESSAGES),
      serverToClient: tally(result.echoed, MESSAGES),
      clientReconnects: result.reconnects,
    };
    return { result, figures };
  }

  it('clients on different instances count, chat and see each other; a crashed instance is forgotten in bounded time', async () => {
    const clients = await Promise.all(range(INSTANCES).map((index) => TestClient.connect(fixture.cluster.instanceUrl(index))));
    const [ada, bob, cyd] = clients;
    const [start] = await Promise.all(clients.map(async (client) => (await client.next('counter.state')).payload.value as number));
    await Promise.all(clients.map((client) => client.next('presence.count', (e) => e.payload.users === INSTANCES, 5_000)));

    ada.send({ type: 'counter.add', payload: { delta: 1 } });
    bob.send({ type: 'counter.add', payload: { delta: 1 } });
    cyd.send({ type: 'counter.add', payload: { delta: -1 } });
    // Every instance sees the same three values in the same order (one Redis stream orders them).
    const threeValues = async (client: TestClient) => {
      const values: number[] = [];
      for (let i = 0; i < 3; i++) values.push((await client.next('counter.state', undefined, 5_000)).payload.value);
      return values;
    };
    const seen = await Promise.all(clients.map(threeValues));
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    expect(seen[0].at(-1)).toBe(start + 1);

    await Promise.all(clients.map((client, index) => client.request('chat.join', 1, { name: ['ada', 'bob', 'cyd'][index] })));
    // Who is online is one list for all instances, and a name is unique across them.
    for (const client of clients) {
      expect((await client.next('chat.presence', (e) => e.payload.online.length === 3, 5_000)).payload.online).toEqual(['ada', 'bob', 'cyd']);
    }
    const impostor = await TestClient.connect(fixture.cluster.instanceUrl(1));
    expect((await impostor.request('chat.join', 1, { name: 'ADA' })).payload.message).toMatch(/"ADA" is taken/);
    await impostor.close();
    ada.send({ type: 'chat.send', payload: { text: 'hello @cyd from instance 0' } });
    const [toBob, toCyd] = await Promise.all([bob.next('chat.message', undefined, 5_000), cyd.next('chat.message', undefined, 5_000)]);
    expect(toBob.payload).toMatchObject({ from: 'ada', text: 'hello @cyd from instance 0' });
    expect(toCyd.payload).toMatchObject({ from: 'ada', mentionsYou: true });
    const newcomer = await TestClient.connect(fixture.cluster.instanceUrl(2));
    expect((await newcomer.request('chat.join', 1, { name: 'dee' })).payload.history.at(-1)).toMatchObject({ from: 'ada' });
    await newcomer.close();

    bob.send({ type: 'sub', channel: 'room:1' });
    cyd.send({ type: 'sub', channel: 'room:1' });
    await pause(200);
    ada.send({ type: 'channel.publish', channel: 'room:1', payload: { hi: 1 } });
    expect((await bob.next('channel.message', undefined, 5_000)).payload).toEqual({ hi: 1 });
    expect((await cyd.next('channel.message', undefined, 5_000)).payload).toEqual({ hi: 1 });

    // Instance 2 crashes: its client is gone, and the others learn it once its presence report expires.
    await pause(500); // the newcomer's leave, through Redis
    await ada.sync();
    expect(await latest(ada, 'presence.count')).toEqual({ users: INSTANCES });
    expect(await latest(ada, 'chat.presence')).toEqual({ online: ['ada', 'bob', 'cyd'] });
    const crashedAt = Date.now();
    await fixture.cluster.takeDown(2, 'kill');
    await ada.next('presence.count', (e) => e.payload.users === INSTANCES - 1, PRESENCE_FORGETS_WITHIN_MS);
    console.log(`scale-out: presence forgot a SIGKILLed instance's connection after ${Date.now() - crashedAt} ms`);
    expect((await ada.next('chat.presence', (e) => !e.payload.online.includes('cyd'), 5_000)).payload.online).toEqual(['ada', 'bob']);
    await fixture.cluster.startInstance(2);
    await Promise.all([ada.close(), bob.close(), cyd.close()]);
  }, 60_000);

  it(`with withDelivery(): ${MESSAGES} messages each way through instance kills and a Redis restart, 0 lost, 0 duplicated, order kept`, async () => {
    const { result, figures } = await throughRestarts(true);
    console.log(`scale-out with withDelivery(): ${JSON.stringify(figures)}`);
    expect(figures.instanceKills + figures.instanceStops).toBe(5);
    expect(figures.redisRestarts).toBe(1);
    expect(result.reconnects).toBeGreaterThanOrEqual(5); // each restart did reach the client
    expect(result.received).toEqual(range(MESSAGES));
    expect(result.echoed).toEqual(range(MESSAGES));
  }, 180_000);

  it('control, without withDelivery(): the same disturbance loses messages, so the harness can see a loss', async () => {
    const { figures } = await throughRestarts(false);
    console.log(`scale-out without withDelivery(): ${JSON.stringify(figures)}`);
    expect(figures.clientToServer.lost + figures.serverToClient.lost).toBeGreaterThan(0);
  }, 180_000);

  it('Redis down: an instance keeps fanning out to its own clients, reports it on /health, and the others catch up when it is back', async () => {
    const { cluster, redis } = fixture;
    const [ann, amy, ben] = await Promise.all([0, 0, 1].map((index) => TestClient.connect(cluster.instanceUrl(index))));
    for (const client of [ann, amy, ben]) client.send({ type: 'sub', channel: 'news' });
    await Promise.all([ann.sync(), amy.sync(), ben.sync()]);

    await redis.stop();
    let health = { status: 0, body: {} as Record<string, unknown> };
    for (const started = Date.now(); health.status !== 503 && Date.now() - started < 10_000; await pause(100)) {
      const response = await fetch(cluster.healthUrl(0));
      health = { status: response.status, body: await response.json() };
    }
    expect(health).toMatchObject({ status: 503, body: { backplane: 'redis', redis: 'down' } });

    ann.send({ type: 'channel.publish', channel: 'news', payload: { while: 'redis down' } });
    expect((await amy.next('channel.message', undefined, 5_000)).payload).toEqual({ while: 'redis down' });
    await ben.sync();
    expect(ben.waiting('channel.message')).toEqual([]); // another instance: only through Redis

    await redis.start();
    expect((await ben.next('channel.message', undefined, 15_000)).payload).toEqual({ while: 'redis down' });
    await amy.sync();
    expect(amy.waiting('channel.message')).toEqual([]); // not delivered twice on the instance that served it
    expect((await fetch(cluster.healthUrl(0))).status).toBe(200);
    await Promise.all([ann.close(), amy.close(), ben.close()]);
  }, 60_000);
});

describe('client failover among URLs against real servers', () => {
  const fixture = useCluster(1);

  /** Opens a client on `urls` with a 5 s backoff floor; resolves with the ms it took to be open. */
  async function timeToOpen(urls: string[]): Promise<{ ms: number; url: string | null }> {
    const client = new SocketClient({
      url: urls,
      webSocketFactory: nodeWebSocketFactory,
      random: () => 1, // full jitter at its ceiling: any backoff wait is the whole 5 s
      reconnect: resolveReconnectPolicy({ baseDelayMs: 5_000, maxDelayMs: 5_000 }),
    });
    let state: ConnectionState = 'idle';
    client.state$.subscribe((next) => (state = next));
    const started = Date.now();
    try {
      client.connect();
      await waitFor(() => state === 'open', () => `state ${state}`, 15_000);
      return { ms: Date.now() - started, url: client.stats.url };
    } finally {
      client.dispose();
    }
  }

  it('with two URLs whose first server is down, connects to the second without waiting the backoff', async () => {
    const down = `ws://127.0.0.1:${await freePort()}/ws`;
    const { ms, url } = await timeToOpen([down, fixture.cluster.instanceUrl(0)]);
    console.log(`failover: first URL down, open on the second after ${ms} ms (backoff would wait 5000 ms)`);
    expect(url).toBe(fixture.cluster.instanceUrl(0));
    expect(ms).toBeLessThan(2_000);
  }, 30_000);

  it('control: with one URL that is down at first, the client waits the 5 s backoff (so the timing above can see a wait)', async () => {
    const port = await freePort();
    const late = (async () => {
      await pause(500);
      return spawnReferenceServer({ port });
    })();
    const { ms } = await timeToOpen([`ws://127.0.0.1:${port}/ws`]);
    await (await late).kill();
    expect(ms).toBeGreaterThanOrEqual(4_900);
  }, 30_000);
});
