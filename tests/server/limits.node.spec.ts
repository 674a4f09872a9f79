import { startReferenceServer } from '../../demo/server/reference-server.mjs';
import { TestClient } from '../support/server-test-client';

describe('reference server: the limits a real server needs', () => {
  let server: Awaited<ReturnType<typeof startReferenceServer>>;
  let started: (typeof server)[] = [];
  const start = async (options?: Parameters<typeof startReferenceServer>[0]) => {
    server = await startReferenceServer(options);
    started.push(server);
  };
  const connect = (origin?: string) => TestClient.connect(server.socketUrl, origin === undefined ? {} : { origin });

  afterEach(async () => {
    await Promise.all(started.map((each) => each.close()));
    started = [];
  });

  describe('frame size and rate', () => {
    beforeEach(() => start({ limits: { maxPayloadBytes: 1024, messagesPerSecond: 2, messageBurst: 10 } }));

    it('closes with 1009 "message too big" when a frame is over maxPayload, and serves one that fits', async () => {
      const a = await connect();
      const fits = JSON.stringify({ type: 'echo', payload: '' }).length;
      a.send({ type: 'echo', payload: 'x'.repeat(1024 - fits) });
      expect((await a.next('echo')).payload).toHaveLength(1024 - fits);

      a.send({ type: 'echo', payload: 'x'.repeat(1024) });
      // `ws` closes before any handler runs, with the code alone: 1009 is the standard "message too big".
      expect((await a.closed).code).toBe(1009);
    });

    it('allows a burst, then closes with 1008 and a reason naming the limit', async () => {
      const a = await connect();
      for (let i = 0; i < 10; i++) a.send({ type: 'echo', payload: i });
      for (let i = 0; i < 10; i++) expect((await a.next('echo')).payload).toBe(i);

      // 10 more would need 5 s of refill at 2/s: whatever time the round trips took, the limit trips.
      for (let i = 0; i < 10; i++) a.send({ type: 'echo', payload: i });
      expect(await a.closed).toEqual({ code: 1008, reason: 'rate limit: at most 2 messages/s (burst 10)' });
    });

    it('counts per connection: one flooding client does not limit another', async () => {
      const [flooder, calm] = await Promise.all([connect(), connect()]);
      for (let i = 0; i < 20; i++) flooder.send({ type: 'echo', payload: i });
      expect((await flooder.closed).code).toBe(1008);
      await calm.sync();
    });
  });

  describe('origin allow-list', () => {
    it('by default lets in no Origin (non-browser clients), its own origin and pages on this machine', async () => {
      await start();
      await connect();
      await connect(server.url.replace(/\/$/, ''));
      await connect('http://localhost:4200');
      await connect('https://127.0.0.1:8443');
    });

    it.each(['https://evil.example', 'null', 'http://127.0.0.1.evil.example'])('refuses the handshake from origin %s with 403 and says how to allow it', async (origin) => {
      await start();
      await expect(connect(origin)).rejects.toMatchObject({ status: 403, body: `origin ${origin} is not allowed here; list it in ALLOWED_ORIGINS` });
      expect(server.connectionCount).toBe(0);
    });

    it('with an explicit list, lets in exactly those origins', async () => {
      await start({ allowedOrigins: ['https://app.example.com'] });
      await connect('https://app.example.com');
      await expect(connect('http://localhost:4200')).rejects.toMatchObject({ status: 403 });
    });
  });

  it('refuses a handshake on another path with 404 naming the endpoint', async () => {
    await start();
    await expect(TestClient.connect(server.socketUrl.replace(/\/ws$/, '/socket'))).rejects.toMatchObject({
      status: 404,
      body: 'there is no WebSocket endpoint at /socket; use /ws',
    });
  });

  it('refuses unknown or non-positive limits at start-up, naming them', async () => {
    await expect(startReferenceServer({ limits: { maxPayload: 10 } as never })).rejects.toThrow(/unknown limit "maxPayload"; known limits: maxPayloadBytes/);
    await expect(startReferenceServer({ limits: { messageBurst: 0 } })).rejects.toThrow('limit messageBurst must be a number > 0, got 0');
  });
});
