import { WebSocket } from 'ws';
import { Dispatcher } from '../../demo/server/dispatcher.mjs';

/**
 * Counts, by message type, the frames an in-process reference server sends (every frame goes out through
 * `ws`'s `WebSocket#send` on a server-side socket: connection.mjs) and the frames it receives (every frame
 * goes into `Dispatcher#receive`). It wraps those two methods and calls the originals unchanged, so the
 * server does exactly what it does without it. `restore()` takes the wraps off.
 *
 * Frames to sockets passed to `ignore()` (the benchmark's own publisher) are left out of the counts.
 */
export function countServerTraffic() {
  const originalSend = WebSocket.prototype.send;
  const originalReceive = Dispatcher.prototype.receive;
  const ignored = new WeakSet();
  /** Every server-side socket that sent something since the last `ignoreSocketsSeen()`. */
  let seen = new Set();
  let sent = new Map();
  let received = new Map();
  const add = (counts, type) => counts.set(type, (counts.get(type) ?? 0) + 1);
  const typeOf = (data) => {
    try {
      return JSON.parse(String(data)).type ?? '(no type)';
    } catch {
      return '(not JSON)';
    }
  };

  WebSocket.prototype.send = function countedSend(data, ...rest) {
    if (this._isServer && !ignored.has(this)) {
      seen.add(this);
      add(sent, typeOf(data));
    }
    return originalSend.call(this, data, ...rest);
  };
  Dispatcher.prototype.receive = function countedReceive(connection, data, ...rest) {
    if (!ignored.has(connection.socket)) {
      add(received, typeOf(data));
    }
    return originalReceive.call(this, connection, data, ...rest);
  };

  const total = (counts) => [...counts.values()].reduce((sum, count) => sum + count, 0);
  return {
    /** Starts a new count. */
    reset() {
      sent = new Map();
      received = new Map();
      seen = new Set();
    },
    /** Leaves every server-side socket that sent something so far out of the counts from now on. */
    ignoreSocketsSeen() {
      seen.forEach((socket) => ignored.add(socket));
      seen = new Set();
    },
    /** The counts since the last `reset()`: totals and by type. */
    read() {
      return { sent: total(sent), received: total(received), sentByType: Object.fromEntries(sent), receivedByType: Object.fromEntries(received) };
    },
    restore() {
      WebSocket.prototype.send = originalSend;
      Dispatcher.prototype.receive = originalReceive;
    },
  };
}
