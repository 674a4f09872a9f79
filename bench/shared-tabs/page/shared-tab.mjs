// One tab of the shared-tabs benchmark: the core's shared connection (what `withSharedConnection()` gives a
// tab) with the delivery, requests and channels parts, as an app that provides withDelivery(), withRequests()
// and withChannels() has it. `shared: false` gives it no Web Locks (`locks: null`), so the tab is `alone`:
// its own connection and its own delivery session, as every tab is without the feature.
import { firstValueFrom } from 'rxjs';
import { ɵChannels, ɵcreateOutbox, ɵcreateReliability, ɵcreateSharedConnection, ɵDeliverySession, ɵRequests } from 'ngx-live-socket/core';

/** No heartbeat part: a ping/pong in the middle of a counted workload would blur the server's frame count. */
const PARTS = { outbox: ɵcreateOutbox, delivery: ɵDeliverySession, reliability: ɵcreateReliability, requests: ɵRequests, channels: ɵChannels };

let core = null;
/** The tab's BroadcastChannel traffic by message kind: what it posted and what it heard. */
let channelTraffic = { posted: {}, heard: {} };
const count = (counts, kind) => (counts[kind] = (counts[kind] ?? 0) + 1);

/**
 * The browser's BroadcastChannel, as the feature makes it by default, with a count of every post and every
 * message heard (one increment each: the cost measured is the library's).
 */
function countingChannel(name) {
  const channel = new BroadcastChannel(name);
  return {
    postMessage(message) {
      count(channelTraffic.posted, message.kind);
      channel.postMessage(message);
    },
    get onmessage() {
      return channel.onmessage;
    },
    set onmessage(listener) {
      channel.onmessage = listener && ((event) => (count(channelTraffic.heard, event.data?.kind), listener(event)));
    },
    close: () => channel.close(),
  };
}
/** The `n` of every channel message the app got, in order; probes (before the counted workload) apart. */
let received = [];
let probes = 0;
/** Resolves the wait of `untilReceived` once `received` is long enough. */
let waiter = null;

window.sharedTab = {
  /** Connects this tab: `group` names the tabs' lock and channel (tabs of one cell share it). */
  open({ url, shared, group }) {
    core = ɵcreateSharedConnection(
      { url, delivery: {}, queue: {}, requestTimeoutMs: 10_000 },
      PARTS,
      shared ? { name: group, channel: countingChannel } : { name: group, locks: null },
      'default',
    );
    core.errors$.subscribe((error) => console.error(`shared-tab error ${error.kind}: ${error.message}`));
    core.connect();
  },
  /** What the tab is: its link's state and its part in the group. */
  status() {
    const { tabRole, sharedTabs, sharedFallback } = core.stats;
    return { state: core.state, role: tabRole, tabs: sharedTabs, fallback: sharedFallback };
  },
  /** Listens to `channel` the way an app does: one subscriber. */
  listen(channel) {
    core.channel(channel).subscribe((envelope) => {
      const payload = envelope.payload;
      if (payload.probe) {
        probes++;
        return;
      }
      received.push(payload.n);
      if (waiter !== null && received.length >= waiter.count) {
        waiter.resolve();
        waiter = null;
      }
    });
  },
  probes: () => probes,
  /** The tab's BroadcastChannel posts and messages heard since the last call, by kind; starts a new count. */
  takeChannelTraffic() {
    const taken = channelTraffic;
    channelTraffic = { posted: {}, heard: {} };
    return taken;
  },
  /** Forgets what came so far: the counted workload starts. */
  reset() {
    received = [];
  },
  /** What came since `reset()`: how many, whether exactly 0..count-1 in order. */
  received() {
    return { count: received.length, inOrder: received.every((n, index) => n === index) };
  },
  /** Resolves once `count` messages came since `reset()` (or after `timeoutMs`: the caller then reports who is short). */
  untilReceived(count, timeoutMs) {
    if (received.length >= count) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      waiter = { count, resolve: () => (clearTimeout(timer), resolve(true)) };
    });
  },
  /** One request's round trip on this tab's clock, in ms: `test.report` answers at once. */
  async timeRequest(key) {
    const started = performance.now();
    await firstValueFrom(core.request('test.report', { key }));
    return performance.now() - started;
  },
};
