// The limit: the browser's WebSocket (a message listener, as the library's transport uses) and JSON.parse,
// and the least routing any app with several message types does: one Map lookup by `type`, then that
// type's handler with the payload. (Without it, the limit would skip the work every contender is measured
// doing: delivering each message to its own type's subscriber.)
import { exposeContender } from './harness.mjs';

let socket;
exposeContender({
  open: (url, typeNames, delivered) =>
    new Promise((resolve) => {
      const handlers = new Map(typeNames.map((type) => [type, (_payload) => delivered()]));
      socket = new WebSocket(url);
      socket.onopen = () => resolve();
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(event.data);
        const handler = handlers.get(message.type);
        if (handler !== undefined) {
          handler(message.payload);
        }
      });
    }),
  send: (envelope) => socket.send(JSON.stringify(envelope)),
  close: () => socket.close(),
});
