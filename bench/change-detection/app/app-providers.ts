import type { EnvironmentProviders } from '@angular/core';
import { provideWebSocket, withHeartbeat, withReconnect } from 'ngx-live-socket';

/** The connection as the demo configures it; the bench page says where the bench server is. */
export function benchSocketProviders(): EnvironmentProviders {
  const url = (globalThis as { benchSocketUrl?: string }).benchSocketUrl;
  if (url === undefined) {
    throw new Error('set window.benchSocketUrl before the bench app starts');
  }
  return provideWebSocket({ url }, withReconnect(), withHeartbeat());
}
