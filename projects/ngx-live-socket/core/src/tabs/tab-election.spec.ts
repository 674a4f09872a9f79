import { type FakeTab, fakeBrowser, flushTabs } from '../../../../../tests/support/fake-tabs';
import { webLocks } from '../queue/session-locks';
import { defaultTabChannel } from './tab-channel';
import { TabElection, type TabGroupState } from './tab-election';
import { parseTabMessage } from './tab-messages';

/** One tab's election on the fake browser's locks and channel, as the shared connection will make it. */
function electionIn(tab: FakeTab, tabId: string): TabElection {
  return new TabElection({ tabId, locks: webLocks(tab.locks, 'nls:demo'), channel: tab.channel('nls:demo') });
}

const view = ({ role, tabs, leader, term }: TabGroupState) => ({ role, tabs, leader, term });

describe('TabElection', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function threeTabs() {
    const browser = fakeBrowser();
    const tabs = { a: browser.tab('a'), b: browser.tab('b'), c: browser.tab('c') };
    const elections = { a: electionIn(tabs.a, 'a'), b: electionIn(tabs.b, 'b'), c: electionIn(tabs.c, 'c') };
    for (const election of Object.values(elections)) {
      election.start();
      await flushTabs();
    }
    return { browser, tabs, elections };
  }

  it('makes the first tab the leader and the others followers, each counting the three tabs', async () => {
    const { elections } = await threeTabs();
    expect(view(elections.a.state)).toEqual({ role: 'leader', tabs: 3, leader: 'a', term: 1 });
    expect(view(elections.b.state)).toEqual({ role: 'follower', tabs: 3, leader: 'a', term: 1 });
    expect(view(elections.c.state)).toEqual({ role: 'follower', tabs: 3, leader: 'a', term: 1 });
  });

  it('hands the lead to the next waiting tab when the leader is closed, and everyone counts one tab less', async () => {
    const { browser, elections } = await threeTabs();
    elections.a.dispose();
    await flushTabs();
    expect(browser.holder('nls:demo:leader')).toBe('b');
    expect(view(elections.b.state)).toEqual({ role: 'leader', tabs: 2, leader: 'b', term: 2 });
    expect(view(elections.c.state)).toEqual({ role: 'follower', tabs: 2, leader: 'b', term: 2 });
  });

  it('hands the lead on when the leader crashes: no goodbye, no timeout, only the lock the browser lets go', async () => {
    const { tabs, elections } = await threeTabs();
    tabs.a.kill();
    await flushTabs();
    expect(view(elections.b.state)).toEqual({ role: 'leader', tabs: 2, leader: 'b', term: 2 });
    expect(view(elections.c.state)).toEqual({ role: 'follower', tabs: 2, leader: 'b', term: 2 });
    // and again: the last tab leads alone
    tabs.b.kill();
    await flushTabs();
    expect(view(elections.c.state)).toEqual({ role: 'leader', tabs: 1, leader: 'c', term: 3 });
  });

  it('counts a crashed follower out, though it said nothing', async () => {
    const { tabs, elections } = await threeTabs();
    tabs.c.kill();
    await flushTabs();
    expect(view(elections.a.state)).toEqual({ role: 'leader', tabs: 2, leader: 'a', term: 1 });
    expect(view(elections.b.state)).toEqual({ role: 'follower', tabs: 2, leader: 'a', term: 1 });
  });

  it('tells a tab opened later who leads, and counts it everywhere', async () => {
    const { browser, elections } = await threeTabs();
    const d = electionIn(browser.tab('d'), 'd');
    d.start();
    await flushTabs();
    expect(view(d.state)).toEqual({ role: 'follower', tabs: 4, leader: 'a', term: 1 });
    expect(elections.b.state.tabs).toBe(4);
  });

  it('ignores a roster from an earlier term that arrives late', async () => {
    const { browser, tabs, elections } = await threeTabs();
    tabs.a.kill();
    await flushTabs();
    // What the dead leader posted last, arriving after the new leader's word.
    browser.tab('x').channel('nls:demo').postMessage({ kind: 'roster', leader: 'a', term: 1, tabs: ['a', 'b', 'c'] });
    await flushTabs();
    expect(view(elections.c.state)).toEqual({ role: 'follower', tabs: 2, leader: 'b', term: 2 });
  });

  it('publishes only changes', async () => {
    const browser = fakeBrowser();
    const a = electionIn(browser.tab('a'), 'a');
    const seen: TabGroupState[] = [];
    a.state$.subscribe((state) => seen.push(state));
    a.start();
    await flushTabs();
    electionIn(browser.tab('b'), 'b').start();
    await flushTabs();
    expect(seen.map(view)).toEqual([
      { role: 'electing', tabs: 1, leader: null, term: 0 },
      { role: 'leader', tabs: 1, leader: 'a', term: 1 },
      { role: 'leader', tabs: 2, leader: 'a', term: 1 },
    ]);
  });

  it('stays alone, saying why, where the browser has no locks or no channel, and asks for no lock', async () => {
    const browser = fakeBrowser();
    const noLocks = new TabElection({ tabId: 'a', locks: null, channel: browser.tab('a').channel('nls:demo') });
    const noChannel = new TabElection({ tabId: 'b', locks: webLocks(browser.tab('b').locks, 'nls:demo'), channel: null });
    noLocks.start();
    noChannel.start();
    await flushTabs();
    expect(noLocks.state).toEqual({ role: 'alone', tabs: 1, members: ['a'], leader: null, term: 0, fallback: 'no-locks' });
    expect(noChannel.state).toEqual({ role: 'alone', tabs: 1, members: ['b'], leader: null, term: 0, fallback: 'no-channel' });
    expect(browser.holder('nls:demo:leader')).toBeNull();
  });

  it('finds no channel where the platform has no BroadcastChannel', () => {
    const original = (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
    delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
    try {
      expect(defaultTabChannel('nls:demo')).toBeNull();
    } finally {
      if (original !== undefined) {
        (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = original;
      }
    }
  });
});

describe('parseTabMessage', () => {
  it('reads the election messages and nothing else', () => {
    expect(parseTabMessage({ kind: 'hello', tab: 'a' })).toEqual({ kind: 'hello', tab: 'a' });
    expect(parseTabMessage({ kind: 'roster', leader: 'a', term: 2, tabs: ['a', 'b'] })).toEqual({ kind: 'roster', leader: 'a', term: 2, tabs: ['a', 'b'] });
    for (const junk of [null, 'hello', { kind: 'hello' }, { kind: 'roster', leader: 'a', term: 1.5, tabs: [] }, { kind: 'roster', leader: 'a', term: 1, tabs: [1] }, { kind: 'other' }]) {
      expect(parseTabMessage(junk)).toBeNull();
    }
  });
});
