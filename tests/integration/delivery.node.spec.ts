import { RestartingServer } from '../support/restarting-server';
import { type TrafficResult, pause, range, runTwoWayTraffic, tally } from '../support/two-way-traffic';

const MESSAGES = 1_000;
const RESTARTS = 10;

/** 1000 messages each way at one per 5 ms, while the server is killed or stopped and restarted 10 times. */
async function throughRestarts(server: RestartingServer, delivery: boolean): Promise<TrafficResult> {
  return runTwoWayTraffic({
    url: () => server.socketUrl,
    messages: MESSAGES,
    intervalMs: 5,
    delivery,
    disturb: async () => {
      for (let i = 0; i < RESTARTS; i++) {
        await pause(250);
        await server.restart(100);
      }
    },
  });
}

/** The figures the README quotes, printed by each run. */
function report(label: string, server: RestartingServer, result: TrafficResult): void {
  const figures = { restarts: server.restarts, clientToServer: tally(result.received, MESSAGES), serverToClient: tally(result.echoed, MESSAGES) };
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
    const result = await throughRestarts(server, true);
    report('with withDelivery()', server, result);
    expect(server.restarts).toBe(RESTARTS);
    expect(result.received).toEqual(range(MESSAGES));
    expect(result.echoed).toEqual(range(MESSAGES));
  }, 90_000);

  it('without withDelivery(): reports what was lost (not asserted: that is the point of acks and resume)', async () => {
    const result = await throughRestarts(server, false);
    report('without withDelivery()', server, result);
    expect(server.restarts).toBe(RESTARTS);
  }, 90_000);
});
