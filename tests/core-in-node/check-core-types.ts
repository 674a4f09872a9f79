// Copied into the fresh project of tests/core-in-node/run.mjs and type-checked there by TypeScript with
// lib ES2022 and Node's types only, no DOM lib, skipLibCheck off: what a Node or worker user compiles. It only
// has to compile; check-core.mjs runs the same calls.
import { type FetchLike, HttpSocket, MessagingClient, SocketClient, type SocketProtocol, WebSocketError } from 'ngx-live-socket/core';
import { WebSocket } from 'ws';

interface SumProtocol extends SocketProtocol {
  incoming: { hello: { connection: number } };
  outgoing: { note: { text: string } };
  requests: { sum: { request: { a: number; b: number }; reply: { total: number } } };
}

const client = new MessagingClient<SumProtocol>({
  url: 'ws://127.0.0.1:8080/live',
  // ws's WebSocket as it is, no cast; plain-object policies, no resolve*Policy().
  webSocketFactory: (address, protocols) => new WebSocket(address, protocols),
  reconnect: { baseDelayMs: 250 },
  heartbeat: { intervalMs: 5_000 },
  queue: { maxMessages: 100 },
  binaryType: 'arraybuffer',
});
client.on('hello').subscribe(({ connection }: { connection: number }) => console.log(connection));
client.request('sum', { a: 1, b: 2 }).subscribe(({ total }: { total: number }) => console.log(total));
client.send('note', { text: 'hi' }).status$.subscribe((status) => console.log(status.state));
client.errors$.subscribe((error: WebSocketError) => console.log(error.kind));

const raw = new SocketClient({ url: 'ws://127.0.0.1:8080/raw', webSocketFactory: (address, protocols) => new WebSocket(address, protocols) });
raw.frames$.subscribe((frame) => console.log(frame));

// The HTTP transport's socket with Node's own fetch, no cast: its types name no DOM type.
const nodeFetch: FetchLike = fetch;
const overHttp = new SocketClient({ url: 'ws://127.0.0.1:8080/live', webSocketFactory: (address) => new HttpSocket(address, { fetch: nodeFetch }) });
overHttp.frames$.subscribe((frame) => console.log(frame));
