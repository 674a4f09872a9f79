import type { AddressInfo } from 'node:net';
import {
  MessagingClient,
  type PlainTextProtocol,
  type WebSocketCodec,
  type WebSocketError,
  resolveHeartbeatPolicy,
  textCodec,
} from 'ngx-live-socket';
import { type WebSocket as ServerSocket, WebSocketServer, type ServerOptions } from 'ws';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';

/**
 * Servers no one here wrote, each as small as the tutorial it comes from, on 127.0.0.1: a counter that
 * speaks `{action}` out and `{type, ...}` in (Python `websockets`' example), a plain-text chat (`ws`), an
 * echo server that insists on a subprotocol (WebSocket-Node), one that refuses the handshake with 401.
 */
describe('servers that do not speak our protocol', () => {
  let server: WebSocketServer;
  let url: string;
  /** What `track` needs of a client, whatever its protocol. */
  type Tracked = Pick<MessagingClient, 'errors$' | 'dispose'>;
  const clients: Tracked[] = [];

  async function startServer(options: ServerOptions, onConnection: (socket: ServerSocket) => void = () => undefined): Promise<void> {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
    server.on('connection', onConnection);
    await new Promise((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function track<T extends Tracked>(client: T): T & { errors: WebSocketError[] } {
    const errors: WebSocketError[] = [];
    client.errors$.subscribe((error) => errors.push(error));
    clients.push(client);
    return Object.assign(client, { errors });
  }

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.dispose());
    server.clients.forEach((socket) => socket.terminate());
    await new Promise((resolve) => server.close(resolve));
  });

  it('a counter server with its own JSON shape, through the README codec: {action} out, {type, ...} in', async () => {
    let value = 0;
    await startServer({}, (socket) => {
      const broadcast = (message: object) => server.clients.forEach((client) => client.send(JSON.stringify(message)));
      broadcast({ type: 'users', count: server.clients.size });
      socket.send(JSON.stringify({ type: 'value', value }));
      socket.on('message', (data) => {
        const { action } = JSON.parse(String(data)) as { action?: unknown };
        if (action === 'plus') value++;
        else if (action === 'minus') value--;
        else return socket.send(JSON.stringify({ type: 'error', message: `unsupported action ${String(action)}` }));
        broadcast({ type: 'value', value });
      });
    });
    // The README's codec, as a user would copy it.
    const actionCodec: WebSocketCodec = {
      encode: ({ type, payload }) => JSON.stringify({ action: type, ...(payload as object | undefined) }),
      decode: (frame) => {
        const { type, ...rest } = JSON.parse(String(frame)) as { type?: unknown };
        if (typeof type !== 'string') throw new Error('no "type" string');
        return { type, payload: rest };
      },
    };
    interface CounterProtocol {
      incoming: { value: { value: number }; users: { count: number } };
      outgoing: { plus: void; minus: void };
    }
    const client = track(new MessagingClient<CounterProtocol>({ url, webSocketFactory: nodeWebSocketFactory, codec: actionCodec }));
    const values: number[] = [];
    const users: number[] = [];
    client.on('value').subscribe(({ value: v }) => values.push(v));
    client.on('users').subscribe(({ count }) => users.push(count));
    client.connect();
    await waitFor(() => values.length === 1, () => `values ${JSON.stringify(values)}`);
    client.send('plus');
    client.send('plus');
    client.send('minus');
    await waitFor(() => values.length === 4, () => `values ${JSON.stringify(values)}`);
    expect(values).toEqual([0, 1, 2, 1]);
    expect(users).toEqual([1]);
    expect(client.errors).toEqual([]);
  });

  it('a plain-text chat server, through textCodec: what one client sends, the other reads as text', async () => {
    await startServer({}, (socket) =>
      socket.on('message', (data, isBinary) => server.clients.forEach((client) => client.send(data, { binary: isBinary }))),
    );
    const alice = track(new MessagingClient<PlainTextProtocol>({ url, webSocketFactory: nodeWebSocketFactory, codec: textCodec }));
    const bob = track(new MessagingClient<PlainTextProtocol>({ url, webSocketFactory: nodeWebSocketFactory, codec: textCodec }));
    const heard: string[] = [];
    bob.on('text').subscribe((line) => heard.push(line));
    alice.on('text').subscribe();
    alice.connect();
    bob.connect();
    await waitFor(() => alice.state === 'open' && bob.state === 'open' && server.clients.size === 2, () => `${alice.state} ${bob.state}`);
    alice.send('text', 'hello, {"not": "an envelope"}');
    await waitFor(() => heard.length === 1, () => `heard ${JSON.stringify(heard)}`);
    expect(heard).toEqual(['hello, {"not": "an envelope"}']);
    expect(() => alice.send('text', { text: 'no' } as unknown as string)).toThrow('the plain-text codec sends only "text" messages with a string payload');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it('a heartbeat with a custom codec needs its own ping; given one, the text server sees exactly that frame', async () => {
    const frames: string[] = [];
    await startServer({}, (socket) => socket.on('message', (data) => frames.push(String(data))));
    expect(() => new MessagingClient({ url, webSocketFactory: nodeWebSocketFactory, codec: textCodec, heartbeat: resolveHeartbeatPolicy() })).toThrow(
      'invalid heartbeat ping: with a custom codec',
    );
    const client = track(
      new MessagingClient({ url, webSocketFactory: nodeWebSocketFactory, codec: textCodec, heartbeat: resolveHeartbeatPolicy({ intervalMs: 50, ping: () => 'PING' }) }),
    );
    client.connect();
    await waitFor(() => frames.length >= 1, () => `frames ${JSON.stringify(frames)}`);
    expect(frames[0]).toBe('PING');
  });

  it('an echo server that picks a subprotocol: stats.protocol tells which', async () => {
    await startServer({ handleProtocols: (offered) => (offered.has('echo-protocol') ? 'echo-protocol' : false) }, (socket) =>
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })),
    );
    const client = track(new MessagingClient<PlainTextProtocol>({ url, webSocketFactory: nodeWebSocketFactory, codec: textCodec, protocols: ['v2.echo', 'echo-protocol'] }));
    const echoes: string[] = [];
    client.on('text').subscribe((text) => echoes.push(text));
    expect(client.stats.protocol).toBeNull();
    client.connect();
    await waitFor(() => client.state === 'open', () => client.state);
    expect(client.stats.protocol).toBe('echo-protocol');
    client.send('text', 'ping?');
    await waitFor(() => echoes.length === 1, () => `echoes ${JSON.stringify(echoes)}`);
    expect(echoes).toEqual(['ping?']);
  });

  it('a refused handshake (HTTP 401) reaches errors$ with what the socket told: message, cause and httpStatus', async () => {
    await startServer({ verifyClient: (_info, callback) => callback(false, 401, 'Unauthorized') });
    const client = track(new MessagingClient({ url: `${url}/?token=s3cret`, webSocketFactory: nodeWebSocketFactory }));
    client.connect();
    await waitFor(() => client.state === 'closed', () => client.state);
    const refused = client.errors.find((error) => error.kind === 'socket-error');
    expect(refused?.details.httpStatus).toBe(401);
    expect(refused?.message).toContain('reported an error: Unexpected server response: 401');
    expect(refused?.message).toContain('token=***');
    expect(refused?.details.cause).toBeInstanceOf(Error);
  });

  it('binary$ hands out ArrayBuffers in Node too, not the Buffers `ws` makes by default', async () => {
    await startServer({}, (socket) => socket.send(Buffer.from([1, 2, 3]), { binary: true }));
    const client = track(new MessagingClient({ url, webSocketFactory: nodeWebSocketFactory }));
    const frames: unknown[] = [];
    client.binary$.subscribe((frame) => frames.push(frame));
    client.connect();
    await waitFor(() => frames.length === 1, () => `${frames.length} binary frames`);
    // The tag, not instanceof: Jest's sandbox has its own ArrayBuffer. A Buffer would read "Uint8Array".
    expect(Object.prototype.toString.call(frames[0])).toBe('[object ArrayBuffer]');
    expect([...new Uint8Array(frames[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
  });
});
