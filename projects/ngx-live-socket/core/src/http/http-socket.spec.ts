import { ManualClock } from '../../../testing/src/manual-clock';
import { SocketClient } from '../connection/socket-client';
import { WebSocketUnavailableError } from '../connection/web-socket-factory';
import type { WebSocketError } from '../errors/web-socket-error';
import { fakeFetch } from '../../../../../tests/support/fake-fetch';
import type { FetchLike } from './fetch-like';
import { HttpSocket } from './http-socket';

const WS_URL = 'ws://127.0.0.1:4399/ws?token=t';
const HTTP_URL = 'http://127.0.0.1:4399/ws?token=t';
const LINK = 'link-id_123';
const OPEN_EVENT = `event: open\ndata: {"link":"${LINK}"}\n\n`;

/** Lets the socket's promise callbacks run; no clock moves (the socket has no timer). */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Logged = [string, Record<string, unknown>];

/** A socket with every event logged, as [type, event] pairs. */
function createSocket(fetch: FetchLike, url = WS_URL): { socket: HttpSocket; log: Logged[] } {
  const socket = new HttpSocket(url, { fetch });
  const log: Logged[] = [];
  for (const type of ['open', 'message', 'error', 'close'] as const) {
    socket.addEventListener(type, (event) => log.push([type, event as Record<string, unknown>]));
  }
  return { socket, log };
}

/** A socket whose stream is open: the GET answered and the open event read. */
async function openSocket() {
  const { fetch, calls } = fakeFetch();
  const { socket, log } = createSocket(fetch);
  const stream = calls[0]!.stream();
  stream.write(OPEN_EVENT);
  await settle();
  expect(socket.readyState).toBe(1);
  log.length = 0;
  return { socket, log, calls, stream };
}

const types = (log: Logged[]) => log.map(([type]) => type);
const closeOf = (log: Logged[]) => log.filter(([type]) => type === 'close').map(([, { code, reason, wasClean }]) => ({ code, reason, wasClean }));

