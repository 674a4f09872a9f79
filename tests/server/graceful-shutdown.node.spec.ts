import { randomBytes } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { type ReferenceServerProcess, spawnReferenceServer } from '../support/reference-server-process.cjs';
import { TestClient } from '../support/server-test-client';

describe('reference server process: graceful shutdown', () => {
  let server: ReferenceServerProcess | undefined;

  afterEach(() => server?.kill());

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s closes every client with 1001, stops listening and exits 0', async (signal) => {
    server = await spawnReferenceServer();
    const clients = await Promise.all([TestClient.connect(server.socketUrl), TestClient.connect(server.socketUrl)]);

    const exitCode = await server.signal(signal);

    expect(exitCode).toBe(0);
    for (const client of clients) {
      expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    }
    await expect(TestClient.connect(server.socketUrl)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('does not wait for ever on a client that never answers the close frame', async () => {
    server = await spawnReferenceServer();
    const { port } = server;
    // A raw TCP client: completes the handshake, then ignores every frame and answers none.
    const silent = connectTcp(port, '127.0.0.1');
    await new Promise<void>((resolve) => {
      silent.on('data', () => resolve());
      silent.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    const closedAt = new Promise<number>((resolve) => silent.once('close', () => resolve(Date.now())));
    const startedAt = Date.now();

    expect(await server.signal('SIGTERM')).toBe(0);
    expect((await closedAt) - startedAt).toBeLessThan(5_000);
  });
});
