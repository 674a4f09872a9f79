import { NgZone, provideZoneChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { type Client, Server } from 'mock-socket';
import { mockSocketFactory } from '../../../../../tests/support/mock-socket-factory';
import { provideWebSocket } from './provide-web-socket';
import { WebSocketService } from './web-socket.service';
import { withHeartbeat } from './with-heartbeat';
import { withReconnect } from './with-reconnect';
import { withWebSocketFactory } from './with-web-socket-factory';

const URL_ = 'ws://localhost:8082/live';

describe('WebSocketService in a zone.js app', () => {
  let server: Server;
  let serverSockets: Client[];

  // Real timers on purpose: Jest's fake timers replace the zone.js-patched ones, so with them every callback
  // would run in the root zone and this test could not fail.
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeEach(() => {
    serverSockets = [];
    server = new Server(URL_);
    server.on('connection', (socket) => serverSockets.push(socket));
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    server.stop();
  });

  it('runs socket events and its timers outside NgZone, even when created and subscribed inside it', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZoneChangeDetection(),
        provideWebSocket({ url: URL_ }, withWebSocketFactory(mockSocketFactory()), withReconnect(), withHeartbeat({ intervalMs: 100 })),
      ],
    });
    const zone = TestBed.inject(NgZone);
    const inZone: Record<string, boolean[]> = { message: [], state: [], ping: [] };
    const socket = zone.run(() => TestBed.inject(WebSocketService));
    zone.run(() => {
      socket.messages$.subscribe(() => inZone['message'].push(NgZone.isInAngularZone()));
      socket.state$.subscribe(() => inZone['state'].push(NgZone.isInAngularZone()));
    });
    let stable = 0;
    zone.onMicrotaskEmpty.subscribe(() => stable++);
    await wait(20);
    serverSockets[0].on('message', () => inZone['ping'].push(NgZone.isInAngularZone()));
    stable = 0;
    for (let i = 0; i < 50; i++) serverSockets[0].send(`frame ${i}`);
    await wait(150); // frames arrive, then the heartbeat timer fires and pings

    expect(inZone['message']).toHaveLength(50);
    expect(inZone['message'].every((inside) => !inside)).toBe(true);
    expect(inZone['state'].slice(1).every((inside) => !inside)).toBe(true); // the first replays inside subscribe()
    expect(inZone['ping']).toHaveLength(1);
    expect(stable).toBe(0); // zone.js saw no task of ours: no change detection per frame
  });
});
