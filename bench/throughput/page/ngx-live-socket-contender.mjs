import { MessagingClient, resolveHeartbeatPolicy, resolveReconnectPolicy } from 'ngx-live-socket';

/**
 * ngx-live-socket as an app uses it, as a throughput contender (see harness.mjs): reconnect and heartbeat
 * on, one `on(type)` subscriber per type. `options` are added to the client's (e.g. `httpFallback`).
 * `client()` is the client once `open` was called.
 */
export function ngxLiveSocketContender(options = {}) {
  let client;
  return {
    open: (url, typeNames, delivered) =>
      new Promise((resolve) => {
        client = new MessagingClient({ url, reconnect: resolveReconnectPolicy(), heartbeat: resolveHeartbeatPolicy(), ...options });
        for (const type of typeNames) {
          client.on(type).subscribe(() => delivered());
        }
        client.state$.subscribe((state) => state === 'open' && resolve());
        client.connect();
      }),
    send: ({ type, payload }) => client.send(type, payload),
    close: () => client.dispose(),
    client: () => client,
  };
}
