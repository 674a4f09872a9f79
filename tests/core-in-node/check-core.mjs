// Copied into a fresh project that has only the packed ngx-live-socket, rxjs and ws installed, and run there
// with plain `node check-core.mjs <entry>` by tests/core-in-node/run.mjs: what a user without Angular writes.
// Starts a tiny server in the reference protocol ({type, payload, id?, re?}) on 127.0.0.1 and checks the
// client end to end: open, on(type), request(), a reconnect after the server drops the link, and a send made
// while the link is down, queued and delivered after the reconnect.
// Prints one `ok: ...` line per check; on the first failure it throws, naming the check, and exits non-zero.
import { filter, firstValueFrom, map } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';

const entry = process.argv[2];
if (entry === undefined) {
  throw new Error('usage: node check-core.mjs <entry to import, e.g. ngx-live-socket/core>');
}
// The run's control imports the main entry here, which needs Angular: it must fail right at this line.
const { MessagingClient } = await import(entry);
console.log(`ok: imported MessagingClient from ${entry}`);

const WAIT_MS = 5_000;

/** The reference protocol's server half, as little as the checks need. */
function startServer() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const seen = { connections: 0, notes: [] };
  server.on('connection', (socket) => {
    seen.connections += 1;
    socket.send(JSON.stringify({ type: 'hello', payload: { connection: seen.connections } }));
    socket.on('message', (frame) => {
      const envelope = JSON.parse(String(frame));
      if (envelope.type === 'sum') {
        const { a, b } = envelope.payload;
        socket.send(JSON.stringify({ type: 'sum', re: envelope.id, payload: { total: a + b } }));
      } else if (envelope.type === 'note') {
        seen.notes.push({ connection: seen.connections, payload: envelope.payload });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => resolve({ server, seen, url: `ws://127.0.0.1:${server.address().port}/live` }));
  });
}

const { server, seen, url } = await startServer();

const client = new MessagingClient({
  url,
  // ws's WebSocket as it is: the factory's return type is what the library uses of a socket, so no cast.
  webSocketFactory: (address, protocols) => new WebSocket(address, protocols),
  // Plain objects, as the README shows: no resolve*Policy() needed.
  reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
  queue: {},
});
const errors = [];
const hellos = [];
client.errors$.subscribe((error) => errors.push(`${error.kind}: ${error.message}`));
client.on('hello').subscribe((payload) => hellos.push(payload));

/** The failure of a wait: what was awaited, and what the client and the server had seen by then. */
function timedOut(what) {
  return new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; state ${client.state}, server connections ${seen.connections}, errors: ${errors.join(' | ') || 'none'}`);
}

/** Resolves once `condition()` holds (checked every 5 ms), or fails naming `what`. */
async function until(what, condition) {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw timedOut(what);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Resolves as `promise` does, or fails naming `what` when it takes longer than WAIT_MS. */
async function within(what, promise) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(timedOut(what)), WAIT_MS)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function check(what, condition, saw) {
  if (!condition) {
    throw new Error(`${what}: saw ${JSON.stringify(saw)}`);
  }
  console.log(`ok: ${what}`);
}

try {
  client.connect();
  await until('state open', () => client.state === 'open');
  console.log('ok: connect() -> state open');

  await until("the server's hello", () => hellos.length === 1);
  check("on('hello') received the server's message", hellos[0]?.connection === 1, hellos);

  const reply = await within('the reply', firstValueFrom(client.request('sum', { a: 2, b: 3 })));
  check('request() got its reply', reply?.total === 5, reply);

  // Sent the moment the client sees the drop, while the link is down (the retry may come within a
  // millisecond, so polling could miss the window): the queue holds it until the next link opens.
  const sentWhileDown = firstValueFrom(
    client.state$.pipe(
      filter((state) => state === 'reconnecting'),
      map(() => client.send('note', { text: 'written offline' })),
    ),
  );
  for (const socket of server.clients) {
    socket.terminate();
  }
  const note = await within('the client to see the drop (state reconnecting)', sentWhileDown);
  check('a send while reconnecting is queued', note.status.state === 'queued', note.status);

  await until('the reconnect', () => client.state === 'open' && seen.connections === 2);
  await until("the second link's hello", () => hellos.length === 2);
  check("the client reconnected and on('hello') still listens", hellos[1]?.connection === 2 && client.stats.reconnects === 1, { hellos, reconnects: client.stats.reconnects });

  await until('the queued note at the server', () => seen.notes.length === 1);
  check('the queued send was delivered after the reconnect', seen.notes[0].connection === 2 && seen.notes[0].payload.text === 'written offline' && note.status.state === 'sent', { notes: seen.notes, status: note.status });
  check('no error was reported', errors.length === 0, errors);
} finally {
  client.dispose();
  for (const socket of server.clients) {
    socket.terminate();
  }
  await new Promise((resolve) => server.close(resolve));
}
