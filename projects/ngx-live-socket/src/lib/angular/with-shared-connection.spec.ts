import { EnvironmentInjector, createEnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type TabChannelLike, WebSocketArgumentError } from 'ngx-live-socket/core';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { type FakeTab, fakeBrowser, flushTabs } from '../../../../../tests/support/fake-tabs';
import { provideWebSocket } from './provide-web-socket';
import { WebSocketService } from './web-socket.service';
import { withDelivery } from './with-delivery';
import { withOfflineQueue } from './with-offline-queue';
import { withReconnect } from './with-reconnect';
import { withRequests } from './with-requests';
import { withSharedConnection } from './with-shared-connection';

const URL_ = 'ws://localhost:8081/live';

/** One tab: an app of its own (its own injector and testing backend) on the fake browser's locks and channel. */
function openTab(tab: FakeTab | null, channel: (name: string) => TabChannelLike = (name) => (tab as FakeTab).channel(name), stateTypes?: string[]) {
  const injector = createEnvironmentInjector(
    [
      provideWebSocket(
        { url: URL_ },
        withReconnect(),
        withOfflineQueue(),
        withDelivery(),
        withRequests(),
        ...(tab === null ? [] : [withSharedConnection({ locks: tab.locks, channel, stateTypes })]),
      ),
      provideWebSocketTesting({ random: 0 }),
    ],
    TestBed.inject(EnvironmentInjector),
  );
  return { injector, controller: injector.get(WebSocketTestingController), socket: injector.get(WebSocketService) };
}