describe('HttpSocket', () => {
  it('opens a GET for the event stream at the http: URL and opens on the stream\'s open event', async () => {
    const { fetch, calls } = fakeFetch();
    const { socket, log } = createSocket(fetch);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(HTTP_URL);
    expect(calls[0]!.init).toEqual({ headers: { Accept: 'text/event-stream' }, cache: 'no-store', signal: expect.anything() });
    expect(calls[0]!.init.method).toBeUndefined();
    expect(socket.readyState).toBe(0);

    const stream = calls[0]!.stream();
    stream.write(': keepalive\n\n');
    await settle();
    expect(socket.readyState).toBe(0);
    stream.write(OPEN_EVENT.slice(0, 10));
    await settle();
    expect(log).toEqual([]);
    stream.write(OPEN_EVENT.slice(10));
    await settle();
    expect(socket.readyState).toBe(1);
    expect(log).toEqual([['open', { type: 'open' }]]);
  });

  it('says what it is: transport http, no subprotocol, binaryType accepted', () => {
    const { socket } = createSocket(fakeFetch().fetch);
    expect(socket.transport).toBe('http');
    expect(socket.protocol).toBe('');
    socket.binaryType = 'arraybuffer';
    expect(socket.binaryType).toBe('arraybuffer');
  });

  it('delivers every data event as a message, multi-line frames joined with \\n, bytes split anywhere', async () => {
    const { log, stream } = await openSocket();
    const bytes = new TextEncoder().encode('data: {"a":"é"}\n\n: keepalive\n\ndata: one\r\ndata: two\r\n\r\n');
    // Cut inside the two bytes of "é": the decoder must keep the first one for the next chunk.
    const cut = bytes.indexOf(0xc3) + 1;
    stream.write(bytes.slice(0, cut));
    stream.write(bytes.slice(cut));
    await settle();
    expect(log).toEqual([
      ['message', { type: 'message', data: '{"a":"é"}' }],
      ['message', { type: 'message', data: 'one\ntwo' }],
    ]);
  });

  it('closes with the code and reason of the stream\'s close event, cleanly, then ignores the stream', async () => {
    const { socket, log, calls, stream } = await openSocket();
    stream.write('event: close\ndata: {"code":4503,"reason":"go elsewhere"}\n\ndata: late\n\n');
    await settle();
    expect(socket.readyState).toBe(3);
    expect(closeOf(log)).toEqual([{ code: 4503, reason: 'go elsewhere', wasClean: true }]);
    expect(types(log)).toEqual(['close']);
    expect(calls[0]!.init.signal.aborted).toBe(true);
  });

  it.each([
    [403, 'origin http://evil.example is not allowed\n', 'server response: 403 origin http://evil.example is not allowed'],
    [503, '', 'server response: 503'],
    [404, 'x'.repeat(5000), `server response: 404 ${'x'.repeat(200)}...`],
  ])('reports a %i refusal with its status and body, then closes 1006', async (status, body, message) => {
    const { fetch, calls } = fakeFetch();
    const { socket, log } = createSocket(fetch);
    calls[0]!.answer(status, body);
    await settle();
    expect(types(log)).toEqual(['error', 'close']);
    expect(log[0]![1]['message']).toBe(message);
    // What the connection reads of it for the error's httpStatus.
    expect(/response: (\d{3})/.exec(String(log[0]![1]['message']))?.[1]).toBe(String(status));
    expect(closeOf(log)).toEqual([{ code: 1006, reason: `server response: ${status}`, wasClean: false }]);
    expect(socket.readyState).toBe(3);
  });

  it('refuses a 200 that is not an event stream (an app server\'s index.html), naming the content type', async () => {
    const { fetch, calls } = fakeFetch();
    const { log } = createSocket(fetch);
    calls[0]!.answer(200, '<!doctype html><html></html>');
    await settle();
    expect(types(log)).toEqual(['error', 'close']);
    expect(log[0]![1]['message']).toBe('server response: 200 is not an event stream (Content-Type "text/plain; charset=utf-8", no body): <!doctype html><html></html>');
    expect(closeOf(log)[0]!.code).toBe(1006);
  });

  it('reports a network failure with its message and cause, then closes 1006', async () => {
    const { fetch, calls } = fakeFetch();
    const { log } = createSocket(fetch);
    const failure = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:4399') });
    calls[0]!.fail(failure);
    await settle();
    expect(log).toEqual([
      ['error', { type: 'error', message: 'fetch failed: connect ECONNREFUSED 127.0.0.1:4399', error: failure }],
      ['close', { type: 'close', code: 1006, reason: 'network failure', wasClean: false }],
    ]);
  });

  it('reports a stream that fails mid-way, then closes 1006', async () => {
    const { log, stream } = await openSocket();
    stream.fail(new TypeError('terminated'));
    await settle();
    expect(types(log)).toEqual(['error', 'close']);
    expect(log[0]![1]['message']).toBe('terminated');
    expect(closeOf(log)[0]!.code).toBe(1006);
  });

  it('closes 1006 "stream ended" when the stream ends without a close event', async () => {
    const { socket, log, stream } = await openSocket();
    stream.write('data: last\n\ndata: never dispatched');
    stream.end();
    await settle();
    expect(log).toEqual([
      ['message', { type: 'message', data: 'last' }],
      ['close', { type: 'close', code: 1006, reason: 'stream ended', wasClean: false }],
    ]);
    expect(socket.readyState).toBe(3);
  });

  it('fails the link when the open event names no link', async () => {
    const { fetch, calls } = fakeFetch();
    const { log } = createSocket(fetch);
    calls[0]!.stream().write('event: open\ndata: {}\n\n');
    await settle();
    expect(types(log)).toEqual(['error', 'close']);
    expect(log[0]![1]['message']).toBe("the stream's open event names no link: {}");
  });

  describe('send', () => {
    it('posts a synchronous burst in one POST to the link\'s URL, a JSON array of strings', async () => {
      const { socket, calls } = await openSocket();
      socket.send('a');
      socket.send('b "quoted"\n');
      expect(calls).toHaveLength(1);
      await settle();
      expect(calls).toHaveLength(2);
      const post = calls[1]!;
      expect(post.url).toBe(`${HTTP_URL}&nls-link=${LINK}`);
      expect(post.init).toEqual({ method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: '["a","b \\"quoted\\"\\n"]', signal: expect.anything() });
      expect(post.frames).toEqual(['a', 'b "quoted"\n']);
    });

    it('keeps one POST in flight: frames sent meanwhile go in the next POST, in order', async () => {
      const { socket, calls } = await openSocket();
      socket.send('1');
      await settle();
      socket.send('2');
      await settle();
      socket.send('3');
      await settle();
      expect(calls).toHaveLength(2);
      calls[1]!.answer(204);
      await settle();
      expect(calls).toHaveLength(3);
      expect(calls[2]!.frames).toEqual(['2', '3']);
      calls[2]!.answer(204);
      await settle();
      expect(calls).toHaveLength(3);
      socket.send('4');
      await settle();
      expect(calls.map((call) => call.init.body ?? 'GET')).toEqual(['GET', '["1"]', '["2","3"]', '["4"]']);
    });

    it.each([
      [404, 'unknown link', 'POST server response: 404 unknown link', 1006],
      [400, 'body must be a JSON array of strings; item 2 is a number', 'POST server response: 400 body must be a JSON array of strings; item 2 is a number', 1006],
      // The server closes the link over these with 1008 / 1009; its close event may come after the answer.
      [429, 'rate limit', 'POST server response: 429 rate limit', 1008],
      [413, 'frame too large', 'POST server response: 413 frame too large', 1009],
    ])('ends the link when a POST is answered %i: error with status and body, then close %i', async (status, body, message, code) => {
      const { socket, log, calls } = await openSocket();
      socket.send('x');
      socket.send('y');
      await settle();
      calls[1]!.answer(status, body);
      await settle();
      expect(types(log)).toEqual(['error', 'close']);
      expect(log[0]![1]['message']).toBe(message);
      expect(closeOf(log)).toEqual([{ code, reason: `POST answered ${status}`, wasClean: false }]);
      expect(socket.readyState).toBe(3);
      // The stream is aborted too: the server forgets the link.
      expect(calls[0]!.init.signal.aborted).toBe(true);
    });

    it('ends the link when a POST fails on the network', async () => {
      const { socket, log, calls } = await openSocket();
      socket.send('x');
      await settle();
      calls[1]!.fail(new TypeError('Failed to fetch'));
      await settle();
      expect(types(log)).toEqual(['error', 'close']);
      expect(log[0]![1]['message']).toBe('Failed to fetch');
      expect(closeOf(log)[0]!.code).toBe(1006);
    });

    it('keeps the stream\'s close code when the stream closed before a POST failed', async () => {
      const { socket, log, calls, stream } = await openSocket();
      socket.send('too fast');
      await settle();
      stream.write('event: close\ndata: {"code":1008,"reason":"rate limit"}\n\n');
      await settle();
      calls[1]!.answer(429, 'rate limit');
      await settle();
      expect(log).toEqual([['close', { type: 'close', code: 1008, reason: 'rate limit', wasClean: true }]]);
    });

    it('throws before the link is open and after it closed', () => {
      const { socket } = createSocket(fakeFetch().fetch);
      expect(() => socket.send('early')).toThrow('send() on an HTTP socket that is connecting.');
      socket.close();
      expect(() => socket.send('late')).toThrow('send() on an HTTP socket that is closing.');
    });

    it('throws a TypeError naming the problem for a binary frame, and posts nothing', async () => {
      const { socket, calls } = await openSocket();
      expect(() => socket.send(new Uint8Array([1, 2]))).toThrow(TypeError);
      expect(() => socket.send(new ArrayBuffer(2))).toThrow('the HTTP transport carries text frames only');
      await settle();
      expect(calls).toHaveLength(1);
    });
  });

  describe('close', () => {
    it('aborts the stream, then fires close with its code and reason asynchronously, once', async () => {
      const { socket, log, calls, stream } = await openSocket();
      socket.close(1000, 'bye');
      expect(socket.readyState).toBe(2);
      expect(calls[0]!.init.signal.aborted).toBe(true);
      expect(log).toEqual([]);
      socket.close(4000, 'again');
      stream.write('data: after close\n\n');
      await settle();
      expect(log).toEqual([['close', { type: 'close', code: 1000, reason: 'bye', wasClean: true }]]);
      expect(socket.readyState).toBe(3);
      socket.close();
      await settle();
      expect(log).toHaveLength(1);
    });

    it('reports 1005 when closed without a code, as a WebSocket does', async () => {
      const { socket, log } = await openSocket();
      socket.close();
      await settle();
      expect(closeOf(log)).toEqual([{ code: 1005, reason: '', wasClean: true }]);
    });

    it('closes while connecting without reporting the aborted request as an error', async () => {
      const { fetch, calls } = fakeFetch();
      const { socket, log } = createSocket(fetch);
      socket.close(4000, 'timeout');
      await settle();
      expect(calls[0]!.init.signal.aborted).toBe(true);
      expect(log).toEqual([['close', { type: 'close', code: 4000, reason: 'timeout', wasClean: true }]]);
    });

    it('posts what was sent before close() (as a WebSocket sends its buffer before the close frame), then aborts and closes', async () => {
      const { socket, log, calls, stream } = await openSocket();
      socket.send('in flight');
      await settle();
      socket.send('queued');
      socket.close(1000, 'done');
      stream.write('data: after close\n\n');
      await settle();
      expect(calls[0]!.init.signal.aborted).toBe(false); // the server must still know the link to take the POSTs
      expect(log).toEqual([]);
      calls[1]!.answer(204);
      await settle();
      expect(calls[2]!.frames).toEqual(['queued']);
      calls[2]!.answer(204);
      await settle();
      expect(calls).toHaveLength(3);
      expect(calls[0]!.init.signal.aborted).toBe(true);
      expect(log).toEqual([['close', { type: 'close', code: 1000, reason: 'done', wasClean: true }]]);
    });

    it('a POST that fails while closing is reported, and the close says the link failed', async () => {
      const { socket, log, calls } = await openSocket();
      socket.send('last words');
      await settle();
      socket.close(1000, 'done');
      calls[1]!.answer(404, 'unknown link');
      await settle();
      expect(types(log)).toEqual(['error', 'close']);
      expect(closeOf(log)).toEqual([{ code: 1006, reason: 'POST answered 404', wasClean: false }]);
    });

    it('delivers nothing after a message listener closes the socket', async () => {
      const { socket, log, stream } = await openSocket();
      socket.addEventListener('message', () => socket.close(1000, 'enough'));
      stream.write('data: 1\n\ndata: 2\n\nevent: close\ndata: {"code":1001,"reason":"server"}\n\n');
      await settle();
      expect(log).toEqual([
        ['message', { type: 'message', data: '1' }],
        ['close', { type: 'close', code: 1000, reason: 'enough', wasClean: true }],
      ]);
    });
  });

  describe('platform', () => {
    const global = globalThis as { fetch?: unknown };
    let saved: unknown;
    beforeEach(() => (saved = global.fetch));
    afterEach(() => (global.fetch = saved));

    it('uses globalThis.fetch when none is given, looked up when the socket is created', () => {
      const { fetch, calls } = fakeFetch();
      global.fetch = fetch;
      new HttpSocket(WS_URL);
      expect(calls.map((call) => call.url)).toEqual([HTTP_URL]);
    });

    it('throws a clear error naming what to provide where there is no fetch', () => {
      delete global.fetch;
      expect(() => new HttpSocket(WS_URL)).toThrow(WebSocketUnavailableError);
      expect(() => new HttpSocket(WS_URL)).toThrow('globalThis.fetch is not available on this platform, and the HTTP transport needs it. Pass one: new HttpSocket(url, { fetch }).');
    });

    it('refuses a URL that is not ws(s) or http(s)', () => {
      expect(() => new HttpSocket('ftp://example.com/ws', { fetch: fakeFetch().fetch })).toThrow('invalid url');
    });
  });

  describe('under a SocketClient', () => {
    let clock: ManualClock;
    let clients: SocketClient[];
    beforeEach(() => {
      clock = new ManualClock(1_700_000_000_000);
      clients = [];
    });
    afterEach(() => clients.forEach((client) => client.dispose()));

    function createClient(fetch: FetchLike): { client: SocketClient; errors: WebSocketError[] } {
      const client = new SocketClient({ url: WS_URL, clock, webSocketFactory: (url) => new HttpSocket(url, { fetch }) });
      const errors: WebSocketError[] = [];
      client.errors$.subscribe((error) => errors.push(error));
      clients.push(client);
      return { client, errors };
    }

    it('opens, carries frames both ways, and closes like a WebSocket', async () => {
      const { fetch, calls } = fakeFetch();
      const { client } = createClient(fetch);
      const frames: unknown[] = [];
      client.messages$.subscribe((frame) => frames.push(frame));
      client.connect();
      const stream = calls[0]!.stream();
      stream.write(`${OPEN_EVENT}data: hello\n\n`);
      await settle();
      expect(client.state).toBe('open');
      expect(frames).toEqual(['hello']);
      expect(client.send('hi')).toBe(true);
      await settle();
      expect(calls[1]!.frames).toEqual(['hi']);
      client.close(1000, 'done');
      await settle();
      expect(client.state).toBe('closed');
      calls[1]!.answer(204); // the frame sent before close() still goes out; then the stream ends
      await settle();
      expect(calls[0]!.init.signal.aborted).toBe(true);
    });

    it('reports a binary frame as send-failed, naming the problem, and posts nothing', async () => {
      const { fetch, calls } = fakeFetch();
      const { client, errors } = createClient(fetch);
      client.connect();
      calls[0]!.stream().write(OPEN_EVENT);
      await settle();
      expect(client.send(new Uint8Array([1]))).toBe(false);
      await settle();
      expect(errors.map(({ kind }) => kind)).toEqual(['send-failed']); // once, with the socket's reason
      expect(errors[0]!.message).toContain('the HTTP transport carries text frames only');
      expect(calls).toHaveLength(1);
    });

    it('reports a refused GET as a socket error with its httpStatus', async () => {
      const { fetch, calls } = fakeFetch();
      const { client, errors } = createClient(fetch);
      client.connect();
      calls[0]!.answer(403, 'origin not allowed');
      await settle();
      expect(errors.map(({ kind, details }) => ({ kind, httpStatus: details.httpStatus }))).toContainEqual({ kind: 'socket-error', httpStatus: 403 });
      expect(errors.find(({ kind }) => kind === 'socket-error')?.message).toContain('server response: 403 origin not allowed');
      expect(client.stats.lastCloseCode).toBe(1006);
    });
  });
});
