import { firstValueFrom } from 'rxjs';
import {
  MessagingClient,
  type WebSocketFactory,
  resolveDeliveryPolicy,
  resolveHeartbeatPolicy,
  resolveOfflineQueuePolicy,
  resolveReconnectPolicy,
} from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { type RestartingServer, restartingServerPerTest } from '../support/restarting-server';
import { type StreamProtocol, pause } from '../support/two-way-traffic';

const SOAK_MS = 60_000;
const RATE_PER_SECOND = 50;
const DROP_EVERY_MS = 5_000;

/** Heap in use after a full collection (the test process runs with --expose-gc). */
function settledHeap(): number {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed;
}

describe('soak: 60 s of steady traffic both ways with a reconnect every 5 s', () => {
  const currentServer = restartingServerPerTest();
  let server: RestartingServer;
  beforeEach(() => (server = currentServer()));

  it('keeps heap, sockets and routes flat, and loses nothing', async () => {
    expect(typeof global.gc).toBe('function'); // npm run test:unit runs Jest with NODE_OPTIONS=--expose-gc
    const sockets: Array<WeakRef<object>> = [];
    const trackingFactory: WebSocketFactory = (url, protocols) => {
      const socket = nodeWebSocketFactory(url, protocols);
      sockets.push(new WeakRef(socket));
      return socket;
    };
    const client = new MessagingClient<StreamProtocol>({
      url: () => server.socketUrl,
      webSocketFactory: trackingFactory,
      reconnect: resolveReconnectPolicy({ baseDelayMs: 50, maxDelayMs: 300 }),
      heartbeat: resolveHeartbeatPolicy({ intervalMs: 1_000, timeoutMs: 1_000 }),
      queue: resolveOfflineQueuePolicy(),
      delivery: resolveDeliveryPolicy(),
      requestTimeoutMs: 30_000,
    });
    const key = 'soak';
    const count = (SOAK_MS / 1_000) * RATE_PER_SECOND;
    let received = 0;
    let lastN = -1;
    let outOfOrder = 0;
    client.on('test.item').subscribe(({ n }) => {
      received++;
      outOfOrder += n === lastN + 1 ? 0 : 1;
      lastN = n;
    });
    try {
      client.connect();
      await waitFor(() => client.state === 'open', () => client.state);
      await firstValueFrom(client.request('test.stream', { key, count, intervalMs: 1_000 / RATE_PER_SECOND }));
      const samples: Array<{ at: number; heap: number; sockets: number; routes: number }> = [];
      const started = Date.now();
      let sent = 0;
      let nextDrop = started + DROP_EVERY_MS;
      while (Date.now() - started < SOAK_MS) {
        client.send('test.data', { key, n: sent++ });
        if (Date.now() >= nextDrop) {
          client.sendRaw(JSON.stringify({ type: 'debug.drop' })); // the server cuts the link: a 1006 and a reconnect
          nextDrop += DROP_EVERY_MS;
        }
        if (sent % (RATE_PER_SECOND * 10) === 0) {
          samples.push({ at: Date.now() - started, heap: settledHeap(), sockets: sockets.filter((ref) => ref.deref() !== undefined).length, routes: client.routeCount });
        }
        await pause(1_000 / RATE_PER_SECOND);
      }
      await waitFor(() => client.state === 'open' && client.stats.queuedMessages === 0 && received >= count, () => `${received}/${count} items, ${client.stats.queuedMessages} queued`, 30_000);
      const { received: atServer } = await firstValueFrom(client.request('test.report', { key }));

      const [warm, ...later] = samples.slice(1); // the first 10 s warm the JIT and the caches
      console.log(`soak: ${JSON.stringify({ reconnects: client.stats.reconnects, sent, received, samples })}`);
      expect(client.stats.reconnects).toBeGreaterThanOrEqual(SOAK_MS / DROP_EVERY_MS - 2);
      for (const sample of later) {
        expect(sample.heap - warm.heap).toBeLessThan(8 * 1024 * 1024);
        expect(sample.sockets).toBeLessThanOrEqual(2); // the live one, and perhaps one not yet collected
        expect(sample.routes).toBe(warm.routes);
      }
      expect(atServer).toHaveLength(sent);
      expect(new Set(atServer).size).toBe(sent);
      expect(received).toBe(count);
      expect(outOfOrder).toBe(0);
    } finally {
      client.dispose();
    }
  }, 120_000);
});
