import { floodEnvelope } from '../../support/flood-envelope.mjs';

/**
 * The page side of the throughput benchmark, shared by every contender: counts the messages the contender
 * delivers to its subscribers and times floods of them. A contender is
 * `{ open(url, typeNames, delivered): Promise<void>, send(envelope), close() }`: it connects, subscribes one
 * subscriber per type the way its users do, and calls `delivered()` from each subscriber.
 *
 * The Node side reads the page's script time around `flood()` (Chrome's performance metrics), so a flood
 * is its own `page.evaluate` call.
 */

/** A flood that has not arrived by then never will: fail instead of hanging the run. */
const FLOOD_TIMEOUT_MS = 60_000;

/** Every socket the page opens, so the warm-up can reach the contender's own socket. */
const sockets = [];
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    sockets.push(this);
  }
};

export function exposeContender(contender) {
  let delivered = 0;
  let expected = 0;
  let firstAt = 0;
  let done = () => {};
  let types = 0;

  window.bench = {
    /** Connects with one subscriber per type `t0`..`t(types-1)`. */
    async open(url, typeCount) {
      types = typeCount;
      const typeNames = Array.from({ length: types }, (_, index) => `t${index}`);
      await contender.open(url, typeNames, () => {
        delivered++;
        if (delivered === 1) {
          firstAt = performance.now();
        }
        if (delivered === expected) {
          done(performance.now());
        }
      });
    },
    /**
     * Lets the JIT optimise the contender's whole receive path before anything is measured: `count` message
     * events with the flood's envelopes, dispatched on the contender's own socket (the network would need
     * seconds to deliver as many on this machine). Returns how many reached the subscribers.
     */
    warmUp(count) {
      const socket = sockets.at(-1);
      const frames = Array.from({ length: types }, (_, index) => floodEnvelope(index));
      delivered = 0;
      expected = -1;
      for (let i = 0; i < count; i++) {
        socket.dispatchEvent(new MessageEvent('message', { data: frames[i % types] }));
      }
      return delivered;
    },
    /** Asks the server for `count` envelopes; resolves with the ms from the first to the last delivered. */
    flood(count) {
      return new Promise((resolve, reject) => {
        const stuck = setTimeout(() => reject(new Error(`only ${delivered} of ${count} messages arrived within ${FLOOD_TIMEOUT_MS} ms`)), FLOOD_TIMEOUT_MS);
        delivered = 0;
        expected = count;
        done = (lastAt) => {
          clearTimeout(stuck);
          resolve(lastAt - firstAt);
        };
        contender.send({ type: 'bench.flood', payload: { count, types } });
      });
    },
    close() {
      contender.close();
    },
  };
}
