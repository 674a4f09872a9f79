import { firstValueFrom } from 'rxjs';
import type { WebSocket as NodeWebSocket } from 'ws';
import type { SendHandle } from 'ngx-live-socket';
import { ɵChannels, ɵcreateHeartbeat, ɵcreateOutbox, ɵcreateReliability, ɵcreateSharedConnection, ɵDeliverySession, ɵRequests, type MessagingParts } from 'ngx-live-socket/core';
import { type FakeTab, fakeBrowser } from '../support/fake-tabs';
import { useReferenceServer } from '../support/in-process-reference-server';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { SERVER_START_TIMEOUT_MS } from '../support/server-start-timeout';
import { type StreamProtocol, pause, range, tally } from '../support/two-way-traffic';

const PARTS: MessagingParts = { heartbeat: ɵcreateHeartbeat, outbox: ɵcreateOutbox, delivery: ɵDeliverySession, reliability: ɵcreateReliability, requests: ɵRequests, channels: ɵChannels };

/** Items the server streams to the group's session, one every STREAM_INTERVAL_MS, while tabs come and go. */
const STREAM_ITEMS = 400;
const STREAM_INTERVAL_MS = 5;
/** Messages each tab sends, one every SEND_INTERVAL_MS (a crashed tab sends until it dies). */
const MESSAGES_PER_TAB = 150;
const SEND_INTERVAL_MS = 8;

interface Tab {
  readonly name: string;
  readonly fake: FakeTab;
  readonly core: ReturnType<typeof ɵcreateSharedConnection>;
  /** The sockets this tab opened: only a leader opens one. */
  readonly sockets: NodeWebSocket[];
  readonly items: number[];
  readonly handles: Array<{ n: number; handle: SendHandle }>;
  alive: boolean;
}

/**
 * Three tabs of one browser (the fake browser's Web Locks and channel) share one connection to the real
 * reference server; the leader crashes (its socket cut, its last posts lost, as measured in Chromium), then
 * the next one does, while every tab sends and the server streams to the group's session.
 */
