import { NgZone, provideZoneChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { TabChannelLike } from 'ngx-live-socket/core';
import { FakeWebSocket } from '../../../testing/src/fake-web-socket';
import { provideWebSocket } from './provide-web-socket';
import { WebSocketService } from './web-socket.service';
import { withHeartbeat } from './with-heartbeat';
import { withReconnect } from './with-reconnect';
import { withSharedConnection } from './with-shared-connection';
import { withWebSocketFactory } from './with-web-socket-factory';

const URL_ = 'ws://localhost:8082/live';

describe('WebSocketService in a zone.js app', () => {
  afterEach(() => TestBed.resetTestingModule());

  // Real timers on purpose: the point is the zone the service's heartbeat timer runs in, and a fake clock (the
  // testing provider's, or Jest's, which replaces the zone.js-patched timers) would run every callback in the
  // zone of the test's tick and this test could not fail. Only the socket is the library's fake.
  /** Resolves once `condition` holds, polling on real timers; fails after `timeoutMs`. */
  async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) {
        throw new Error(`condition not met within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('with withSharedConnection(), listens to the other tabs outside NgZone, though created inside it', () => {
    const listenedInZone: boolean[] = [];
    const channel = {
      postMessage: () => undefined,
      close: () => undefined,
      // zone.js runs a listener in the zone it was set in: record that zone.
      set onmessage(_listener: TabChannelLike['onmessage']) {
        listenedInZone.push(NgZone.isInAngularZone());
      },
      get onmessage(): TabChannelLike['onmessage'] {
        return null;
      },
    };
    const locks = { request: () => new Promise<unknown>(() => undefined) };
    TestBed.configureTestingModule({
      providers: [provideZoneChangeDetection(), provideWebSocket({ url: URL_ }, withWebSocketFactory((url) => new FakeWebSocket(url, { sent: () => undefined, discarded: () => undefined, closedByApp: () => undefined })), withSharedConnection({ locks, channel: () => channel }))],
    });
    const zone = TestBed.inject(NgZone);
    zone.run(() => TestBed.inject(WebSocketService));
    expect(listenedInZone).toEqual([false]);
  });

  it('runs socket events and its timers outside NgZone, even when created and subscribed inside it', async () => {
    const inZone: Record<string, boolean[]> = { message: [], state: [], ping: [] };
    const sockets: FakeWebSocket[] = [];
    // The fake's `sent` hook runs inside the app's send(): it sees the zone the heartbeat timer fired in.
    const factory = (url: string) => {
      const socket = new FakeWebSocket(url, {
        sent: () => inZone['ping'].push(NgZone.isInAngularZone()),
        discarded: () => undefined,
        closedByApp: () => undefined,
      });
      sockets.push(socket);
      return socket;
    };
    TestBed.configureTestingModule({
      providers: [
        provideZoneChangeDetection(),
        provideWebSocket({ url: URL_ }, withWebSocketFactory(factory), withReconnect(), withHeartbeat({ intervalMs: 100 })),
      ],
    });
    const zone = TestBed.inject(NgZone);
    const socket = zone.run(() => TestBed.inject(WebSocketService));
    zone.run(() => {
      socket.messages$.subscribe(() => inZone['message'].push(NgZone.isInAngularZone()));
      socket.state$.subscribe(() => inZone['state'].push(NgZone.isInAngularZone()));
    });
    let stable = 0;
    zone.onMicrotaskEmpty.subscribe(() => stable++);
    // zone.js runs a listener in the zone it was added in, whoever dispatches: these events reach the
    // service's listeners in NgZone only if it added them there.
    sockets[0].accept('');
    for (let i = 0; i < 50; i++) sockets[0].receive(`frame ${i}`);
    await until(() => inZone['ping'].length > 0); // the heartbeat timer fires 100 ms after the last frame, and pings

    expect(inZone['message']).toHaveLength(50);
    expect(inZone['message'].every((inside) => !inside)).toBe(true);
    expect(inZone['state']).toEqual([true, false]); // 'connecting' replays inside subscribe(); 'open' comes from the socket
    expect(inZone['ping']).toEqual([false]);
    expect(stable).toBe(0); // zone.js saw no task of ours: no change detection per frame
  });
});
