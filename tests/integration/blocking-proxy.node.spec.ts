import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { startBlockingProxy } from '../../e2e/support/blocking-proxy.mjs';

type BlockingProxy = Awaited<ReturnType<typeof startBlockingProxy>>;

/** How long a check waits for a chunk that an unbuffered path delivers in milliseconds. */
const CHUNK_WAIT_MS = 1_500;

/**
 * The tiny server behind the proxy: a `ws` echo endpoint, `GET /stream` (writes `first`, then `second` and
 * ends only when the test calls `finishStream()`), `POST /upload` (tells the test each chunk of the body as it
 * comes and answers once it ends), and `GET /plain`.
 */
async function startOrigin() {
  const uploads: string[] = [];
  const uploadListeners = new Set<() => void>();
  let finishStream = () => {};
  let streamClosedByClient = false;
  let breakStream = () => {};
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('first\n');
      req.on('close', () => (streamClosedByClient = !res.writableFinished));
      finishStream = () => res.end('second\n');
      breakStream = () => res.destroy();
    } else if (req.method === 'POST' && req.url === '/upload') {
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        uploads.push(chunk);
        uploadListeners.forEach((listener) => listener());
      });
      req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${uploads.join('+')}`));
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('plain answer');
    }
  });
  const sockets = new WebSocketServer({ server: http });
  sockets.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${data.toString()}`)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    uploads,
    /** Resolves `true` once the server has read `count` chunks of an upload, `false` after `ms`. */
    uploadChunks: (count: number, ms: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        const listener = () => {
          if (uploads.length >= count) {
            clearTimeout(timer);
            uploadListeners.delete(listener);
            resolve(true);
          }
        };
        uploadListeners.add(listener);
        listener();
      }),
    finishStream: () => finishStream(),
    breakStream: () => breakStream(),
    streamClosedByClient: () => streamClosedByClient,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.clients.forEach((client) => client.terminate());
        sockets.close();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

type Origin = Awaited<ReturnType<typeof startOrigin>>;

/**
 * The control: a proxy that waits for the whole message before passing it on (in both directions), as a
 * buffering reverse proxy does. The chunk-by-chunk checks below must fail through it.
 */
async function startBufferingProxy(upstreamPort: number) {
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const upstream = request({ host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: { 'content-type': req.headers['content-type'] ?? 'text/plain' } }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => res.writeHead(answer.statusCode ?? 502).end(Buffer.concat(parts)));
      });
      upstream.end(Buffer.concat(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Opens `GET /stream` through `port`; `firstChunk` resolves `true` once `first` has arrived, `false` after `ms`. */
function openStream(port: number, ms: number) {
  let text = '';
  let settle: (arrived: boolean) => void = () => {};
  const firstChunk = new Promise<boolean>((resolve) => (settle = resolve));
  const timer = setTimeout(() => settle(false), ms);
  let abort = () => {};
  const ended = new Promise<{ text: string; complete: boolean }>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/stream', headers: { accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('first')) {
          clearTimeout(timer);
          settle(true);
        }
      });
      res.on('close', () => resolve({ text, complete: res.complete }));
    });
    req.on('error', () => resolve({ text, complete: false }));
    req.end();
    abort = () => req.destroy();
  });
  return { firstChunk, ended, abort: () => abort() };
}

/** Sends `POST /upload` through `port` in two chunks; the second only once the server has read the first (or gave up). */
async function uploadInTwoChunks(port: number, origin: Origin, ms: number) {
  let finish = () => {};
  const answer = new Promise<string>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', headers: { 'content-type': 'text/plain' } }, (res) => {
      res.setEncoding('utf8');
      let body = '';
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.flushHeaders();
    req.write('one');
    finish = () => req.end('two');
  });
  const firstArrivedAlone = await origin.uploadChunks(1, ms);
  finish();
  return { firstArrivedAlone, answer: await answer };
}

