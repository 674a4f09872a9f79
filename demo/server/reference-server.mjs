import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { createStaticHandler } from './static-files.mjs';

/** The WebSocket endpoint's path, on the same port as the app. */
export const SOCKET_PATH = '/ws';

/**
 * The reference server: serves the built demo app over HTTP and speaks the library's default protocol
 * (docs/protocol.md) on `/ws`, all on one port.
 *
 * @param {{ host?: string, port?: number, staticDir?: string }} options
 * @returns {Promise<{ port: number, url: string, socketUrl: string, close(): Promise<void> }>}
 */
export async function startReferenceServer({ host = '127.0.0.1', port = 0, staticDir } = {}) {
  const serveStatic = staticDir ? createStaticHandler(staticDir) : (_request, response) => response.writeHead(404).end();
  const http = createServer((request, response) => {
    serveStatic(request, response).catch(() => response.writeHead(500).end());
  });
  const sockets = new WebSocketServer({ server: http, path: SOCKET_PATH, maxPayload: 1024 * 1024 });
  sockets.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      const envelope = isBinary ? null : parseEnvelope(data.toString());
      if (envelope === null) {
        socket.send(JSON.stringify({ type: 'error', payload: { message: 'expected a JSON envelope {"type": ...}' } }));
        return;
      }
      if (envelope.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong', payload: envelope.payload }));
      } else if (envelope.type === 'echo') {
        socket.send(JSON.stringify({ type: 'echo', payload: envelope.payload }));
      }
    });
  });

  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  const actualPort = http.address().port;
  const origin = `${host}:${actualPort}`;

  return {
    port: actualPort,
    url: `http://${origin}/`,
    socketUrl: `ws://${origin}${SOCKET_PATH}`,
    /** Closes every socket with 1001 "going away" (clients reconnect), then stops listening. */
    close: () =>
      new Promise((resolve) => {
        for (const client of sockets.clients) {
          client.close(1001, 'server shutting down');
        }
        sockets.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function parseEnvelope(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && typeof value.type === 'string' ? value : null;
  } catch {
    return null;
  }
}
