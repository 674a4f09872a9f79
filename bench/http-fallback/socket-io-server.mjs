import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { listenOnLoopback, serveFile } from '../support/bench-server.mjs';

/**
 * A socket.io 4.8 server on 127.0.0.1 and a free port, with its defaults (long-polling and WebSocket, as a
 * socket.io app is deployed): it serves the bench pages from memory on the same port and greets every
 * client with a `hello` event on connection, the first message its page times. `close()` stops it.
 *
 * @param {Record<string, { type: string, body: string }>} files  path -> content served over HTTP
 */
export async function startSocketIoServer(files) {
  // socket.io answers its own path (/socket.io/) before this handler is called.
  const http = createServer((request, response) => serveFile(files, new URL(request.url, 'http://localhost').pathname, response));
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => socket.emit('hello', {}));
  const port = await listenOnLoopback(http);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        io.close(); // disconnects every client and closes the HTTP server
        http.closeAllConnections();
        resolve(undefined);
      }),
  };
}
