import { WebSocket as NodeWebSocket } from 'ws';
import type { WebSocketFactory } from 'ngx-live-socket';

/** Node 20 has no global WebSocket: the `ws` package plugs into the factory seam. */
export const nodeWebSocketFactory: WebSocketFactory = (url, protocols) => new NodeWebSocket(url, protocols);

/** Resolves once `condition()` holds, polling every 10 ms; rejects with `describe()` after `timeoutMs`. */
export function waitFor(condition: () => boolean, describe: () => string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) {
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
      } else {
        setTimeout(check, 10);
      }
    };
    check();
  });
}
