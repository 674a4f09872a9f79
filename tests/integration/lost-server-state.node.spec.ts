import { firstValueFrom } from 'rxjs';
import {
  MessagingClient,
  type WebSocketErrorKind,
  resolveDeliveryPolicy,
  resolveOfflineQueuePolicy,
  resolveReconnectPolicy,
} from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { RestartingServer } from '../support/restarting-server';
import { type StreamProtocol, pause, range } from '../support/two-way-traffic';
import { SERVER_START_TIMEOUT_MS } from '../support/server-start-timeout';

const AFTER = 200;

describe('delivery when the server restarts without its state (no STATE_FILE)', () => {
  let server: RestartingServer;
  let client: MessagingClient<StreamProtocol> | undefined;

  beforeEach(async () => {
    server = new RestartingServer({ STATE_FILE: '' }); // sessions live in memory only: a restart forgets them
    await server.start();
  }, SERVER_START_TIMEOUT_MS);

  afterEach(async () => {
    client?.dispose();
    await server.dispose();
  });

  it('the client reports the gap (resume-gap) and keeps going: what is sent and received after the restart arrives', async () => {
    client = new MessagingClient<StreamProtocol>({
      url: () => server.socketUrl,
      webSocketFactory: nodeWebSocketFactory,
      reconnect: resolveReconnectPolicy({ baseDelayMs: 50, maxDelayMs: 300 }),
      queue: resolveOfflineQueuePolicy(),
      delivery: resolveDeliveryPolicy(),
      requestTimeoutMs: 10_000,
    });
    const live = client;
    const errorKinds: WebSocketErrorKind[] = [];
    live.errors$.subscribe((error) => errorKinds.push(error.kind));
    const items = { before: [] as number[], after: [] as number[] };
    live.on('test.item').subscribe(({ key, n }) => (key === 'before' || key === 'after') && items[key].push(n));

    live.connect();
    await waitFor(() => live.state === 'open', () => `state ${live.state}`);
    // Traffic both ways, so the client has seen seq numbers the restarted server will not remember.
    await firstValueFrom(live.request('test.stream', { key: 'before', count: 100_000, intervalMs: 5 }));
    let streaming = true;
    const sending = (async () => {
      for (let n = 0; streaming; n++) {
        live.send('test.data', { key: 'before', n });
        await pause(5);
      }
    })();
    try {
      await waitFor(() => items.before.length >= 50, () => `${items.before.length} items before the restart`);
      await server.restart(100); // a crash: the new process knows no session and no stream
      await waitFor(() => errorKinds.includes('resume-gap'), () => `no resume-gap; errors: ${errorKinds.join(', ')}; state ${live.state}`, 15_000);
    } finally {
      streaming = false; // also when a wait above failed, or the loop would outlive the test
      await sending;
    }

    // After the gap: a new stream and new messages. The server numbers on from the client's lastSeq + 1, so
    // the client must not drop the new items as duplicates, and the server must process every new message.
    const duplicatesBefore = live.stats.duplicateMessages;
    await firstValueFrom(live.request('test.stream', { key: 'after', count: AFTER, intervalMs: 2 }));
    for (let n = 0; n < AFTER; n++) {
      live.send('test.data', { key: 'after', n });
    }
    await waitFor(
      () => items.after.length >= AFTER && live.stats.queuedMessages === 0,
      () => `${items.after.length} of ${AFTER} items after the restart (${live.stats.duplicateMessages - duplicatesBefore} dropped as duplicates), ${live.stats.queuedMessages} unacknowledged`,
      15_000,
    );
    const { received } = await firstValueFrom(live.request('test.report', { key: 'after' }));

    expect(server.restarts).toBe(1);
    expect(errorKinds.filter((kind) => kind === 'resume-gap')).toHaveLength(1);
    expect(items.after).toEqual(range(AFTER));
    expect(received).toEqual(range(AFTER));
    expect(live.stats.duplicateMessages).toBe(duplicatesBefore);
  }, 60_000);
});
