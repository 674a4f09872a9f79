import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { connect as connectTcp } from 'node:net';
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { eventStreamComment, eventStreamEvent } from '../../demo/server/http-link/event-stream.mjs';
import { HttpLink } from '../../demo/server/http-link/http-link.mjs';
import { startReferenceServer } from '../../demo/server/reference-server.mjs';
import { HttpLinkTestClient, type PostAnswer, postTo } from '../support/http-link-test-client';
import { useReferenceServer } from '../support/in-process-reference-server';
import { until } from '../support/until';

const frames = (...envelopes: object[]) => JSON.stringify(envelopes.map((envelope) => JSON.stringify(envelope)));

describe('reference server: the HTTP transport (docs/protocol.md, "HTTP transport")', () => {
  const fixture = useReferenceServer({ limits: { maxPayloadBytes: 1024, messagesPerSecond: 2, messageBurst: 10 } });

  it('opens a link: 200 event stream, an open event with a 128-bit id, and frames POSTed come back on the stream', async () => {
    const link = await fixture.openHttpLink();
    expect(link.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(link.headers.get('cache-control')).toBe('no-store');
    expect(link.headers.get('x-accel-buffering')).toBe('no');
    expect(link.id).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 bytes in base64url
    expect(Buffer.from(link.id, 'base64url')).toHaveLength(16);
    expect((await fixture.openHttpLink()).id).not.toBe(link.id);

    expect(await link.post(frames({ type: 'ping', payload: { t: 7 } }, { type: 'echo', payload: 'two\nlines' }))).toEqual({ status: 204, body: '' });
    expect(await link.next('pong')).toEqual({ type: 'pong', payload: { t: 7 } });
    expect(await link.next('echo')).toEqual({ type: 'echo', payload: 'two\nlines' });
    // The dispatcher's answers to bad frames come back as for a WebSocket: an error envelope, the link stays.
    await link.post(JSON.stringify(['not json']));
    expect((await link.next('error')).payload.message).toMatch(/the frame is not valid JSON/);
    await link.sync();
  });

  it('handles the frames of one POST and of consecutive POSTs in order', async () => {
    const link = await fixture.openHttpLink();
    expect((await link.post(frames(...[0, 1, 2, 3].map((n) => ({ type: 'echo', payload: n }))))).status).toBe(204);
    for (const n of [4, 5, 6, 7]) link.send({ type: 'echo', payload: n }); // queued: one POST in flight at a time
    await link.sent();
    const echoed = [];
    for (let n = 0; n < 8; n++) echoed.push((await link.next('echo')).payload);
    expect(echoed).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(link.answers.every((answer) => answer.status === 204)).toBe(true);
  });

  it('counts an HTTP link in presence as a connection, until the client aborts its stream', async () => {
    const watcher = await fixture.connect();
    expect((await watcher.next('presence.count')).payload.users).toBe(1);
    const link = await fixture.openHttpLink();
    expect((await watcher.next('presence.count')).payload.users).toBe(2);
    expect((await link.next('presence.count')).payload.users).toBe(2);
    expect((await link.next('counter.state')).payload).toEqual({ value: 0 });
    expect(fixture.server.connectionCount).toBe(2);

    expect(await link.close()).toEqual({ code: 1006, reason: '' });
    expect((await watcher.next('presence.count')).payload.users).toBe(1);
    expect(fixture.server.connectionCount).toBe(1);
  });

  it('sends keepalive comments on an idle stream (httpKeepaliveMs)', async () => {
    const server = await startReferenceServer({ httpKeepaliveMs: 20 });
    try {
      const link = await HttpLinkTestClient.open(server.httpLinkUrl);
      await until(() => link.comments.length >= 2);
      expect(new Set(link.comments)).toEqual(new Set(['keepalive']));
      await link.close();
    } finally {
      await server.close();
    }
  });

  describe('refusals, each with a plain-text body naming the problem', () => {
    it('404 for a POST to an unknown link; once the stream is aborted the link is gone and the connection disconnected', async () => {
      const link = await fixture.openHttpLink();
      const echo = frames({ type: 'echo', payload: 'hi' });
      const unknown = randomBytes(16).toString('base64url');
      expect(await link.post(echo, unknown)).toEqual({
        status: 404,
        body: `there is no open link "${unknown}": it was closed, never existed, or the server restarted; open a new one with GET`,
      });
      expect(await link.post(echo)).toEqual({ status: 204, body: '' }); // the same POST to the live link works
      expect(await link.next('echo')).toEqual({ type: 'echo', payload: 'hi' });
      expect(fixture.server.connectionCount).toBe(1);

      await link.close();
      await until(() => fixture.server.connectionCount === 0);
      expect(await link.post(echo)).toMatchObject({ status: 404, body: expect.stringContaining(`there is no open link "${link.id}"`) });
    });

    it.each([
      ['bad JSON', '["a",', /^the body must be a JSON array of strings \(the frames, in order\); it is not JSON \(/],
      ['not an array', '{"type":"echo"}', /; got an object$/],
      ['a non-string item', JSON.stringify(['{"type":"echo"}', 42]), /; item 1 \(from 0\) is 42, not a string$/],
      ['a nested array', JSON.stringify([['{"type":"echo"}']]), /; item 0 \(from 0\) is an array, not a string$/],
    ])('400 for a body with %s; nothing of it is handled and the link stays open', async (_what, body, message) => {
      const link = await fixture.openHttpLink();
      const answer = await link.post(body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(message);
      await link.sync(); // a valid POST after it is handled: the link is still open
      expect(link.waiting('echo')).toEqual([]); // the refused body's echo frame never ran
    });

    it('400 for a POST without nls-link, 405 for another method', async () => {
      await fixture.openHttpLink();
      expect(await postTo(fixture.server.httpLinkUrl, '[]')).toEqual({
        status: 400,
        body: 'a POST needs nls-link=<id> in the query: the id of the stream\'s open event',
      });
      const put = await fetch(fixture.server.httpLinkUrl, { method: 'PUT' });
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toBe('GET, POST');
    });

    it('403 for a foreign Origin on GET and on POST; an allowed cross-origin page gets CORS headers', async () => {
      const allowed = await fixture.openHttpLink({ origin: 'http://localhost:4200' });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
      expect(allowed.headers.get('vary')).toBe('Origin');
      const body = frames({ type: 'echo', payload: 1 });
      const answer = await fetch(`${fixture.server.httpLinkUrl}?nls-link=${allowed.id}`, { method: 'POST', headers: { origin: 'http://localhost:4200' }, body });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');

      await expect(fixture.openHttpLink({ origin: 'https://evil.example' })).rejects.toMatchObject({
        status: 403,
        body: 'origin https://evil.example is not allowed here; list it in ALLOWED_ORIGINS',
      });
      const foreignPost = await fetch(`${fixture.server.httpLinkUrl}?nls-link=${allowed.id}`, { method: 'POST', headers: { origin: 'https://evil.example' }, body });
      expect(foreignPost.status).toBe(403);
      expect(foreignPost.headers.get('access-control-allow-origin')).toBeNull();
      expect(await foreignPost.text()).toBe('origin https://evil.example is not allowed here; list it in ALLOWED_ORIGINS');
      expect(fixture.server.connectionCount).toBe(1);
    });

    it('406 for a GET without Accept: text/event-stream (a browser navigating to /ws), 404 for another path', async () => {
      await expect(fixture.openHttpLink({ accept: 'text/html,*/*;q=0.8' })).rejects.toMatchObject({
        status: 406,
        body: '/ws opens an HTTP link only for a GET with "Accept: text/event-stream" (or a WebSocket); got Accept: text/html,*/*;q=0.8',
      });
      await expect(HttpLinkTestClient.open(fixture.server.httpLinkUrl.replace(/\/ws$/, '/socket'))).rejects.toMatchObject({
        status: 404,
        body: 'there is no HTTP link endpoint at /socket; use /ws',
      });
      expect(fixture.server.connectionCount).toBe(0);
      await fixture.openHttpLink(); // the same GET with the Accept header, on /ws, opens
      expect(fixture.server.connectionCount).toBe(1);
    });

    it('413 for a frame over maxPayloadBytes, and the stream gets close 1009; a frame that fits is served', async () => {
      const link = await fixture.openHttpLink();
      const fits = JSON.stringify({ type: 'echo', payload: '' }).length;
      expect((await link.post(frames({ type: 'echo', payload: 'x'.repeat(1024 - fits) }))).status).toBe(204);
      expect((await link.next('echo')).payload).toHaveLength(1024 - fits);

      const answer = await link.post(frames({ type: 'echo', payload: 'before' }, { type: 'echo', payload: 'x'.repeat(1024) }));
      expect(answer).toEqual({ status: 413, body: `frame 1 is ${1024 + fits} bytes; at most 1024 are allowed (maxPayloadBytes)` });
      expect(await link.closed).toEqual({ code: 1009, reason: 'frame too large' });
      expect(link.waiting('echo')).toEqual([]); // the POST was refused whole
    });

    it('413 for a body over 64 x maxPayloadBytes, and the stream gets close 1009', async () => {
      const link = await fixture.openHttpLink();
      const small = JSON.stringify({ type: 'echo', payload: 'x'.repeat(900) });
      const answer = await link.post(JSON.stringify(Array.from({ length: 80 }, () => small)));
      expect(answer).toEqual({ status: 413, body: 'the body is over 65536 bytes (64 x maxPayloadBytes)' });
      expect(await link.closed).toEqual({ code: 1009, reason: 'POST body too large' });
    });

    it('409 for a second POST to a link while its first is still being handled: nothing of it is handled, the link stays', async () => {
      const link = await fixture.openHttpLink();
      const first = frames({ type: 'echo', payload: 'first' });
      const slow = httpRequest(`${fixture.server.httpLinkUrl}?nls-link=${link.id}`, {
        method: 'POST',
        headers: { 'content-length': Buffer.byteLength(first), expect: '100-continue' },
      });
      const answered = new Promise<number>((resolve) => slow.once('response', (response) => (response.resume(), resolve(response.statusCode ?? 0))));
      slow.flushHeaders();
      await new Promise((resolve) => slow.once('continue', resolve)); // the server is reading its body

      const second = await link.post(frames({ type: 'echo', payload: 'second' }));
      expect(second.status).toBe(409);
      expect(second.body).toMatch(/another POST to link ".+" is still being handled; send one POST at a time/);
      slow.end(first);
      expect(await answered).toBe(204);
      expect((await link.post(frames({ type: 'echo', payload: 'third' }))).status).toBe(204); // one at a time is fine
      expect((await link.next('echo')).payload).toBe('first');
      expect((await link.next('echo')).payload).toBe('third'); // "second" was not handled
    });

    it('429 when the rate limit refuses a frame: the stream gets close 1008, later frames are not handled', async () => {
      const link = await fixture.openHttpLink();
      const answer = await link.post(frames(...Array.from({ length: 20 }, (_, n) => ({ type: 'echo', payload: n }))));
      expect(answer).toEqual({ status: 429, body: 'the link was closed while handling this POST: 1008 rate limit: at most 2 messages/s (burst 10)' });
      expect(await link.closed).toEqual({ code: 1008, reason: 'rate limit: at most 2 messages/s (burst 10)' });
      // The burst of 10 was handled (and answered before the close), the 11th and later were not.
      expect(link.waiting('echo').map((echo) => echo.payload)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(fixture.server.connectionCount).toBe(0);
    });
  });

  it('upgrade probe: a WebSocket with nls-probe=1 gets close 1000 "probe" and never counts as a connection', async () => {
    const watcher = await fixture.connect();
    expect((await watcher.next('presence.count')).payload.users).toBe(1);

    const probe = new WebSocket(`${fixture.server.socketUrl}?nls-probe=1`);
    const received: string[] = [];
    probe.on('message', (data) => received.push(data.toString()));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => probe.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    expect(closed).toEqual({ code: 1000, reason: 'probe' });
    expect(received).toEqual([]); // no counter.state, no presence: the dispatcher never saw it
    await watcher.sync();
    expect(watcher.waiting('presence.count')).toEqual([]);
    expect(fixture.server.connectionCount).toBe(1);

    // Control: the same URL without the parameter is an ordinary connection, which presence does count.
    const plain = new WebSocket(`${fixture.server.socketUrl}?nls-probe=0`);
    expect((await watcher.next('presence.count')).payload.users).toBe(2);
    plain.close();
  });
});

describe('reference server: delivery over HTTP links', () => {
  const fixture = useReferenceServer({ testStreams: true });

  it('after a link is cut and a new link resumes, nothing is lost or doubled either way', async () => {
    type Item = { seq: number; payload: { n: number } };
    const ackOf = (id: number) => (ack: object) => (ack as { id?: number }).id === id;
    const first = await fixture.openHttpLink();
    first.send({ type: 'resume', payload: { session: 'cut', lastSeq: 0 } });
    await first.next('resumed');
    for (let id = 1; id <= 5; id++) first.send({ type: 'test.data', id, payload: { key: 'up', n: id } });
    for (let id = 1; id <= 5; id++) await first.next('ack', ackOf(id));
    first.send({ type: 'test.stream', id: 6, payload: { key: 'down', count: 20, intervalMs: 5 } });
    await first.next('test.stream');
    const early = [await first.next('test.item'), await first.next('test.item')];
    first.send({ type: 'debug.drop' }); // the server cuts the stream without a close event
    expect(await first.closed).toEqual({ code: 1006, reason: '' });
    const seenOnFirst = [...early, ...first.waiting('test.item')] as unknown as Item[];

    const second = await fixture.openHttpLink();
    second.send({ type: 'resume', payload: { session: 'cut', lastSeq: Math.max(...seenOnFirst.map((item) => item.seq)) } });
    // Say the acks of 4 and 5 were lost with the link: the client sends them again, then a new message.
    for (const id of [4, 5, 7]) second.send({ type: 'test.data', id, payload: { key: 'up', n: id } });
    expect((await second.next('resumed')).payload).toMatchObject({ complete: true });
    await second.next('ack', ackOf(7));
    expect((await second.request('test.report', 8, { key: 'up' })).payload).toEqual({ received: [1, 2, 3, 4, 5, 7] });

    const last = await second.next('test.item', (item) => item.payload.n === 19);
    const seenOnSecond = [...second.waiting('test.item'), last] as unknown as Item[];
    const received = [...seenOnFirst, ...seenOnSecond].map((item) => item.payload.n);
    expect(received).toEqual(Array.from({ length: 20 }, (_, n) => n)); // 0 lost, 0 doubled, in order
    await second.close();
  });
});

describe('reference server: HTTP links at shutdown', () => {
  it('closes every stream with 1001, and answers 503 to a POST it reads while shutting down', async () => {
    const server = await startReferenceServer({ shutdownGraceMs: 1_000 });
    const link = await HttpLinkTestClient.open(server.httpLinkUrl);
    // A raw WebSocket that never answers the close frame holds the shutdown in its grace period.
    const silent = connectTcp(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => {
      silent.once('data', () => resolve());
      silent.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    // A POST in progress when the shutdown starts (a new connection would be refused by then): its headers
    // are in (the server answered "100 Continue"), its body comes after.
    const body = frames({ type: 'echo', payload: 'late' });
    const post = httpRequest(`${server.httpLinkUrl}?nls-link=${link.id}`, {
      method: 'POST',
      headers: { 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answered = new Promise<PostAnswer>((resolve) =>
      post.once('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      }),
    );
    post.flushHeaders();
    await new Promise((resolve) => post.once('continue', resolve));

    const closing = server.close();
    expect(await link.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    post.end(body);
    expect(await answered).toEqual({ status: 503, body: 'the server is shutting down; try again in a moment' });
    await closing;
    silent.destroy();
  });
});

describe('HttpLink: one link as a ws-like socket', () => {
  /** What a link writes on: a stand-in for the stream's ServerResponse. */
  class FakeResponse extends EventEmitter {
    written = '';
    ended = false;
    destroyed = false;
    /** What the link did to the response, in order: `cork`, `write`, `uncork`. */
    calls: string[] = [];
    write(text: string) {
      this.written += text;
      this.calls.push('write');
      return true;
    }
    cork() {
      this.calls.push('cork');
    }
    uncork() {
      this.calls.push('uncork');
    }
    end(text = '') {
      this.written += text;
      this.ended = true;
      process.nextTick(() => this.emit('close'));
    }
    destroy() {
      this.destroyed = true;
      process.nextTick(() => this.emit('close'));
    }
  }
  const open = (keepaliveMs = 15_000) => {
    const response = new FakeResponse();
    const link = new HttpLink(response as never, { id: 'L1', keepaliveMs });
    const closes: [number, string][] = [];
    link.on('close', (code: number, reason: Buffer) => closes.push([code, reason.toString()]));
    return { response, link, closes };
  };
  const nextTick = () => new Promise((resolve) => process.nextTick(resolve));

  afterEach(() => jest.useRealTimers());

  it('opens with the open event, sends frames as data events, and uses ws\'s readyState values', async () => {
    const { response, link } = open();
    expect([HttpLink.OPEN, HttpLink.CLOSING, HttpLink.CLOSED]).toEqual([WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED]);
    expect(link.readyState).toBe(WebSocket.OPEN);
    link.send('{"type":"x"}');
    expect(response.written).toBe('event: open\ndata: {"link":"L1"}\n\ndata: {"type":"x"}\n\n');
    const received: unknown[] = [];
    link.on('message', (data: Buffer, isBinary: boolean) => received.push([data.toString(), isBinary]));
    link.receive('{"type":"y"}');
    expect(received).toEqual([['{"type":"y"}', false]]);
  });

  it('cork() holds a burst of frames until uncork(), on the response, as net.Socket#cork does for a WebSocket', () => {
    const { response, link } = open();
    response.calls = [];
    link.cork();
    link.send('1');
    link.send('2');
    link.uncork();
    expect(response.calls).toEqual(['cork', 'write', 'write', 'uncork']);
    expect(response.written.endsWith('data: 1\n\ndata: 2\n\n')).toBe(true);
  });

  it('close() writes the close event, ends the response, refuses more, and reports the code once the response is over', async () => {
    const { response, link, closes } = open();
    link.close(1008, 'too fast');
    expect(link.readyState).toBe(WebSocket.CLOSING);
    expect(response.written.endsWith('event: close\ndata: {"code":1008,"reason":"too fast"}\n\n')).toBe(true);
    expect(response.ended).toBe(true);
    const before = response.written;
    link.send('late');
    link.close(1000, 'again');
    link.receive('{"type":"late"}');
    expect(response.written).toBe(before);
    await nextTick();
    expect(link.readyState).toBe(WebSocket.CLOSED);
    expect(closes).toEqual([[1008, 'too fast']]);
  });

  it('terminate() cuts without a close event, and a client abort closes as 1006', async () => {
    const cut = open();
    cut.link.terminate();
    expect(cut.response.destroyed).toBe(true);
    await nextTick();
    expect(cut.response.written).not.toContain('event: close');
    expect(cut.closes).toEqual([[1006, '']]);

    const aborted = open();
    aborted.response.emit('close'); // what Node does when the client goes away
    expect(aborted.link.readyState).toBe(WebSocket.CLOSED);
    expect(aborted.closes).toEqual([[1006, '']]);
  });

  it('writes a keepalive comment every keepaliveMs, and none once the link closed', async () => {
    jest.useFakeTimers();
    const { response, link } = open(1_000);
    const keepalives = () => response.written.split(': keepalive\n\n').length - 1;
    jest.advanceTimersByTime(999);
    expect(keepalives()).toBe(0);
    jest.advanceTimersByTime(2_001);
    expect(keepalives()).toBe(3);
    link.close(1000, '');
    response.emit('close');
    jest.advanceTimersByTime(10_000);
    expect(keepalives()).toBe(3);
    expect(jest.getTimerCount()).toBe(0); // the interval is cleared, not just silenced
  });
});

describe('event-stream format', () => {
  it('writes a frame with line breaks as several data lines, and names events', () => {
    expect(eventStreamEvent('{"a":1}')).toBe('data: {"a":1}\n\n');
    expect(eventStreamEvent('one\r\ntwo\rthree\nfour', 'close')).toBe('event: close\ndata: one\ndata: two\ndata: three\ndata: four\n\n');
    expect(eventStreamEvent('')).toBe('data: \n\n');
    expect(eventStreamComment('keepalive')).toBe(': keepalive\n\n');
    expect(() => eventStreamEvent('x', 'a\nb')).toThrow('an event name cannot hold a line break, got "a\\nb"');
  });
});
