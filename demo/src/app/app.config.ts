import { type ApplicationConfig, provideZonelessChangeDetection } from '@angular/core';
import { provideWebSocket, withHeartbeat, withReconnect } from 'ngx-live-socket';

/** The demo talks to the reference server that serves it, on the same origin (`/ws`). */
export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideWebSocket({ url: '/ws' }, withReconnect({ maxDelayMs: 5_000 }), withHeartbeat({ intervalMs: 5_000, timeoutMs: 3_000 })),
  ],
};
