import { type ConnectionState, SocketClient, type WebSocketError } from 'ngx-live-socket';
import { resolveHeartbeatPolicy, resolveReconnectPolicy } from '../../projects/ngx-live-socket/core/internal';
import { nodeWebSocketFactory } from '../support/node-web-socket';
import { type ReferenceServerProcess, spawnReferenceServer } from '../support/reference-server-process.cjs';


function waitForState(client: SocketClient, wanted: ConnectionState, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`state ${wanted} not reached in ${timeoutMs} ms (now ${client.state})`)), timeoutMs);
    const subscription = client.state$.subscribe((state) => {
      if (state === wanted) {
        clearTimeout(timer);
        queueMicrotask(() => subscription.unsubscribe());
        resolve();
      }
    });
  });
}

describe('reconnect against the real reference server on 127.0.0.1', () => {
  let server: ReferenceServerProcess | undefined;
  let client: SocketClient | undefined;

  afterEach(async () => {
    client?.dispose();
    await server?.kill();
  });

  it.each([
    ['stops gracefully (close 1001)', 'stop'],
    ['crashes (SIGKILL, no close frame)', 'kill'],
  ] as const)('the server %s and comes back: the client reconnects by itself and state tells the story', async (_, how) => {
    server = await spawnReferenceServer();
    const { port, socketUrl } = server;
    const states: ConnectionState[] = [];
    const errors: WebSocketError[] = [];
    client = new SocketClient({
      url: socketUrl,
      webSocketFactory: nodeWebSocketFactory,
      reconnect: resolveReconnectPolicy({ baseDelayMs: 100, maxDelayMs: 400 }),
      heartbeat: resolveHeartbeatPolicy({ intervalMs: 200, timeoutMs: 1_000 }),
    });
    client.state$.subscribe((state) => states.push(state));
    client.errors$.subscribe((error) => errors.push(error));
    const closeCodes: number[] = [];
    client.stats$.subscribe(({ lastCloseCode }) => lastCloseCode !== null && lastCloseCode !== closeCodes.at(-1) && closeCodes.push(lastCloseCode));
    // The server greets every connection (counter.state, presence.count); only echoes matter here.
    const echoes: unknown[] = [];
    client.messages$.subscribe((frame) => {
      const envelope = JSON.parse(String(frame));
      if (envelope.type === 'echo') echoes.push(envelope);
    });

    client.connect();
    await waitForState(client, 'open');
    await new Promise((resolve) => setTimeout(resolve, 300)); // one heartbeat round trip
    expect(client.stats.lastRttMs).not.toBeNull();

    await server[how]();
    await waitForState(client, 'reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // down for a second: several failed attempts
    expect(client.state).toBe('reconnecting');
    expect(client.stats.failedAttempts).toBeGreaterThan(1);

    server = await spawnReferenceServer({ port });
    await waitForState(client, 'open');
    expect(client.stats.reconnects).toBe(1);
    // The drop itself, then the refused attempts while the server was down (1006: no close frame).
    expect(closeCodes[0]).toBe(how === 'stop' ? 1001 : 1006);
    expect(closeCodes.at(-1)).toBe(1006);
    expect(client.send(JSON.stringify({ type: 'echo', payload: 'after restart' }))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(echoes).toEqual([{ type: 'echo', payload: 'after restart' }]);
    expect(states.slice(0, 4)).toEqual(['idle', 'connecting', 'open', 'reconnecting']);
    expect(states.at(-1)).toBe('open');
    expect(new Set(states.slice(3, -1))).toEqual(new Set(['reconnecting']));
    expect(errors.every((error) => error.kind === 'socket-error')).toBe(true);
  }, 30_000);
});
