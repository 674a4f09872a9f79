import { type ApplicationConfig, inject, provideAppInitializer, provideZonelessChangeDetection } from '@angular/core';
import { provideRouter } from '@angular/router';
import { provideWebSocket, withHeartbeat, withReconnect } from 'ngx-live-socket';
import { routes } from './app.routes';
import { ChatStore } from './chat/chat-store';
import { CounterStore } from './counter/counter-store';

/**
 * The demo talks to the reference server that serves it, on the same origin (`/ws`). The heartbeat is
 * brisk (a ping after 2 s of silence) so the round-trip chart moves and a dead link shows within 5 s.
 */
export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideRouter(routes),
    provideWebSocket({ url: '/ws' }, withReconnect({ maxDelayMs: 5_000 }), withHeartbeat({ intervalMs: 2_000, timeoutMs: 3_000 })),
    // The stores listen from the start, so what the server sends on connect is kept whichever page shows.
    provideAppInitializer(() => {
      inject(CounterStore);
      inject(ChatStore);
    }),
  ],
};