describe('Tabs sharing one connection, against the reference server', () => {
  const fixture = useReferenceServer({ testStreams: true, limits: { messagesPerSecond: 5_000, messageBurst: 5_000 } });
  jest.setTimeout(60_000);

  function openTab(browser: ReturnType<typeof fakeBrowser>, name: string, delivery: boolean): Tab {
    const fake = browser.tab(name);
    const sockets: NodeWebSocket[] = [];
    const core = ɵcreateSharedConnection(
      {
        url: fixture.server.socketUrl,
        webSocketFactory: (url, protocols) => {
          const socket = nodeWebSocketFactory(url, protocols) as unknown as NodeWebSocket;
          sockets.push(socket);
          return socket as unknown as ReturnType<typeof nodeWebSocketFactory>;
        },
        reconnect: { baseDelayMs: 50, maxDelayMs: 300 },
        queue: { maxMessages: 10_000 },
        delivery: delivery ? {} : null,
        connectTimeoutMs: 2_000,
        requestTimeoutMs: 30_000,
      },
      PARTS,
      { locks: fake.locks, channel: (channelName) => fake.channel(channelName) },
      'default',
    );
    const tab: Tab = { name, fake, core, sockets, items: [], handles: [], alive: true };
    (core.on as (type: string) => ReturnType<typeof core.on>)('test.item').subscribe((item) => tab.items.push((item as { n: number }).n));
    core.connect();
    return tab;
  }

  /** The tab's renderer dies: its socket is cut without a close, its locks go, its undelivered posts are lost. */
  function crash(tab: Tab): void {
    tab.alive = false;
    tab.sockets.forEach((socket) => socket.terminate());
    tab.fake.kill({ losePendingPosts: true });
    tab.core.dispose();
  }

  async function sendFrom(tab: Tab, base: number, key: string): Promise<void> {
    for (let i = 0; i < MESSAGES_PER_TAB && tab.alive; i++) {
      const n = base + i;
      tab.handles.push({ n, handle: tab.core.send('test.data' as never, { key, n } as never) });
      await pause(SEND_INTERVAL_MS);
    }
  }

  const leaderOf = (tabs: Tab[]) => tabs.find((tab) => tab.alive && tab.core.stats.tabRole === 'leader');

  async function run(delivery: boolean) {
    const key = `shared-${delivery}-${Math.random().toString(36).slice(2)}`;
    const browser = fakeBrowser();
    const tabs = [openTab(browser, 'a', delivery)];
    await waitFor(() => tabs[0].core.state === 'open', () => `a is ${tabs[0].core.state}`);
    tabs.push(openTab(browser, 'b', delivery), openTab(browser, 'c', delivery));
    await waitFor(
      () => tabs.every((tab) => tab.core.stats.sharedTabs === 3 && tab.core.state === 'open'),
      () => tabs.map((tab) => `${tab.name}: ${tab.core.stats.tabRole} of ${tab.core.stats.sharedTabs}, ${tab.core.state}`).join('; '),
    );
    const connectionsWhileShared = fixture.server.connectionCount;
    const roles = tabs.map((tab) => tab.core.stats.tabRole);
    const socketsOpened = tabs.map((tab) => tab.sockets.length);

    // A follower asks for the stream: its reply must find it through the leader.
    const started = await firstValueFrom(
      (tabs[1].core.request as (type: string, payload: unknown) => ReturnType<typeof tabs[1]['core']['request']>)('test.stream', { key, count: STREAM_ITEMS, intervalMs: STREAM_INTERVAL_MS }),
    );
    const sending = tabs.map((tab, index) => sendFrom(tab, (index + 1) * 100_000, key));

    const handoffs: number[] = [];
    for (const _ of [1, 2]) {
      await pause(500);
      const leader = leaderOf(tabs)!;
      const crashedAt = Date.now();
      crash(leader);
      await waitFor(() => leaderOf(tabs)?.core.state === 'open', () => tabs.map((tab) => `${tab.name}: ${tab.alive ? tab.core.stats.tabRole : 'dead'} ${tab.core.state}`).join('; '));
      handoffs.push(Date.now() - crashedAt);
    }
    await Promise.all(sending);
    const survivor = tabs.find((tab) => tab.alive)!;
    await waitFor(
      () => survivor.core.stats.queuedMessages === 0 && (!delivery || survivor.items.length >= STREAM_ITEMS),
      () => `${survivor.core.stats.queuedMessages} queued, ${survivor.items.length} of ${STREAM_ITEMS} items`,
      20_000,
    ).catch(() => undefined); // the control loses: what it has is what it shows
    await pause(300);
    const { received } = (await firstValueFrom(
      (survivor.core.request as (type: string, payload: unknown) => ReturnType<typeof survivor['core']['request']>)('test.report', { key }),
    )) as StreamProtocol['requests']['test.report']['reply'];
    const result = { started, connectionsWhileShared, roles, socketsOpened, handoffs, received, tabs, survivor };
    tabs.filter((tab) => tab.alive).forEach((tab) => tab.core.dispose());
    return result;
  }

  /** What the server processed of one tab's messages. */
  const sentBy = (tab: Tab, received: number[]) => {
    const own = new Set(tab.handles.map(({ n }) => n));
    return received.filter((n) => own.has(n));
  };

  it(
    'with delivery: one connection for three tabs; through two leader crashes every message is processed once and every item reaches every live tab once, in order',
    async () => {
      const result = await run(true);
      expect(result.started).toEqual({ started: true });
      expect(result.connectionsWhileShared).toBe(1);
      expect(result.roles).toEqual(['leader', 'follower', 'follower']);
      expect(result.socketsOpened).toEqual([1, 0, 0]);
      const [a, b, c] = result.tabs;
      const survivor = result.survivor;
      // The survivor sent everything and the server processed each of its messages once; every handle acked.
      expect(tally(sentBy(survivor, result.received), MESSAGES_PER_TAB)).toEqual({ sent: MESSAGES_PER_TAB, received: MESSAGES_PER_TAB, lost: 0, duplicated: 0 });
      expect(survivor.handles.filter(({ handle }) => handle.status.state !== 'acked')).toEqual([]);
      // A crashed tab's messages: none twice. Those its followers had mirrored were sent by the next leader.
      for (const crashed of [a, b, c].filter((tab) => !tab.alive)) {
        const seen = sentBy(crashed, result.received);
        expect(seen.length).toBe(new Set(seen).size);
      }
      expect(result.survivor.items).toEqual(range(STREAM_ITEMS));
      for (const crashed of [a, b, c].filter((tab) => !tab.alive)) {
        expect(crashed.items.length).toBe(new Set(crashed.items).size);
      }
      console.log(`shared tabs with delivery: handoffs ${result.handoffs.join(', ')} ms; crashed tabs' messages processed: ${[a, b, c].filter((tab) => !tab.alive).map((tab) => `${tab.name} ${sentBy(tab, result.received).length}/${tab.handles.length}`).join(', ')}`);
    },
    SERVER_START_TIMEOUT_MS + 60_000,
  );

  it('control: without delivery the same run loses items of the stream at the surviving tab', async () => {
    const result = await run(false);
    expect(result.connectionsWhileShared).toBe(1);
    const stream = tally(result.survivor.items, STREAM_ITEMS);
    expect(stream.lost).toBeGreaterThan(0);
    console.log(`shared tabs without delivery (control): stream at the survivor ${JSON.stringify(stream)}`);
  });

  it('channels are counted across tabs: one subscription for the group while any tab listens, none once the last lets go', async () => {
    const browser = fakeBrowser();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => openTab(browser, name, true));
    await waitFor(() => [a, b, c].every((tab) => tab.core.stats.sharedTabs === 3 && tab.core.state === 'open'), () => 'three tabs sharing an open link');
    const seen = (tab: Tab) => {
      const payloads: unknown[] = [];
      return { payloads, subscription: tab.core.channel('room').subscribe((envelope) => payloads.push(envelope.payload)) };
    };
    const atLeader: unknown[] = [];
    a.core.incoming$.subscribe((envelope) => envelope.type === 'channel.message' && atLeader.push(envelope.payload));
    const publish = async (payload: number) => {
      a.core.sendMessage({ type: 'channel.publish', channel: 'room', payload });
      await pause(150);
    };
    const inB = seen(b);
    const inC = seen(c);
    await pause(150);
    await publish(1);
    inC.subscription.unsubscribe();
    await pause(150);
    await publish(2);
    inB.subscription.unsubscribe();
    await pause(150);
    await publish(3); // nobody listens: the leader has unsubscribed the group
    const again = seen(c);
    await pause(150);
    await publish(4);
    expect(inB.payloads).toEqual([1, 2]);
    expect(inC.payloads).toEqual([1]);
    expect(again.payloads).toEqual([4]);
    expect(atLeader).toEqual([1, 2, 4]);
    [a, b, c].forEach((tab) => tab.core.dispose());
  });

  it('falls back to a connection of its own in a browser without Web Locks, and says so', async () => {
    const browser = fakeBrowser();
    const fake = browser.tab('lone');
    const core = ɵcreateSharedConnection(
      { url: fixture.server.socketUrl, webSocketFactory: nodeWebSocketFactory, delivery: {}, queue: {} },
      PARTS,
      { locks: null, channel: (name) => fake.channel(name) },
      'default',
    );
    const other = openTab(browser, 'other', true);
    core.connect();
    await waitFor(() => core.state === 'open' && other.core.state === 'open', () => `${core.state}, ${other.core.state}`);
    expect({ tabRole: core.stats.tabRole, sharedTabs: core.stats.sharedTabs, sharedFallback: core.stats.sharedFallback }).toEqual({ tabRole: 'alone', sharedTabs: 1, sharedFallback: 'no-locks' });
    expect(fixture.server.connectionCount).toBe(2);
    const handle = core.send('test.data' as never, { key: 'lone', n: 1 } as never);
    await waitFor(() => handle.status.state === 'acked', () => handle.status.state);
    core.dispose();
    other.core.dispose();
  });

  it('control: the sink counts a message processed twice (the survivor sends one number twice)', async () => {
    const browser = fakeBrowser();
    const tab = openTab(browser, 'a', true);
    await waitFor(() => tab.core.state === 'open', () => `a is ${tab.core.state}`);
    const key = `shared-dup-${Math.random().toString(36).slice(2)}`;
    tab.core.send('test.data' as never, { key, n: 7 } as never);
    tab.core.send('test.data' as never, { key, n: 7 } as never);
    await pause(200);
    const { received } = (await firstValueFrom(
      (tab.core.request as (type: string, payload: unknown) => ReturnType<typeof tab['core']['request']>)('test.report', { key }),
    )) as StreamProtocol['requests']['test.report']['reply'];
    expect(tally(received, 1)).toEqual({ sent: 1, received: 2, lost: 0, duplicated: 1 });
    tab.core.dispose();
  });
});
