import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSocket } from './http-socket';

/**
 * HttpSocket with Node's real `fetch` against a minimal server of the wire protocol on 127.0.0.1: what the
 * fake fetch of http-socket.spec.ts cannot show (a real stream arrives as it is written, an abort reaches the
 * server, a refusal's body is read). The reference server's own tests are elsewhere.
 */
describe('HttpSocket over Node fetch', () => {
  let server: Server;
  let url: string;
  let streams: ServerResponse[];
  let posts: unknown[];
  let streamsClosed: number;

  function handle(request: IncomingMessage, response: ServerResponse): void {
    if (request.url?.includes('refuse')) {
      response.writeHead(403, { 'Content-Type': 'text/plain' }).end('origin http://evil.example is not allowed\n');
    } else if (request.method === 'GET') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
      response.write('event: open\ndata: {"link":"L1"}\n\ndata: welcome\n\n');
      streams.push(response);
      response.on('close', () => streamsClosed++);
    } else {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const frames = JSON.parse(body) as string[];
        posts.push({ link: new URL(request.url!, 'http://x').searchParams.get('nls-link'), frames });
        response.writeHead(204).end();
        for (const frame of frames) {
          // A frame with line breaks is written as several data lines (docs/protocol.md).
          streams[0]!.write(`${`echo ${frame}`.split('\n').map((line) => `data: ${line}\n`).join('')}\n`);
        }
      });
    }
  }

  beforeEach(async () => {
    streams = [];
    posts = [];
    streamsClosed = 0;
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** The socket's events as they come, and a way to wait until some have. */
  function watch(socket: HttpSocket) {
    const events: [string, Record<string, unknown>][] = [];
    let wake = () => {};
    for (const type of ['open', 'message', 'error', 'close'] as const) {
      socket.addEventListener(type, (event) => {
        events.push([type, event as Record<string, unknown>]);
        wake();
      });
    }
    const until = async (done: () => boolean) => {
      while (!done()) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    return { events, until, messages: () => events.filter(([type]) => type === 'message').map(([, { data }]) => data) };
  }

  it('opens, receives, sends a burst in one POST, and closing ends the stream at the server', async () => {
    const socket = new HttpSocket(url, { fetch });
    const { events, until, messages } = watch(socket);
    await until(() => messages().length === 1);
    expect(events.map(([type]) => type)).toEqual(['open', 'message']);
    expect(messages()).toEqual(['welcome']);

    socket.send('a');
    socket.send('b\nc');
    await until(() => messages().length === 3);
    expect(posts).toEqual([{ link: 'L1', frames: ['a', 'b\nc'] }]);
    expect(messages()).toEqual(['welcome', 'echo a', 'echo b\nc']);

    socket.close(1000, 'done');
    await until(() => events.some(([type]) => type === 'close'));
    expect(events.at(-1)).toEqual(['close', { type: 'close', code: 1000, reason: 'done', wasClean: true }]);
    await new Promise<void>((resolve) => (streamsClosed > 0 ? resolve() : streams[0]!.on('close', resolve)));
    expect(streamsClosed).toBe(1);
  });

  it('closes with the code of the stream\'s close event', async () => {
    const socket = new HttpSocket(url, { fetch });
    const { events, until } = watch(socket);
    await until(() => streams.length === 1 && socket.readyState === 1);
    streams[0]!.end('event: close\ndata: {"code":1001,"reason":"server shutting down"}\n\n');
    await until(() => socket.readyState === 3);
    expect(events.at(-1)).toEqual(['close', { type: 'close', code: 1001, reason: 'server shutting down', wasClean: true }]);
  });

  it('closes 1006 when the stream ends without a close event', async () => {
    const socket = new HttpSocket(url, { fetch });
    const { events, until } = watch(socket);
    await until(() => streams.length === 1 && socket.readyState === 1);
    streams[0]!.end();
    await until(() => socket.readyState === 3);
    expect(events.at(-1)).toEqual(['close', { type: 'close', code: 1006, reason: 'stream ended', wasClean: false }]);
  });

  it('reports a refusal with its status and body, then closes 1006', async () => {
    const socket = new HttpSocket(`${url}?refuse=1`, { fetch });
    const { events, until } = watch(socket);
    await until(() => socket.readyState === 3);
    expect(events.map(([type, event]) => [type, event['message'] ?? event['code']])).toEqual([
      ['error', 'server response: 403 origin http://evil.example is not allowed'],
      ['close', 1006],
    ]);
  });

  it('reports a refused connection as a network failure, then closes 1006', async () => {
    const { port } = server.address() as AddressInfo;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    server = createServer();
    const socket = new HttpSocket(`ws://127.0.0.1:${port}/ws`, { fetch });
    const { events, until } = watch(socket);
    await until(() => socket.readyState === 3);
    expect(events.map(([type]) => type)).toEqual(['error', 'close']);
    expect(events[0]![1]['message']).toMatch(/^fetch failed: .*ECONNREFUSED/);
  });
});
