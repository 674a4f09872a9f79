import { MessagingClient, type WebSocketError, resolveReconnectPolicy } from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { type RestartingServer, restartingServerPerTest } from '../support/restarting-server';
import { type TrafficResult, pause, range, refusedWebSocketFactory, reportTraffic, runTwoWayTraffic, tally } from '../support/two-way-traffic';

const MESSAGES = 1_000;
const RESTARTS = 5;

interface EchoProtocol {
  incoming: { echo: { text: string } };
  outgoing: { echo: { text: string } };
}

/** 1000 messages each way at one per 5 ms over the HTTP transport, while the server is restarted 5 times. */
async function overHttpThroughRestarts(server: RestartingServer, delivery: boolean): Promise<TrafficResult> {
  return runTwoWayTraffic({
    url: () => server.socketUrl,
    messages: MESSAGES,
    intervalMs: 5,
    delivery,
    overHttp: true,
    disturb: async () => {
      for (let i = 0; i < RESTARTS; i++) {
        await pause(400);
        await server.restart(100);
      }
    },
  });
}

const report = (label: string, server: RestartingServer, result: TrafficResult) => reportTraffic(`HTTP transport ${label}`, server.restarts, result, MESSAGES);

describe('the HTTP fallback against the real reference server on 127.0.0.1', () => {
  const currentServer = restartingServerPerTest();
  let server: RestartingServer;
  beforeEach(() => (server = currentServer()));

  it('with the WebSocket refused and withDelivery(): 1000 messages each way through 5 restarts, 0 lost, 0 duplicated, order kept', async () => {
    const result = await overHttpThroughRestarts(server, true);
    report('with withDelivery()', server, result);
    expect(result.transport).toBe('http');
    expect(server.restarts).toBe(RESTARTS);
    expect(result.received).toEqual(range(MESSAGES));
    expect(result.echoed).toEqual(range(MESSAGES));
  }, 90_000);

  // The control: the same traffic over HTTP without delivery loses server -> client messages (sent while the
  // client was away), so the test above could see a loss if delivery did not hold over HTTP.
  it('without withDelivery() (control): the harness sees server -> client messages lost over HTTP', async () => {
    const result = await overHttpThroughRestarts(server, false);
    report('without withDelivery()', server, result);
    expect(result.transport).toBe('http');
    expect(tally(result.echoed, MESSAGES).lost).toBeGreaterThan(0);
  }, 90_000);

  it('moves back to WebSocket by itself once upgrades pass; messages and a channel flow on both', async () => {
    let blocked = true;
    const client = new MessagingClient<EchoProtocol>({
      url: server.socketUrl,
      webSocketFactory: (url, protocols) => (blocked ? refusedWebSocketFactory : nodeWebSocketFactory)(url, protocols),
      httpFallback: { storage: null, upgradeProbeMs: 200 },
      reconnect: resolveReconnectPolicy({ baseDelayMs: 50, maxDelayMs: 300 }),
      delivery: {},
      queue: {},
    });
    const echoes: string[] = [];
    client.on('echo').subscribe(({ text }) => echoes.push(text));
    const room: unknown[] = [];
    client.channel('room:http').subscribe(({ payload }) => room.push(payload));
    const publish = (text: string) => client.sendMessage({ type: 'channel.publish', channel: 'room:http', payload: text });
    try {
      client.connect();
      await waitFor(() => client.state === 'open', () => `state ${client.state}`);
      expect(client.stats.transport).toBe('http');
      client.send('echo', { text: 'over HTTP' });
      await waitFor(() => echoes.includes('over HTTP'), () => `echoes ${JSON.stringify(echoes)}`);
      publish('over HTTP');
      await waitFor(() => room.includes('over HTTP'), () => `channel ${JSON.stringify(room)}`);
      await pause(500); // probes keep failing: still on HTTP
      expect(client.stats.transport).toBe('http');

      blocked = false;
      await waitFor(() => client.state === 'open' && client.stats.transport === 'websocket', () => `${client.state} over ${client.stats.transport}`);
      expect(client.stats.lastCloseReason).toBe('moving to WebSocket');
      client.send('echo', { text: 'over WebSocket' });
      await waitFor(() => echoes.includes('over WebSocket'), () => `echoes ${JSON.stringify(echoes)}`);
      expect(echoes).toEqual(['over HTTP', 'over WebSocket']);
      publish('over WebSocket'); // the channel was subscribed again on the new link
      await waitFor(() => room.includes('over WebSocket'), () => `channel ${JSON.stringify(room)}`);
      expect(room).toEqual(['over HTTP', 'over WebSocket']);
    } finally {
      client.dispose();
    }
  }, 30_000);

  // The control: without the fallback the same refused WebSocket never connects, and says why.
  it('without the fallback (control): a refused WebSocket never opens, and each attempt is reported', async () => {
    const client = new MessagingClient({
      url: server.socketUrl,
      webSocketFactory: refusedWebSocketFactory,
      reconnect: resolveReconnectPolicy({ baseDelayMs: 50, maxDelayMs: 100 }),
    });
    const errors: WebSocketError[] = [];
    client.errors$.subscribe((error) => errors.push(error));
    try {
      client.connect();
      await waitFor(() => errors.length >= 3, () => `${errors.length} errors`);
      expect(client.state).not.toBe('open');
      expect(client.stats.transport).toBeNull();
      expect(errors[0].details.httpStatus).toBe(404);
    } finally {
      client.dispose();
    }
  }, 30_000);
});
