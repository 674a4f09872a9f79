import type { SendHandle, WebSocketError } from 'ngx-live-socket';
import { ɵChannels, ɵcreateHeartbeat, ɵcreateOutbox, ɵcreateReliability, ɵcreateSharedConnection, ɵDeliverySession, ɵRequests, type MessagingParts } from 'ngx-live-socket/core';
import { fakeBrowser } from '../support/fake-tabs';
import { useReferenceServer } from '../support/in-process-reference-server';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { SERVER_START_TIMEOUT_MS } from '../support/server-start-timeout';

const PARTS: MessagingParts = { heartbeat: ɵcreateHeartbeat, outbox: ɵcreateOutbox, delivery: ɵDeliverySession, reliability: ɵcreateReliability, requests: ɵRequests, channels: ɵChannels };

/**
 * A message the server refuses, sent by a tab that shares the connection (`withSharedConnection()` with
 * delivery): its handle fails as `refused`, and its tab's `errors$` says so with the server's refusal in the
 * details, whether the tab leads or follows, as a page with its own link does (the demo's chat reads the
 * refusal's `re` and words from there).
 */
describe('Tabs sharing one connection: a refused message', () => {
  const fixture = useReferenceServer();

  it(
    "fails the sender's handle as refused and reaches its errors$ with the refusal, in the leader and in a follower",
    async () => {
      const browser = fakeBrowser();
      const [leader, follower] = ['a', 'b'].map((name) => {
        const fake = browser.tab(name);
        const core = ɵcreateSharedConnection(
          { url: fixture.server.socketUrl, webSocketFactory: nodeWebSocketFactory, delivery: {}, connectTimeoutMs: 2_000 },
          PARTS,
          { locks: fake.locks, channel: (channelName) => fake.channel(channelName) },
          'default',
        );
        const errors: WebSocketError[] = [];
        core.errors$.subscribe((error) => errors.push(error));
        core.connect();
        return { core, errors };
      });
      await waitFor(
        () => leader.core.stats.tabRole === 'leader' && follower.core.stats.sharedTabs === 2 && follower.core.state === 'open',
        () => `a: ${leader.core.stats.tabRole}, b: ${follower.core.stats.tabRole} of ${follower.core.stats.sharedTabs}, ${follower.core.state}`,
      );

      for (const tab of [leader, follower]) {
        // Not in the chat room: the server refuses a chat message from this connection, naming its id.
        const handle: SendHandle = (tab.core.send as (type: string, payload: unknown) => SendHandle)('chat.send', { text: 'hello' });
        await waitFor(() => handle.settled, () => `the handle is ${handle.status.state}`);
        expect(handle.status).toEqual({ state: 'failed', reason: 'refused' });
        // Every tab hears the group's errors (another tab's refusal too): the sender's names its message.
        const refusalOf = (error: WebSocketError) => error.details.data as { type: string; re: number; payload: { message: string } } | undefined;
        await waitFor(() => tab.errors.some((error) => refusalOf(error)?.re === handle.id), () => `errors: ${tab.errors.map((error) => `${error.kind} ${JSON.stringify(error.details.data)}`).join('; ')}`);
        const error = tab.errors.find((candidate) => refusalOf(candidate)?.re === handle.id)!;
        expect(error.kind).toBe('server-error');
        expect(refusalOf(error)).toMatchObject({ type: 'error', re: handle.id });
        expect(refusalOf(error)?.payload.message).toMatch(/^join the chat first/);
      }
      leader.core.dispose();
      follower.core.dispose();
    },
    SERVER_START_TIMEOUT_MS + 20_000,
  );
});
