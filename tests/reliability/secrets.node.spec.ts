import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MessagingClient, type WebSocketError, type WebSocketErrorKind, type WebSocketFactory, resolveHeartbeatPolicy, resolveReconnectPolicy } from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { type ReferenceServerProcess, spawnReferenceServer } from '../support/reference-server-process.cjs';

const TOKEN = 's3cr3t-t0ken-4242';

/** One way a URL can carry the token, and the error it must produce without showing it. */
interface UrlCase {
  readonly name: string;
  readonly url: string;
  readonly kind: WebSocketErrorKind;
  readonly factory?: WebSocketFactory;
}

/** A factory that fails as a browser's constructor does: its message quotes the URL, token and all. */
const constructorQuotingTheUrl: WebSocketFactory = (url) => {
  throw new SyntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
};

/** Everything an app or a log could show of these errors, causes included. */
function exposedText(errors: readonly WebSocketError[], stats: unknown, consoleCalls: unknown[]): string {
  return JSON.stringify([
    errors.map((error) => {
      const cause = error.details.cause as { message?: unknown; stack?: unknown; name?: unknown } | undefined;
      return [error.message, String(error), error.details, error.stack, cause?.name, cause?.message, cause?.stack, String(cause)];
    }),
    stats,
    consoleCalls,
  ]);
}

describe('secrets: a token in the URL never leaks', () => {
  let server: ReferenceServerProcess | undefined;
  let blackhole: Server | undefined;
  const held: Socket[] = [];
  const clients: MessagingClient[] = [];
  let consoleCalls: unknown[];

  beforeEach(() => {
    consoleCalls = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args) => consoleCalls.push(args));
    }
  });

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.dispose());
    held.forEach((socket) => socket.destroy());
    await new Promise((resolve) => (blackhole ? blackhole.close(resolve) : resolve(undefined)));
    await server?.kill();
    jest.restoreAllMocks();
  });

  it('into error messages, details, causes, stats or the console, through drops, timeouts and bad URLs', async () => {
    server = await spawnReferenceServer();
    // A TCP server that accepts and never answers the handshake: every attempt there times out.
    blackhole = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackhole!.listen(0, '127.0.0.1', resolve));
    const hole = `127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
    const cases: UrlCase[] = [
      { name: 'query value, timeout', url: `ws://${hole}/ws?token=${TOKEN}`, kind: 'connect-timeout' },
      { name: 'bare query part, timeout', url: `ws://${hole}/ws?${TOKEN}`, kind: 'connect-timeout' },
      { name: 'bare query part after another, timeout', url: `ws://${hole}/ws?a=1&${TOKEN}`, kind: 'connect-timeout' },
      { name: 'password, timeout', url: `ws://user:${TOKEN}@${hole}/ws`, kind: 'connect-timeout' },
      { name: 'user, timeout', url: `ws://${TOKEN}@${hole}/ws`, kind: 'connect-timeout' },
      { name: 'query value, bad scheme', url: `ftp://127.0.0.1/ws?token=${TOKEN}`, kind: 'url-failed' },
      { name: 'bare query part, bad scheme', url: `ftp://127.0.0.1/ws?${TOKEN}`, kind: 'url-failed' },
      { name: 'fragment', url: `ws://${hole}/ws#${TOKEN}`, kind: 'url-failed' },
      { name: 'no scheme', url: `${hole}/ws?${TOKEN}`, kind: 'url-failed' },
      { name: 'native constructor error quoting the URL', url: `ws://${hole}/ws?${TOKEN}`, kind: 'create-failed', factory: constructorQuotingTheUrl },
      { name: 'user info, native constructor error', url: `ws://u:${TOKEN}@${hole}/ws`, kind: 'create-failed', factory: constructorQuotingTheUrl },
    ];

    const failures: string[] = [];
    // Collect every case's outcome: one leak must not hide the others.
    for (const { name, url, kind, factory } of cases) {
      consoleCalls.length = 0;
      const errors: WebSocketError[] = [];
      const client = new MessagingClient({
        url: () => url, // a factory, so a bad URL reaches the connection as it would from an app's hook
        webSocketFactory: factory ?? nodeWebSocketFactory,
        connectTimeoutMs: 300,
        reconnect: null,
      });
      clients.push(client);
      client.errors$.subscribe((error) => errors.push(error));
      client.connect();
      try {
        await waitFor(() => errors.some((error) => error.kind === kind), () => errors.map((error) => error.kind).join(', '), 5_000);
      } catch (error) {
        failures.push(`${name}: no ${kind} error (${(error as Error).message})`);
      }
      const exposed = exposedText(errors, client.stats, consoleCalls);
      if (exposed.includes(TOKEN)) {
        failures.push(`${name}: the token leaked: ${exposed}`);
      }
      if (errors.some((error) => error.message.includes('ngx-live-socket: ngx-live-socket:'))) {
        failures.push(`${name}: a message repeats the prefix`);
      }
    }

    // A static URL is checked at once: the thrown error must not show the token either.
    for (const url of [`ftp://127.0.0.1/ws?${TOKEN}`, `ws://${hole}/ws#${TOKEN}`, `${hole}/ws?a=1&${TOKEN}`]) {
      try {
        clients.push(new MessagingClient({ url }));
        failures.push(`static ${url.replace(TOKEN, 'TOKEN')}: did not throw`);
      } catch (error) {
        if (`${(error as Error).message} ${(error as Error).stack}`.includes(TOKEN)) {
          failures.push(`static ${url.replace(TOKEN, 'TOKEN')}: the token leaked: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(consoleCalls).toEqual([]);
  }, 60_000);

  it('through a live link that drops and comes back failing, with a heartbeat on', async () => {
    server = await spawnReferenceServer();
    const urls = [`${server.socketUrl}?token=${TOKEN}&${TOKEN}`, `${server.socketUrl}?${TOKEN}`];
    let attempt = 0;
    const errors: WebSocketError[] = [];
    const client = new MessagingClient({
      url: () => urls[Math.min(attempt++, urls.length - 1)],
      webSocketFactory: nodeWebSocketFactory,
      connectTimeoutMs: 300,
      reconnect: resolveReconnectPolicy({ baseDelayMs: 20, maxDelayMs: 50 }),
      heartbeat: resolveHeartbeatPolicy({ intervalMs: 100, timeoutMs: 200 }),
    });
    clients.push(client);
    client.errors$.subscribe((error) => errors.push(error));
    client.connect();
    await waitFor(() => client.state === 'open', () => client.state);
    client.send('echo', { note: 'hello' });
    await server.kill();
    await waitFor(() => errors.some((error) => error.kind === 'socket-error'), () => errors.map((e) => e.kind).join(', '));

    const exposed = exposedText(errors, client.stats, consoleCalls);
    expect(exposed).toContain('?***');
    expect(exposed).not.toContain(TOKEN);
    expect(consoleCalls).toEqual([]);
  }, 30_000);
});
