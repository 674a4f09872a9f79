import { WebSocket as MockWebSocket } from 'mock-socket';
import type { WebSocketFactory } from 'ngx-live-socket';

/** Hands mock-socket's WebSocket to our factory seam instead of swapping the global. Records each URL. */
export function mockSocketFactory(): WebSocketFactory & { urls: string[] } {
  const urls: string[] = [];
  const factory = (url: string, protocols?: string | string[]) => {
    urls.push(url);
    return new MockWebSocket(url, protocols);
  };
  return Object.assign(factory, { urls });
}

/** A socket whose handshake never finishes, like a server that accepted TCP and then went quiet. */
export class HangingSocket extends EventTarget {
  readyState = 0;
  binaryType: BinaryType = 'blob';
  protocol = '';
  bufferedAmount = 0;
  closedWith: [number | undefined, string | undefined] | null = null;

  send(): void {
    throw new Error('not open');
  }

  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
  }
}