/** Connects a `ws` client through the proxy; resolves with what happened: opened (and echoed), refused with a status, or cut. */
function connectThrough(port: number): Promise<{ outcome: 'open'; echo: string; socket: WebSocket } | { outcome: 'refused'; status: number; body: string } | { outcome: 'failed'; error: string }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/`);
    socket.on('open', () => {
      socket.once('message', (data) => resolve({ outcome: 'open', echo: data.toString(), socket }));
      socket.send('hello');
    });
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ outcome: 'refused', status: res.statusCode ?? 0, body }));
    });
    socket.on('error', (error) => resolve({ outcome: 'failed', error: error.message }));
  });
}

describe('the e2e blocking proxy (e2e/support/blocking-proxy.mjs)', () => {
  let origin: Origin;
  let proxy: BlockingProxy;

  beforeEach(async () => {
    origin = await startOrigin();
    proxy = await startBlockingProxy({ upstreamPort: origin.port });
  });
  afterEach(async () => {
    await proxy.close();
    await origin.close();
  });

  it('refuses WebSocket upgrades with 403 by default, while plain requests pass', async () => {
    expect(proxy.mode).toBe('refuse');
    const result = await connectThrough(proxy.port);
    expect(result).toEqual({ outcome: 'refused', status: 403, body: 'blocking proxy: WebSocket upgrades are not allowed here' });
    const plain = await fetch(`${proxy.origin}/plain`);
    expect([plain.status, await plain.text()]).toEqual([200, 'plain answer']);
    expect(proxy.counts).toMatchObject({ refused: 1, requests: 1 });
  });

  it("'cut' destroys the upgrade's TCP connection without an answer", async () => {
    proxy.setMode('cut');
    const result = await connectThrough(proxy.port);
    expect(result.outcome).toBe('failed');
    expect(result).toMatchObject({ error: expect.stringMatching(/socket hang up|ECONNRESET/) });
    expect(proxy.counts.cut).toBe(1);
  });

  it("'pass' pipes the upgrade both ways; setMode switches at run time for the next upgrades", async () => {
    proxy.setMode('pass');
    const passed = await connectThrough(proxy.port);
    expect(passed).toMatchObject({ outcome: 'open', echo: 'echo hello' });
    proxy.setMode('refuse');
    expect(await connectThrough(proxy.port)).toMatchObject({ outcome: 'refused', status: 403 });
    // The WebSocket passed before still works: the policy applies to new connections.
    if (passed.outcome === 'open') {
      const again = new Promise((resolve) => passed.socket.once('message', (data) => resolve(data.toString())));
      passed.socket.send('still there');
      expect(await again).toBe('echo still there');
      passed.socket.close();
    }
    expect(proxy.counts).toMatchObject({ passed: 1, refused: 1 });
  });

  it('rejects an unknown mode, naming the allowed ones', () => {
    expect(() => proxy.setMode('open' as never)).toThrow("blocking proxy: mode must be one of 'refuse', 'cut', 'pass', got \"open\"");
  });

  it('passes a streamed response chunk by chunk: the first chunk arrives while the server still holds the rest', async () => {
    const stream = openStream(proxy.port, CHUNK_WAIT_MS);
    expect(await stream.firstChunk).toBe(true);
    origin.finishStream();
    expect(await stream.ended).toEqual({ text: 'first\nsecond\n', complete: true });
  });

  it('passes a request body chunk by chunk: the server reads the first chunk before the client sends the rest', async () => {
    const { firstArrivedAlone, answer } = await uploadInTwoChunks(proxy.port, origin, CHUNK_WAIT_MS);
    expect(firstArrivedAlone).toBe(true);
    expect(answer).toBe('got one+two');
  });

  it('control: through a buffering proxy both chunk-by-chunk checks fail (so they can see buffering)', async () => {
    const buffering = await startBufferingProxy(origin.port);
    try {
      const stream = openStream(buffering.port, CHUNK_WAIT_MS);
      expect(await stream.firstChunk).toBe(false); // held until the response ends
      origin.finishStream();
      expect((await stream.ended).text).toBe('first\nsecond\n');
      const { firstArrivedAlone, answer } = await uploadInTwoChunks(buffering.port, origin, CHUNK_WAIT_MS);
      expect(firstArrivedAlone).toBe(false); // held until the body ends
      expect(answer).toBe('got onetwo'); // and then handed on in one piece
    } finally {
      await buffering.close();
    }
  });

  it('breaks a streamed response off at the client when the server breaks it off, and tells the server when the client aborts', async () => {
    const broken = openStream(proxy.port, CHUNK_WAIT_MS);
    expect(await broken.firstChunk).toBe(true);
    origin.breakStream();
    expect(await broken.ended).toEqual({ text: 'first\n', complete: false });

    const aborted = openStream(proxy.port, CHUNK_WAIT_MS);
    expect(await aborted.firstChunk).toBe(true);
    aborted.abort();
    await aborted.ended;
    await waitUntil(() => origin.streamClosedByClient());
  });

  it('answers 502 naming the cause while the server is down', async () => {
    await origin.close();
    const answer = await fetch(`${proxy.origin}/plain`);
    expect(answer.status).toBe(502);
    expect(await answer.text()).toMatch(new RegExp(`^blocking proxy: the server at 127\\.0\\.0\\.1:${origin.port} cannot be reached \\(ECONNREFUSED\\)$`));
  });

  it('close() ends every connection it holds: a passed WebSocket and a streamed response', async () => {
    proxy.setMode('pass');
    const passed = await connectThrough(proxy.port);
    expect(passed.outcome).toBe('open');
    const closed = passed.outcome === 'open' ? new Promise((resolve) => passed.socket.once('close', resolve)) : Promise.resolve(null);
    const stream = openStream(proxy.port, CHUNK_WAIT_MS);
    expect(await stream.firstChunk).toBe(true);
    await proxy.close();
    expect(await closed).toBe(1006);
    expect(await stream.ended).toEqual({ text: 'first\n', complete: false });
    expect(await connectThrough(proxy.port)).toMatchObject({ outcome: 'failed', error: expect.stringContaining('ECONNREFUSED') });
  });
});

/** Polls `condition` (a state another process's event sets, no event to wait on here) for up to 2 s. */
async function waitUntil(condition: () => boolean) {
  for (let i = 0; i < 40 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(condition()).toBe(true);
}
