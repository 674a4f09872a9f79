// ngx-live-socket as an app uses it: reconnect and heartbeat on, one `on(type)` subscriber per type.
import { MessagingClient, resolveHeartbeatPolicy, resolveReconnectPolicy } from 'ngx-live-socket';
import { exposeContender } from './harness.mjs';

let client;
exposeContender({
  open: (url, typeNames, delivered) =>
    new Promise((resolve) => {
      client = new MessagingClient({ url, reconnect: resolveReconnectPolicy(), heartbeat: resolveHeartbeatPolicy() });
      for (const type of typeNames) {
        client.on(type).subscribe(() => delivered());
      }
      client.state$.subscribe((state) => state === 'open' && resolve());
      client.connect();
    }),
  send: ({ type, payload }) => client.send(type, payload),
  close: () => client.dispose(),
});
