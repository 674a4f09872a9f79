import { firstValueFrom } from 'rxjs';
import {
  MessagingClient,
  resolveDeliveryPolicy,
  resolveHeartbeatPolicy,
  resolveOfflineQueuePolicy,
  resolveReconnectPolicy,
} from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { RestartingServer } from '../support/restarting-server';

interface StreamProtocol {
  incoming: { 'test.item': { key: string; n: number } };
  outgoing: { 'test.data': { key: string; n: number }; 'test.attach': { key: string } };
  requests: {
    'test.stream': { request: { key: string; count: number; intervalMs: number }; reply: { started: boolean } };
    'test.report': { request: { key: string }; reply: { received: number[] } };
  };
}

const MESSAGES = 1_000;
const INTERVAL_MS = 5;
const RESTARTS = 10;

interface RunResult {
  sent: number;
  received: number[];
  echoed: number[];
  restarts: number;
}

/** 1000 messages each way at one per 5 ms, while the server is killed or stopped and restarted 10 times. */
async function runThroughRestarts(server: RestartingServer, delivery: boolean): Promise<RunResult> {
  const key = delivery ? 'with-delivery' : 'without-delivery';
  const client = new MessagingClient<StreamProtocol>({
    url: () => server.socketUrl,
    webSocketFactory: nodeWebSocketFactory,
    reconnect: resolveReconnectPolicy({ baseDelayMs: 50, maxDelayMs: 300 }),
    heartbeat: resolveHeartbeatPolicy({ intervalMs: 1_000, timeoutMs: 1_000 }),
    queue: resolveOfflineQueuePolicy({ maxMessages: 5_000 }),
    delivery: delivery ? resolveDeliveryPolicy() : null,
    requestTimeoutMs: 30_000,
  });
  const items: number[] = [];
  client.on('test.item').subscribe(({ n }) => items.push(n));
  if (!delivery) {
    // Without a session, the server can only send to whichever connection asks for the stream now.
    client.state$.subscribe((state) => state === 'open' && client.send('test.attach', { key }));
  }
  try {
    client.connect();
    await waitFor(() => client.state === 'open', () => `state ${client.state}`);
    await firstValueFrom(client.request('test.stream', { key, count: MESSAGES, intervalMs: INTERVAL_MS }));
    const restarts = (async () => {
      for (let i = 0; i < RESTARTS; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        await server.restart(100);
      }
    })();
    for (let n = 0; n < MESSAGES; n++) {
      client.send('test.data', { key, n });
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
    await restarts;
    // Let the stream finish and the queue drain (with delivery: every message acknowledged).
    await waitFor(
      () => client.state === 'open' && client.stats.queuedMessages === 0 && (!delivery || items.length >= MESSAGES),
      () => `state ${client.state}, ${client.stats.queuedMessages} queued, ${items.length} items`,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, delivery ? 200 : 1_500));
    const { received } = await firstValueFrom(client.request('test.report', { key }));
    return { sent: MESSAGES, received, echoed: items, restarts: server.restarts };
  } finally {
    client.dispose();
  }
}

const range = (count: number) => Array.from({ length: count }, (_, n) => n);
const tally = (seen: number[]) => ({ sent: MESSAGES, received: seen.length, lost: MESSAGES - new Set(seen).size, duplicated: seen.length - new Set(seen).size });

/** The figures the README quotes, printed by each run. */
function report(label: string, result: RunResult): void {
  const figures = { restarts: result.restarts, clientToServer: tally(result.received), serverToClient: tally(result.echoed) };
  console.log(`delivery ${label}: ${JSON.stringify(figures)}`);
}

describe('delivery through 10 server restarts (real reference server on 127.0.0.1)', () => {
  let server: RestartingServer;

  beforeEach(async () => {
    server = new RestartingServer();
    await server.start();
  });

  afterEach(() => server.dispose());

  it('with withDelivery(): 1000 messages each way, 0 lost, 0 duplicated, order kept', async () => {
    const result = await runThroughRestarts(server, true);
    report('with withDelivery()', result);
    expect(result.restarts).toBe(RESTARTS);
    expect(result.received).toEqual(range(MESSAGES));
    expect(result.echoed).toEqual(range(MESSAGES));
  }, 90_000);

  it('without withDelivery(): reports what was lost (not asserted: that is the point of acks and resume)', async () => {
    const result = await runThroughRestarts(server, false);
    report('without withDelivery()', result);
    expect(result.restarts).toBe(RESTARTS);
  }, 90_000);
});
