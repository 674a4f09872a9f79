// The limit: the browser's WebSocket and JSON.parse, one handler, no routing.
import { exposeContender } from './harness.mjs';

let socket;
exposeContender({
  open: (url, _typeNames, delivered) =>
    new Promise((resolve) => {
      socket = new WebSocket(url);
      socket.onopen = () => resolve();
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type !== undefined) {
          delivered();
        }
      };
    }),
  send: (envelope) => socket.send(JSON.stringify(envelope)),
  close: () => socket.close(),
});
