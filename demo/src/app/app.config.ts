import { type ApplicationConfig, inject, provideAppInitializer, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter } from '@angular/router';
import {
  provideWebSocket,
  withDelivery,
  withHeartbeat,
  withHttpFallback,
  withOfflineQueue,
  withQueuePersistence,
  withReconnect,
  withRequests,
  withSharedConnection,
} from 'ngx-live-socket';
import { routes } from './app.routes';
import { ChatStore } from './chat/chat-store';
import { CounterStore } from './counter/counter-store';
import { DEMO_SOCKET } from './live/demo-socket';

/**
 * The demo talks to the reference server that serves it, on the same origin (`/ws`). The heartbeat is
 * brisk (a ping after 2 s of silence) so the round-trip chart moves and a dead link shows within 5 s.
 * What the visitor sends while the link is down waits in the queue (kept across a reload too), and the
 * server's acks make sure it arrives once, however often the link drops on the way. Where WebSocket is
 * blocked, the link goes over HTTP (the panel says which transport is in use) and moves back when it can.
 * All the tabs of the demo in one browser share one connection (the panel shows this tab's role and how many
 * tabs share it).
 *
 * The page's address may tune it (for a visitor, or an e2e test):
 * - `?upgradeProbeMs=<ms>`: how often to try WebSocket again while on HTTP (the library's default otherwise),
 *   to watch the move back without waiting half a minute;
 * - `?shared=0`: this tab keeps its own connection, for tests about one page's own connection and session.
 *
 * @param search the page address's query, e.g. `?shared=0`
 */
export function demoAppConfig(search: string): ApplicationConfig {
  const parameters = new URLSearchParams(search);
  const upgradeProbeMs = parameters.get('upgradeProbeMs');
  return {
    providers: [
      provideZonelessChangeDetection(),
      provideRouter(routes),
      provideWebSocket(
        DEMO_SOCKET,
        { url: '/ws' },
        withReconnect({ maxDelayMs: 5_000 }),
        withHeartbeat({ intervalMs: 2_000, timeoutMs: 3_000 }),
        // At most 50 held: the reference server allows bursts of 60 messages, and a flushed queue is one burst.
        withOfflineQueue({ maxMessages: 50 }),
        withQueuePersistence(),
        withDelivery(),
        withRequests(),
        withHttpFallback({ upgradeProbeMs: upgradeProbeMs === null ? undefined : Number(upgradeProbeMs) }),
        // A tab that joins the group later gets the state the server sent when the link opened.
        ...(parameters.get('shared') === '0' ? [] : [withSharedConnection({ stateTypes: ['counter.state', 'presence.count', 'chat.presence'] })]),
      ),
      // The stores listen from the start, so what the server sends on connect is kept whichever page shows.
      provideAppInitializer(() => {
        inject(CounterStore);
        inject(ChatStore);
      }),
    ],
  };
}

/** The demo as this page's address asks for it (see {@link demoAppConfig}). */
export const appConfig: ApplicationConfig = demoAppConfig(globalThis.location?.search ?? '');
