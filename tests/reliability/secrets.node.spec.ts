import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MessagingClient, resolveHeartbeatPolicy, resolveReconnectPolicy, type WebSocketError } from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { type ReferenceServerProcess, spawnReferenceServer } from '../support/reference-server-process.cjs';

const TOKEN = 's3cr3t-t0ken-4242';

describe('secrets: a token in the URL query never leaks', () => {
  let server: ReferenceServerProcess | undefined;
  let blackhole: Server | undefined;
  const held: Socket[] = [];
  let client: MessagingClient | undefined;

  afterEach(async () => {
    client?.dispose();
    held.forEach((socket) => socket.destroy());
    await new Promise((resolve) => (blackhole ? blackhole.close(resolve) : resolve(undefined)));
    await server?.kill();
    jest.restoreAllMocks();
  });

  it('into error messages, error details, stats or the console, through drops, timeouts and bad URLs', async () => {
    server = await spawnReferenceServer();
    // A TCP server that accepts and never answers the handshake: every attempt there times out.
    blackhole = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackhole!.listen(0, '127.0.0.1', resolve));
    const blackholePort = (blackhole.address() as AddressInfo).port;
    const consoleCalls: unknown[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args) => consoleCalls.push(args));
    }
    const urls = [
      `${server.socketUrl}?token=${TOKEN}`,
      `${server.socketUrl}?token=${TOKEN}`, // refused once the server is gone: socket-error
      `ws://127.0.0.1:${blackholePort}/ws?token=${TOKEN}`,
      `ftp://127.0.0.1/ws?token=${TOKEN}`,
      `ws://user:${TOKEN}@127.0.0.1:${blackholePort}/ws`,
    ];
    let attempt = 0;
    const errors: WebSocketError[] = [];
    client = new MessagingClient({
      url: () => urls[Math.min(attempt++, urls.length - 1)],
      webSocketFactory: nodeWebSocketFactory,
      connectTimeoutMs: 300,
      reconnect: resolveReconnectPolicy({ baseDelayMs: 20, maxDelayMs: 50 }),
      heartbeat: resolveHeartbeatPolicy({ intervalMs: 100, timeoutMs: 200 }),
    });
    client.errors$.subscribe((error) => errors.push(error));
    client.connect();
    await waitFor(() => client!.state === 'open', () => client!.state);
    client.send('echo', { note: 'hello' });
    await server.kill();
    await waitFor(
      () => ['socket-error', 'connect-timeout', 'url-failed'].every((kind) => errors.some((e) => e.kind === kind)),
      () => errors.map((e) => e.kind).join(', '),
    );

    const exposed = JSON.stringify([
      errors.map((error) => [error.message, String(error), error.details, error.stack]),
      client.stats,
      consoleCalls,
    ]);
    expect(exposed).toContain('token=***');
    expect(exposed).not.toContain(TOKEN);
    expect(consoleCalls).toEqual([]);
  }, 30_000);
});