describe('withSharedConnection()', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    TestBed.resetTestingModule();
  });

  it('two tabs of one browser share the first tab\'s socket: the follower opens none, sends and receives through it', async () => {
    const browser = fakeBrowser();
    const a = openTab(browser.tab('a'));
    await flushTabs();
    const link = a.controller.expectConnection(URL_);
    link.open();
    link.expectSent((frame) => frame.type === 'resume');
    const b = openTab(browser.tab('b'));
    await flushTabs();

    b.controller.expectNoConnection();
    expect([a.socket.stats().tabRole, b.socket.stats().tabRole]).toEqual(['leader', 'follower']);
    expect([a.socket.stats().sharedTabs, b.socket.stats().sharedTabs]).toEqual([2, 2]);
    expect(b.socket.state()).toBe('open');

    const heard: unknown[] = [];
    b.socket.on('news').subscribe((payload) => heard.push(payload));
    const raw: unknown[] = [];
    b.socket.messages$.subscribe((frame) => raw.push(frame)); // raw frames cross the channel only while read
    await flushTabs();
    const handle = b.socket.send('chat', { text: 'from b' });
    await flushTabs();
    const sent = link.expectSent((frame) => frame.type === 'chat');
    expect(sent.payload).toEqual({ text: 'from b' });
    link.deliver(JSON.stringify({ type: 'ack', id: sent.id }));
    link.deliverMessage('news', 'for every tab');
    await flushTabs();
    expect(handle.status.state).toBe('acked'); // true in the tab that sent it
    expect(heard).toEqual(['for every tab']);
    expect(raw).toContain(JSON.stringify({ type: 'news', payload: 'for every tab' }));

    const replies: unknown[] = [];
    b.socket.request('sum', [1, 2]).subscribe((reply) => replies.push(reply));
    await flushTabs();
    const request = link.expectSent((frame) => frame.type === 'sum');
    link.deliver(JSON.stringify({ type: 'sum', re: request.id, payload: 3 }));
    await flushTabs();
    expect(replies).toEqual([3]); // the reply reached the tab that asked
    a.injector.destroy();
    b.injector.destroy();
  });

  it('when the leader tab goes, the follower opens the link, continues the session and sends again what was not acknowledged, under its id', async () => {
    const browser = fakeBrowser();
    const a = openTab(browser.tab('a'));
    await flushTabs();
    const first = a.controller.expectConnection(URL_);
    first.open();
    const resume = first.expectSent((frame) => frame.type === 'resume');
    const b = openTab(browser.tab('b'));
    await flushTabs();
    b.socket.send('chat', { text: 'unacknowledged' });
    await flushTabs();
    const sent = first.expectSent((frame) => frame.type === 'chat');

    browser.tab('a').kill();
    await flushTabs();
    const second = b.controller.expectConnection(URL_);
    second.open();
    const resumed = second.expectSent((frame) => frame.type === 'resume');
    expect((resumed.payload as { session: string }).session).toBe((resume.payload as { session: string }).session);
    const again = second.expectSent((frame) => frame.type === 'chat');
    expect(again.id).toBe(sent.id);
    expect(b.socket.stats().tabRole).toBe('leader');
    b.injector.destroy();
  });

  // The rule that keeps a handoff from sending a message twice: a tab that never learnt a message's id would
  // forward it again to the next leader, so it goes out only once its sender holds its mirror.
  it('a follower\'s message goes out only once the follower echoed its mirror (held while its echoes are lost)', async () => {
    const browser = fakeBrowser();
    const a = openTab(browser.tab('a'));
    await flushTabs();
    const link = a.controller.expectConnection(URL_);
    link.open();
    let echoesLost = true;
    const b = openTab(browser.tab('b'), (name) => {
      const channel = browser.tab('b').channel(name);
      const post = channel.postMessage.bind(channel);
      channel.postMessage = (message) => (echoesLost && message.kind === 'mirrored' ? undefined : post(message));
      return channel;
    });
    await flushTabs();
    const handle = b.socket.send('chat', { text: 'held' });
    await flushTabs();
    expect(link.sent.filter((frame) => frame.type === 'chat')).toEqual([]);
    expect(handle.status.state).toBe('queued');

    echoesLost = false;
    b.socket.send('chat', { text: 'next' }); // its echo covers both (cumulative)
    await flushTabs();
    expect(link.sent.filter((frame) => frame.type === 'chat').map((frame) => frame.payload)).toEqual([{ text: 'held' }, { text: 'next' }]);
    expect(handle.status.state).toBe('sent');
    a.injector.destroy();
    b.injector.destroy();
  });

  // A tab's own queue withdraws a request unsubscribed before it went out; the group's leader must do the same.
  it('a follower\'s request unsubscribed while the link is down is withdrawn at the leader, and never sent; one still wanted (control) is', async () => {
    const browser = fakeBrowser();
    const a = openTab(browser.tab('a'));
    await flushTabs();
    const link = a.controller.expectConnection(URL_); // not open yet: what the tabs send waits in the leader's queue
    const b = openTab(browser.tab('b'));
    await flushTabs();
    const unwanted = b.socket.request('sum', [1, 2]).subscribe();
    const replies: unknown[] = [];
    b.socket.request('sum', [3, 4]).subscribe((reply) => replies.push(reply));
    await flushTabs();
    unwanted.unsubscribe();
    await flushTabs();

    link.open();
    await flushTabs();
    const sums = link.sent.filter((frame) => frame.type === 'sum');
    expect(sums.map((frame) => frame.payload)).toEqual([[3, 4]]);
    link.deliver(JSON.stringify({ type: 'sum', re: sums[0].id, payload: 7 }));
    await flushTabs();
    expect(replies).toEqual([7]);
    a.injector.destroy();
    b.injector.destroy();
  });

  it('a withdrawn request is not sent by the next leader either: every tab dropped its mirror', async () => {
    const browser = fakeBrowser();
    const a = openTab(browser.tab('a'));
    await flushTabs();
    a.controller.expectConnection(URL_); // never opens
    const b = openTab(browser.tab('b'));
    const c = openTab(browser.tab('c'));
    await flushTabs();
    const unwanted = c.socket.request('sum', [1, 2]).subscribe();
    c.socket.request('sum', [3, 4]).subscribe();
    await flushTabs();
    unwanted.unsubscribe();
    await flushTabs();

    browser.tab('a').kill();
    await flushTabs();
    const next = b.controller.expectConnection(URL_);
    next.open();
    await flushTabs();
    expect(next.sent.filter((frame) => frame.type === 'sum').map((frame) => frame.payload)).toEqual([[3, 4]]);
    b.injector.destroy();
    c.injector.destroy();
  });

  // A server sends its state on connect; a tab that joins a link already open never saw it.
  it('a tab that joins later gets the latest message of each state type, and no earlier event; without stateTypes (control) none', async () => {
    for (const stateTypes of [['counter.state'], undefined]) {
      const browser = fakeBrowser();
      const a = openTab(browser.tab('a'), undefined, stateTypes);
      await flushTabs();
      const link = a.controller.expectConnection(URL_);
      link.open();
      link.deliverMessage('counter.state', { value: 1 });
      link.deliverMessage('counter.state', { value: 2 });
      link.deliverMessage('chat.message', { text: 'before b' });
      const b = openTab(browser.tab('b'), undefined, stateTypes);
      const counter: unknown[] = [];
      const chat: unknown[] = [];
      b.socket.on('counter.state').subscribe((state) => counter.push(state));
      b.socket.on('chat.message').subscribe((message) => chat.push(message));
      await flushTabs();
      expect(counter).toEqual(stateTypes ? [{ value: 2 }] : []);
      expect(chat).toEqual([]);
      a.injector.destroy();
      b.injector.destroy();
    }
  });

  // The control: without the feature each tab opens a socket of its own.
  it('without it (control) each tab opens its own socket', async () => {
    const a = openTab(null);
    const b = openTab(null);
    await flushTabs();
    a.controller.expectConnection(URL_);
    b.controller.expectConnection(URL_);
    expect(a.socket.stats().tabRole).toBeUndefined();
    a.injector.destroy();
    b.injector.destroy();
  });

  it('refuses an empty name when the app config is read', () => {
    expect(() => withSharedConnection({ name: '' })).toThrow(WebSocketArgumentError);
  });
});
