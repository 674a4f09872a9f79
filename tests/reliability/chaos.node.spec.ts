import { waitFor } from '../support/node-web-socket';
import { RestartingServer } from '../support/restarting-server';
import { TcpProxy } from '../support/tcp-proxy';
import { type TrafficResult, pause, range, runTwoWayTraffic, tally } from '../support/two-way-traffic';
import { SERVER_START_TIMEOUT_MS } from '../support/server-start-timeout';

const MESSAGES = 5_000;
const RESTARTS = 20;
const FREEZES = 3;

describe('chaos: 5,000 messages each way every 2 ms, 20 server kills/restarts and 3 half-open links (one of them one-way)', () => {
  let server: RestartingServer;
  let proxy: TcpProxy;
  let frozenSeen = 0;

  beforeEach(async () => {
    server = new RestartingServer();
    await server.start();
    proxy = new TcpProxy(() => server.port);
    await proxy.start();
    frozenSeen = 0;
  }, SERVER_START_TIMEOUT_MS);

  afterEach(async () => {
    await proxy.stop();
    await server.dispose();
  });

  /**
   * Restarts every ~400 ms; three times a link through the proxy silently stops forwarding instead. The
   * second time only the server's side is lost: the server goes on processing what the client sends while
   * its acks vanish, so the client must send again hundreds of messages the server already has. That is the
   * case where a server that processed a resend again would show duplicates (the sink counts every one).
   */
  async function disturb(): Promise<void> {
    for (let i = 0; i < RESTARTS + FREEZES; i++) {
      await pause(350);
      if (i % 8 === 3) {
        await waitFor(() => proxy.activeCount > 0, () => 'no link through the proxy to freeze');
        proxy.freeze(frozenSeen === 1 ? 'to-client' : 'both'); // a half-open link: only the heartbeat can notice it
        frozenSeen++;
        await pause(1_200);
      } else {
        await server.restart(100);
      }
    }
  }

  function run(delivery: boolean): Promise<TrafficResult> {
    return runTwoWayTraffic({
      url: () => `ws://127.0.0.1:${proxy.port}/ws`,
      messages: MESSAGES,
      intervalMs: 2,
      delivery,
      heartbeat: { intervalMs: 300, timeoutMs: 300 },
      disturb,
    });
  }

  it('with withDelivery(): 0 lost, 0 duplicated, order kept, both ways', async () => {
    const result = await run(true);
    console.log(`chaos with withDelivery(): ${JSON.stringify({ restarts: server.restarts, halfOpen: frozenSeen, reconnects: result.reconnects, clientToServer: tally(result.received, MESSAGES), serverToClient: tally(result.echoed, MESSAGES) })}`);
    expect(server.restarts).toBe(RESTARTS);
    expect(frozenSeen).toBe(FREEZES);
    expect(result.received).toEqual(range(MESSAGES));
    expect(result.echoed).toEqual(range(MESSAGES));
  }, 120_000);

  // The control: the same harness, without delivery, must see loss both ways, or the test above could not
  // fail. A frozen link swallows what is written both ways until the heartbeat (300 ms + 300 ms) notices:
  // over a hundred messages each way per freeze; and after each restart the server's stream sends to nobody
  // until the client is back and has re-attached. So neither direction can come through whole.
  it('without withDelivery() (control): the harness sees messages lost both ways', async () => {
    const result = await run(false);
    const clientToServer = tally(result.received, MESSAGES);
    const serverToClient = tally(result.echoed, MESSAGES);
    console.log(`chaos without withDelivery(): ${JSON.stringify({ restarts: server.restarts, halfOpen: frozenSeen, reconnects: result.reconnects, clientToServer, serverToClient })}`);
    expect(server.restarts).toBe(RESTARTS);
    expect(frozenSeen).toBe(FREEZES);
    expect(clientToServer.lost).toBeGreaterThan(0);
    expect(serverToClient.lost).toBeGreaterThan(0);
  }, 120_000);
});
