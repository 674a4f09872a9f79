import { type HeartbeatOptions, MessagingClient, resolveHeartbeatPolicy, resolveReconnectPolicy } from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { type ReferenceServerProcess, spawnReferenceServer } from '../support/reference-server-process.cjs';
import { SleepyClock } from '../support/sleepy-clock';
import { TcpProxy } from '../support/tcp-proxy';
import { SERVER_START_TIMEOUT_MS } from '../support/server-start-timeout';

/**
 * How late a detection may come after the configured bound. The heartbeat declares the link dead from two
 * timers (the ping after `intervalMs` of silence, the verdict `timeoutMs` later); on a loaded 2-core machine
 * (six test runs at once, load average above 10) each timer and the callback that records the error can
 * fire a few hundred ms late. 1 s covers that with room, and is still far below any mistake worth catching
 * here: a verdict a whole timeout or interval late, or one before the configured time.
 */
const TIMER_LATENESS_MS = 1_000;

/** The detection came no sooner than `boundMs` (the configured silence) and no later than it plus the lateness. */
function expectDetectedAfter(elapsedMs: number, boundMs: number): void {
  expect(elapsedMs).toBeGreaterThanOrEqual(boundMs);
  expect(elapsedMs).toBeLessThanOrEqual(boundMs + TIMER_LATENESS_MS);
}

describe('dead links: a half-open connection (a TCP proxy that silently stops forwarding)', () => {
  let server: ReferenceServerProcess;
  let proxy: TcpProxy;
  let client: MessagingClient | undefined;

  beforeEach(async () => {
    server = await spawnReferenceServer();
    proxy = new TcpProxy(() => server.port);
    await proxy.start();
  }, SERVER_START_TIMEOUT_MS);

  afterEach(async () => {
    client?.dispose();
    await proxy.stop();
    await server.kill();
  });

  /**
   * Connects through the proxy, waits for a heartbeat round trip, freezes the link, and returns when the
   * client declared it dead, measured from the last bytes the proxy passed to the client (the client's own
   * last frame can only be later, so the heartbeat must not have fired sooner than its configured silence)
   * and from the freeze itself.
   */
  async function detectionTime(heartbeat: HeartbeatOptions, clock?: SleepyClock, afterFreeze?: () => void): Promise<{ sinceLastFrame: number; sinceFreeze: number }> {
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
    const lastFrameAt = proxy.lastToClientAt!;
    afterFreeze?.();
    await waitFor(() => detectedAt.length > 0, () => `not detected; state ${client!.state}`, 30_000);
    await waitFor(() => client!.state === 'open', () => `no new link; state ${client!.state}`); // and it comes back
    return { sinceLastFrame: detectedAt[0] - lastFrameAt, sinceFreeze: detectedAt[0] - frozenAt };
  }

  it('with heartbeat 1 s / timeout 1 s, is detected 2 s after the last frame (plus timer lateness) and the client reconnects', async () => {
    const { sinceLastFrame } = await detectionTime({ intervalMs: 1_000, timeoutMs: 1_000 });
    console.log(`dead link detected ${sinceLastFrame} ms after the last frame (heartbeat 1 s / 1 s)`);
    expectDetectedAfter(sinceLastFrame, 1_000 + 1_000);
  }, 30_000);

  it('with the default heartbeat, is detected within the documented 15 s (interval 10 s + timeout 5 s)', async () => {
    const { intervalMs, timeoutMs } = resolveHeartbeatPolicy();
    const { sinceLastFrame } = await detectionTime({});
    console.log(`dead link detected ${sinceLastFrame} ms after the last frame (default heartbeat ${intervalMs} + ${timeoutMs} ms)`);
    expect(intervalMs + timeoutMs).toBe(15_000); // what the README and the TSDoc promise
    expectDetectedAfter(sinceLastFrame, intervalMs + timeoutMs);
  }, 40_000);

  it('after a wall-clock jump (a laptop waking up), checks at once: detected one timeout later, not a full interval', async () => {
    const clock = new SleepyClock();
    // The link dies during a 10-minute sleep; on wake, the overdue heartbeat timer pings at once.
    const { sinceFreeze } = await detectionTime({ intervalMs: 10_000, timeoutMs: 2_000 }, clock, () => clock.sleep(600_000));
    console.log(`dead link noticed ${sinceFreeze} ms after waking (interval 10 s, timeout 2 s)`);
    expectDetectedAfter(sinceFreeze, 2_000);
  }, 40_000);
});
