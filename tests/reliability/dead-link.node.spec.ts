import { type HeartbeatOptions, MessagingClient, resolveHeartbeatPolicy, resolveReconnectPolicy } from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { type ReferenceServerProcess, spawnReferenceServer } from '../support/reference-server-process.cjs';
import { SleepyClock } from '../support/sleepy-clock';
import { TcpProxy } from '../support/tcp-proxy';

describe('dead links: a half-open connection (a TCP proxy that silently stops forwarding)', () => {
  let server: ReferenceServerProcess;
  let proxy: TcpProxy;
  let client: MessagingClient | undefined;

  beforeEach(async () => {
    server = await spawnReferenceServer();
    proxy = new TcpProxy(() => server.port);
    await proxy.start();
  });

  afterEach(async () => {
    client?.dispose();
    await proxy.stop();
    await server.kill();
  });

  /** Connects through the proxy, waits for a heartbeat round trip, freezes the link, and times the detection. */
  async function detectionTime(heartbeat: HeartbeatOptions, clock?: SleepyClock, afterFreeze?: () => void): Promise<number> {
    client = new MessagingClient({
      url: `ws://127.0.0.1:${proxy.port}/ws`,
      webSocketFactory: nodeWebSocketFactory,
      heartbeat: resolveHeartbeatPolicy(heartbeat),
      reconnect: resolveReconnectPolicy({ baseDelayMs: 50 }),
      clock,
    });
    const detectedAt: number[] = [];
    client.errors$.subscribe((error) => error.kind === 'heartbeat-timeout' && detectedAt.push(Date.now()));
    client.connect();
    await waitFor(() => client!.stats.lastRttMs !== null, () => 'no heartbeat round trip', (heartbeat.intervalMs ?? 10_000) + 5_000);
    proxy.freeze();
    const frozenAt = Date.now();
    afterFreeze?.();
    await waitFor(() => detectedAt.length > 0, () => `not detected; state ${client!.state}`, 30_000);
    await waitFor(() => client!.state === 'open', () => `no new link; state ${client!.state}`); // and it comes back
    return detectedAt[0] - frozenAt;
  }

  it('with heartbeat 1 s / timeout 1 s, is detected within 2.5 s and the client reconnects', async () => {
    const elapsed = await detectionTime({ intervalMs: 1_000, timeoutMs: 1_000 });
    console.log(`dead link detected after ${elapsed} ms (heartbeat 1 s / 1 s)`);
    expect(elapsed).toBeLessThanOrEqual(2_500);
  }, 30_000);

  it('with the default heartbeat, is detected within the documented 15 s', async () => {
    const elapsed = await detectionTime({});
    console.log(`dead link detected after ${elapsed} ms (default heartbeat, bound 15 s)`);
    expect(elapsed).toBeLessThanOrEqual(15_000 + 250); // + the timer's own lateness on a loaded machine
  }, 40_000);

  it('after a wall-clock jump (a laptop waking up), checks at once: detected one timeout later, not a full interval', async () => {
    const clock = new SleepyClock();
    // The link dies during a 10-minute sleep; on wake, the overdue heartbeat timer pings at once.
    const elapsed = await detectionTime({ intervalMs: 10_000, timeoutMs: 2_000 }, clock, () => clock.sleep(600_000));
    console.log(`dead link noticed ${elapsed} ms after waking (interval 10 s, timeout 2 s)`);
    expect(elapsed).toBeLessThanOrEqual(2_500);
  }, 40_000);
});
