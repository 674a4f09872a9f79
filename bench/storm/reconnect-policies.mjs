/**
 * The default reconnect policy of each contender, as "how long to wait before the next attempt, given how
 * many attempts failed since the link dropped" (`null`: give up).
 *
 * ngx-live-socket's is its real code: `nextReconnectDelay` with `resolveReconnectPolicy()`'s defaults, as
 * `SocketClient.scheduleRetry` uses them. The peers' are faithful re-implementations of their documented
 * defaults, with the source each number comes from; a peer that draws a random number draws it from the
 * same seeded source.
 *
 * Each entry: `create(random)` -> one client's policy (some draw per-client constants once).
 */
export function reconnectPolicies(library) {
  const defaults = library.resolveReconnectPolicy();
  return [
    {
      name: 'ngx-live-socket',
      source:
        `projects/ngx-live-socket/core/src/connection/backoff.ts (this checkout), its defaults: full jitter, uniform in [0, min(${defaults.maxDelayMs} ms, ` +
        `${defaults.baseDelayMs} ms x ${defaults.factor}^n)), maxAttempts ${defaults.maxAttempts}`,
      create(random) {
        return (failed) => (failed >= defaults.maxAttempts ? null : library.nextReconnectDelay(failed, defaults, random));
      },
    },
    {
      name: 'reconnecting-websocket',
      source:
        'reconnecting-websocket 4.4.0 dist: minReconnectionDelay 1000 + Math.random() x 4000 (drawn once per page), x1.3 per retry, max 10 s, maxRetries Infinity; no per-attempt jitter',
      create(random) {
        const minDelay = 1000 + random() * 4000;
        return (failed) => Math.min(10_000, minDelay * 1.3 ** failed);
      },
    },
    {
      name: 'partysocket',
      source: 'partysocket 1.3.0 dist/ws.js: minReconnectionDelay 3000, x1.3 per retry, max 10 s, maxRetries Infinity; no jitter',
      create() {
        return (failed) => Math.min(10_000, 3000 * 1.3 ** failed);
      },
    },
    {
      name: 'socket.io-client',
      source:
        'socket.io-client 4.8.4 manager + contrib/backo2: reconnectionDelay 1000, x2, reconnectionDelayMax 5000, randomizationFactor 0.5 (1000 x 2^n, +/- up to 50%), reconnectionAttempts Infinity',
      create(random) {
        return (failed) => {
          let ms = 1000 * 2 ** failed;
          const rand = random();
          const deviation = Math.floor(rand * 0.5 * ms);
          ms = (Math.floor(rand * 10) & 1) === 0 ? ms - deviation : ms + deviation;
          return Math.min(ms, 5000) | 0;
        };
      },
    },
    {
      name: 'centrifuge-js',
      source:
        'centrifuge-js src/utils.ts backoff() + src/centrifuge.ts defaults: minReconnectDelay 500, maxReconnectDelay 20000, delay = min(max, min + randomInt(0, min(max, min x 2^n))), never gives up',
      create(random) {
        return (failed) => {
          const step = Math.min(failed, 31);
          const interval = Math.floor(random() * (Math.min(20_000, 500 * 2 ** step) + 1));
          return Math.min(20_000, 500 + interval);
        };
      },
    },
    {
      name: 'SignalR',
      source: '@microsoft/signalr DefaultReconnectPolicy.ts: delays [0, 2000, 10000, 30000] ms, then null (gives up); no jitter',
      create() {
        const delays = [0, 2000, 10_000, 30_000];
        return (failed) => delays[failed] ?? null;
      },
    },
    {
      name: 'Phoenix',
      source: 'phoenix assets/js/phoenix/socket.js reconnectAfterMs: [10, 50, 100, 150, 200, 250, 500, 1000, 2000][tries - 1] || 5000; no jitter, never gives up',
      create() {
        const delays = [10, 50, 100, 150, 200, 250, 500, 1000, 2000];
        return (failed) => delays[failed] ?? 5000;
      },
    },
  ];
}
