import { firstValueFrom } from 'rxjs';
import { FakeServer } from '../../../../../tests/support/fake-server';
import { memoryQueueStorage } from '../../../../../tests/support/memory-queue-storage';
import { ManualClock } from '../../../testing/src/manual-clock';
import type { TestWebSocketConnection } from '../../../testing/src/test-web-socket-connection';
import { resolveReconnectPolicy } from '../connection/backoff';
import type { WebSocketCodec } from '../codec/codec';
import { resolveDeliveryPolicy } from '../delivery/delivery';
import { resolveHeartbeatPolicy } from '../heartbeat/heartbeat';
import { MessagingClient, type MessagingClientOptions } from './messaging-client';
import { resolveOfflineQueuePolicy } from '../queue/offline-queue-policy';
import { WebSocketRequestError } from './request-error';
import type { SendStatus } from '../queue/send-handle';
import type { WebSocketError } from '../errors/web-socket-error';

const URL_ = 'ws://localhost:8090/live';
/** How long the test's server takes to answer a ping, where a test measures the round trip. */
const ROUND_TRIP_MS = 4;

/** Lets queued microtasks run (the persistent queue saves once per task); the client's clock does not move. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

interface TestProtocol {
  incoming: { 'chat.message': { text: string }; news: string };
  outgoing: { 'chat.send': { text: string }; typing: void };
  requests: { 'chat.join': { request: { name: string }; reply: { welcome: string } } };
}

describe('MessagingClient', () => {
  let clock: ManualClock;
  let server: FakeServer;
  let clients: MessagingClient<TestProtocol>[];
  let errors: WebSocketError[];

  function createClient(options: Partial<MessagingClientOptions> = {}): MessagingClient<TestProtocol> {
    const client = new MessagingClient<TestProtocol>({
      url: URL_,
      webSocketFactory: server.factory,
      clock,
      random: () => 0,
      reconnect: resolveReconnectPolicy(),
      ...options,
    });
    client.errors$.subscribe((error) => errors.push(error));
    clients.push(client);
    return client;
  }

  /**
   * The server drops every connection and refuses the retries (random 0: one every few ms) for `downMs`, then
   * is back: the attempt pending then waits for `server.accept()`.
   */
  function restartServer(downMs = 100): void {
    server.goDown();
    clock.advance(downMs);
    server.comeBack();
  }

  /** Frames the server received on `connection`, decoded. */
  const received = (connection: TestWebSocketConnection) => connection.sent.map((frame) => frame.json as Record<string, unknown>);
  const send = (connection: TestWebSocketConnection, envelope: object) => connection.deliver(JSON.stringify(envelope));
  const types = (frames: Array<Record<string, unknown>>) => frames.map((frame) => frame['type']);

  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
    server = new FakeServer(clock);
    clients = [];
    errors = [];
  });

  afterEach(() => clients.forEach((client) => client.dispose()));

  describe('routing', () => {
    it('routes each message type to its own typed stream', () => {
      const client = createClient();
      const chat: Array<{ text: string }> = [];
      const news: string[] = [];
      client.on('chat.message').subscribe((m) => chat.push(m));
      client.on('news').subscribe((n) => news.push(n));
      client.connect();
      const connection = server.accept();
      send(connection, { type: 'news', payload: 'extra' });
      send(connection, { type: 'chat.message', payload: { text: 'hi' } });
      expect(chat).toEqual([{ text: 'hi' }]);
      expect(news).toEqual(['extra']);
    });

    it('reports a malformed frame with its raw data, counts it, and stays open', () => {
      const client = createClient();
      client.connect();
      const connection = server.accept();
      connection.deliver('{not json');
      connection.deliver('{"payload":1}');
      expect(errors.map((e) => [e.kind, e.details.data])).toEqual([
        ['malformed-frame', '{not json'],
        ['malformed-frame', '{"payload":1}'],
      ]);
      expect(errors[1].message).toContain('no "type" string');
      expect(client.stats.malformedFrames).toBe(2);
      expect(client.state).toBe('open');
    });

    it('counts a message nobody listens to, without calling it an error', () => {
      const client = createClient();
      client.connect();
      server.accept().deliver('{"type":"surprise"}');
      expect(errors).toEqual([]);
      expect(client.stats.unhandledMessages).toBe(1);
    });

    it('passes binary frames through untouched on binary$', () => {
      const client = createClient({ binaryType: 'arraybuffer' });
      const binary: unknown[] = [];
      client.binary$.subscribe((frame) => binary.push(frame));
      client.connect();
      const connection = server.accept();
      expect(connection.binaryType).toBe('arraybuffer');
      const bytes = new Uint8Array([1, 2, 3]).buffer;
      connection.deliver(bytes);
      expect(binary).toHaveLength(1);
      expect(new Uint8Array(binary[0] as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
      expect(errors).toEqual([]);
    });

    it('keeps errors raised before anyone subscribed for the first subscriber', () => {
      const client = new MessagingClient({ url: URL_, webSocketFactory: server.factory, clock });
      clients.push(client as MessagingClient<TestProtocol>);
      client.sendRaw('too early');
      const early: string[] = [];
      client.errors$.subscribe((error) => early.push(error.kind));
      expect(early).toEqual(['send-failed']);
    });

    it('speaks another wire format through a codec, heartbeat included', () => {
      const eventData: WebSocketCodec = {
        encode: ({ type, payload }) => JSON.stringify({ event: type, data: payload }),
        decode: (frame) => {
          const { event, data } = JSON.parse(String(frame)) as { event?: unknown; data?: unknown };
          if (typeof event !== 'string') throw new Error('no "event" string');
          return { type: event, payload: data };
        },
      };
      // The codec can express a ping, so the app builds it with the codec; the default one would not be allowed.
      expect(() => createClient({ codec: eventData, heartbeat: resolveHeartbeatPolicy() })).toThrow('invalid heartbeat ping');
      const ping = (now: number) => eventData.encode({ type: 'ping', payload: { t: now } });
      const client = createClient({ codec: eventData, heartbeat: resolveHeartbeatPolicy({ intervalMs: 1_000, ping }) });
      const chat: unknown[] = [];
      client.on('chat.message').subscribe((m) => chat.push(m));
      client.connect();
      const connection = server.accept();
      client.send('chat.send', { text: 'yo' });
      connection.deliver(JSON.stringify({ event: 'chat.message', data: { text: 'back' } }));
      clock.advance(999);
      expect(received(connection)).toEqual([{ event: 'chat.send', data: { text: 'yo' } }]);
      clock.advance(1); // a quiet second after the last frame: ping
      expect(received(connection)).toEqual([{ event: 'chat.send', data: { text: 'yo' } }, { event: 'ping', data: { t: clock.now() } }]);
      clock.advance(ROUND_TRIP_MS);
      connection.deliver(JSON.stringify({ event: 'pong', data: {} }));
      expect(chat).toEqual([{ text: 'back' }]);
      expect(client.stats.lastRttMs).toBe(ROUND_TRIP_MS);
      expect(errors).toEqual([]);
    });
  });

  describe('channels', () => {
    it('subscribes on the first listener, unsubscribes after the last, and routes channel messages', () => {
      const client = createClient();
      client.connect();
      const connection = server.accept();
      const seen: unknown[] = [];
      const a = client.channel('room:1').subscribe((m) => seen.push(m.payload));
      const b = client.channel('room:1').subscribe();
      send(connection, { type: 'news', channel: 'room:1', payload: 'in room' });
      a.unsubscribe();
      expect(received(connection)).toEqual([{ type: 'sub', channel: 'room:1' }]); // b still listens
      b.unsubscribe();
      expect(received(connection)).toEqual([{ type: 'sub', channel: 'room:1' }, { type: 'unsub', channel: 'room:1' }]);
      expect(seen).toEqual(['in room']);
    });

    it('re-subscribes each active channel exactly once after every reconnect, and queues no unsub while offline', () => {
      const client = createClient();
      client.connect();
      server.accept();
      client.channel('room:1').subscribe();
      client.channel('room:1').subscribe();
      const gone = client.channel('room:2').subscribe();
      restartServer();
      gone.unsubscribe(); // while offline
      server.accept();
      expect(client.state).toBe('open');
      expect(received(server.latest)).toEqual([{ type: 'sub', channel: 'room:1' }]);
      restartServer();
      server.accept();
      expect(received(server.latest)).toEqual([{ type: 'sub', channel: 'room:1' }]);
    });

    it('rejects an empty channel name', () => {
      expect(() => createClient().channel('')).toThrow('invalid channel name');
    });
  });

  describe('requests', () => {
    it('correlates the reply by id, emits it and completes', async () => {
      const client = createClient();
      client.connect();
      const connection = server.accept();
      const reply = firstValueFrom(client.request('chat.join', { name: 'ada' }));
      connection.expectRequest('chat.join').reply({ welcome: 'hi ada' }); // {"type":"chat.join","re":1,"payload":...}
      await expect(reply).resolves.toEqual({ welcome: 'hi ada' });
      expect(received(connection)).toEqual([{ type: 'chat.join', payload: { name: 'ada' }, id: 1 }]);
    });

    it('turns an error reply into an observable error', async () => {
      const client = createClient();
      client.connect();
      const connection = server.accept();
      const reply = firstValueFrom(client.request('chat.join', { name: 'ada' }));
      connection.expectRequest('chat.join').error('name taken'); // {"type":"error","re":1,"payload":{"message":"name taken"}}
      await expect(reply).rejects.toThrow(new WebSocketRequestError('error-reply', 'chat.join', 'name taken'));
      expect(errors).toEqual([]);
    });

    it('times out, and ignores a late reply', async () => {
      const client = createClient();
      client.connect();
      const connection = server.accept();
      let settled = false;
      const reply = firstValueFrom(client.request('chat.join', { name: 'ada' }, { timeoutMs: 500 })).finally(() => (settled = true));
      reply.catch(() => undefined); // read below, after the timeout
      clock.advance(499);
      await settle();
      expect(settled).toBe(false);
      clock.advance(1);
      await expect(reply).rejects.toMatchObject({ kind: 'timeout', message: expect.stringContaining('no reply within 500 ms') });
      send(connection, { type: 'chat.join', re: 1, payload: {} });
      expect(errors).toEqual([]);
    });

    it('is lazy, and unsubscribing withdraws a request still queued', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy() });
      const request = client.request('chat.join', { name: 'ada' });
      expect(client.stats.queuedMessages).toBe(0);
      const subscription = request.subscribe();
      expect(client.stats.queuedMessages).toBe(1);
      subscription.unsubscribe();
      client.connect();
      const connection = server.accept();
      expect(received(connection)).toEqual([]);
      expect(clock.pendingTimers).toBe(0);
    });

    it('fails at once with not-sent when offline without a queue', async () => {
      const client = createClient();
      await expect(firstValueFrom(client.request('chat.join', { name: 'ada' }))).rejects.toMatchObject({ kind: 'not-sent', details: { reason: 'offline' } });
    });
  });

  describe('offline queue', () => {
    it('without a queue, a send while offline fails with offline and is reported', () => {
      const client = createClient();
      const handle = client.send('chat.send', { text: 'lost?' });
      expect(handle.status).toEqual({ state: 'failed', reason: 'offline' });
      expect(errors[0].kind).toBe('send-failed');
      expect(errors[0].message).toContain('withOfflineQueue()');
    });

    it('keeps sends made while down and flushes them in order before anything sent on open', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy() });
      const statuses: SendStatus['state'][] = [];
      const first = client.send('chat.send', { text: '1' });
      first.status$.subscribe((s) => statuses.push(s.state));
      client.send('chat.send', { text: '2' });
      client.send('typing');
      expect(client.stats.queuedMessages).toBe(3);
      client.state$.subscribe((state) => state === 'open' && client.send('chat.send', { text: 'on open' }));
      client.connect();
      expect(received(server.accept())).toEqual([
        { type: 'chat.send', payload: { text: '1' } },
        { type: 'chat.send', payload: { text: '2' } },
        { type: 'typing' },
        { type: 'chat.send', payload: { text: 'on open' } },
      ]);
      expect(statuses).toEqual(['queued', 'sent']);
      expect(client.stats.queuedMessages).toBe(0);
    });

    it('keeps the queue across an app close() and sends it after connect()', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy() });
      client.connect();
      server.accept();
      client.close(4000, 'offline (user)');
      const handle = client.send('chat.send', { text: 'while closed' });
      clock.advance(10_000);
      expect(handle.status.state).toBe('queued');
      expect(server.connections).toHaveLength(1);
      client.connect();
      expect(received(server.accept())).toEqual([{ type: 'chat.send', payload: { text: 'while closed' } }]);
    });

    it('reports overflow under the error policy', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy({ maxMessages: 1, overflow: 'error' }) });
      client.send('chat.send', { text: '1' });
      const refused = client.send('chat.send', { text: '2' });
      expect(refused.status).toEqual({ state: 'failed', reason: 'overflow' });
      expect(errors.map((e) => e.kind)).toEqual(['queue-overflow']);
      expect(client.stats.droppedMessages).toBe(1);
    });

    it('fails what is queued with closed when disposed', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy() });
      const handle = client.send('chat.send', { text: 'bye' });
      expect(client.stats).toMatchObject({ queuedMessages: 1, queuedBytes: expect.any(Number) });
      client.dispose();
      expect(handle.status).toEqual({ state: 'failed', reason: 'closed' });
      expect(client.stats).toMatchObject({ queuedMessages: 0, queuedBytes: 0 });
      expect(client.send('chat.send', { text: 'after' }).status).toEqual({ state: 'failed', reason: 'closed' });
    });
  });

  describe('delivery (acks and resume)', () => {
    const delivery = resolveDeliveryPolicy();

    it('opens every link with resume (session, last seq), then channels, then the queue', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy(), delivery });
      client.channel('room:1').subscribe();
      client.send('chat.send', { text: 'queued' });
      client.connect();
      const frames = received(server.accept());
      expect(types(frames)).toEqual(['resume', 'sub', 'chat.send']);
      expect(frames[0]).toEqual({ type: 'resume', payload: { session: expect.stringMatching(/^s-/), lastSeq: 0 } });
      expect(frames[2]).toEqual({ type: 'chat.send', payload: { text: 'queued' }, id: 1 });
    });

    it('holds messages until acked and resends the unacked ones after a reconnect, in order', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy(), delivery });
      client.connect();
      const connection = server.accept();
      const handles = ['a', 'b', 'c'].map((text) => client.send('chat.send', { text }));
      send(connection, { type: 'ack', id: 1 });
      expect(handles.map((h) => h.status.state)).toEqual(['acked', 'sent', 'sent']);
      restartServer();
      expect(handles[1].status.state).toBe('queued');
      expect(received(server.accept())).toEqual([
        { type: 'resume', payload: { session: expect.any(String), lastSeq: 0 } },
        { type: 'chat.send', payload: { text: 'b' }, id: 2 },
        { type: 'chat.send', payload: { text: 'c' }, id: 3 },
      ]);
      send(server.latest, { type: 'ack', id: 3 });
      expect(handles.map((h) => h.status.state)).toEqual(['acked', 'acked', 'acked']);
      expect(client.stats.queuedMessages).toBe(0);
    });

    it('fails a message the server refused with an error reply, and reports the reason', () => {
      const client = createClient({ delivery });
      client.connect();
      const connection = server.accept();
      const refused = client.send('chat.send', { text: 'too soon' });
      const accepted = client.send('chat.send', { text: 'fine' });
      send(connection, { type: 'error', re: 1, payload: { message: 'join first' } });
      send(connection, { type: 'ack', id: 2 });
      expect(refused.status).toEqual({ state: 'failed', reason: 'refused' });
      expect(accepted.status.state).toBe('acked');
      expect(errors.map((e) => [e.kind, e.message])).toEqual([['server-error', 'ngx-live-socket: the server refused message #1: join first']]);
    });

    it('drops incoming duplicates by seq, resumes from the last seq seen, and reports a gap', () => {
      const client = createClient({ delivery });
      const news: string[] = [];
      client.on('news').subscribe((n) => news.push(n));
      client.connect();
      const connection = server.accept();
      for (const seq of [1, 2, 2, 3, 1]) send(connection, { type: 'news', payload: `n${seq}`, seq });
      expect(news).toEqual(['n1', 'n2', 'n3']);
      expect(client.stats.duplicateMessages).toBe(2);
      restartServer();
      expect(received(server.accept())[0]).toEqual({ type: 'resume', payload: { session: expect.any(String), lastSeq: 3 } });
      send(server.latest, { type: 'resumed', payload: { replayed: 0, complete: false } });
      expect(errors.map((e) => e.kind).filter((kind) => kind !== 'socket-error')).toEqual(['resume-gap']);
    });
  });

  // Persistence across pages and reloads: queue-adoption.spec.ts.

  describe('what the client checks (delivery)', () => {
    const delivery = resolveDeliveryPolicy();

    function openClient(options: Partial<MessagingClientOptions> = {}): MessagingClient<TestProtocol> {
      const client = createClient({ delivery, ...options });
      client.connect();
      send(server.accept(), { type: 'resumed', payload: { replayed: 0, complete: true } }); // answers the link's resume
      return client;
    }

    const news = (client: MessagingClient<TestProtocol>) => {
      const seen: string[] = [];
      client.on('news').subscribe((n) => seen.push(n));
      return seen;
    };
    const deliver = (seqs: number[], connection = server.latest) => {
      for (const seq of seqs) send(connection, { type: 'news', payload: `n${seq}`, seq });
    };
    const resumes = (frames = received(server.latest)) => frames.filter((frame) => frame['type'] === 'resume').map((frame) => (frame['payload'] as { lastSeq: number }).lastSeq);

    it('ignores an ack for an id never sent, reports it, and acknowledges nothing by it', () => {
      const client = openClient();
      const handles = ['a', 'b', 'c'].map((text) => client.send('chat.send', { text }));
      send(server.latest, { type: 'ack', id: 1000 });
      expect(handles.map((h) => h.status.state)).toEqual(['sent', 'sent', 'sent']);
      expect(client.stats.queuedMessages).toBe(3);
      expect(errors.map((e) => [e.kind, e.message])).toEqual([
        ['protocol-error', 'ngx-live-socket: the server sent an ack for id 1000, but the highest id sent on this session is 3: it was ignored.'],
      ]);
      send(server.latest, { type: 'ack', id: 3 });
      expect(handles.map((h) => h.status.state)).toEqual(['acked', 'acked', 'acked']);
    });

    it('does not count a queued message as sent: an ack for it before it went out is a protocol error', () => {
      const client = createClient({ delivery, queue: resolveOfflineQueuePolicy() });
      const handle = client.send('chat.send', { text: 'queued' }); // id 1, not transmitted
      client.connect();
      send(server.accept(), { type: 'ack', id: 2 }); // the server acks as the link opens
      expect(errors.map((e) => e.kind)).toEqual(['protocol-error']);
      expect(handle.status.state).toBe('sent');
    });

    it('ignores a reply for an id never sent (reported), and silently one for a request nobody waits for', async () => {
      const client = openClient();
      const reply = firstValueFrom(client.request('chat.join', { name: 'ada' }, { timeoutMs: 500 })); // id 1
      send(server.latest, { type: 'chat.join', re: 7, payload: { welcome: 'not yours' } });
      expect(errors.map((e) => [e.kind, e.message])).toEqual([
        ['protocol-error', 'ngx-live-socket: the server sent a reply for id 7, but the highest id sent on this session is 1: it was ignored.'],
      ]);
      clock.advance(500);
      await expect(reply).rejects.toMatchObject({ kind: 'timeout' });
      send(server.latest, { type: 'chat.join', re: 1, payload: { welcome: 'too late' } });
      expect(errors).toHaveLength(1);
    });

    it('delivers the sequence of the user test as 1..10 in order, one duplicate, each gap reported and replay asked on the link', () => {
      const client = openClient();
      const seen = news(client);
      deliver([1, 2, 2, 5, 3, 4]);
      send(server.latest, { type: 'resumed', payload: { replayed: 0, complete: true } }); // answers the resume at the first gap
      deliver([6, 9, 7, 8, 10]);
      send(server.latest, { type: 'resumed', payload: { replayed: 0, complete: true } });
      expect(seen).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10']);
      expect(client.stats.duplicateMessages).toBe(1);
      expect(errors.map((e) => e.message)).toEqual([
        'ngx-live-socket: expected seq 3, got 5: asking the server to replay from 3.',
        'ngx-live-socket: expected seq 7, got 9: asking the server to replay from 7.',
      ]);
      expect(errors.map((e) => e.kind)).toEqual(['seq-gap', 'seq-gap']);
      expect(resumes()).toEqual([0, 2, 6]); // on open, then one per gap, on the same link
    });

    it('lets the server replay a gap mid-link: the replay fills it and what was held is not delivered twice', () => {
      const client = openClient();
      const seen = news(client);
      deliver([1, 4]);
      expect(received(server.latest).at(-1)).toEqual({ type: 'resume', payload: { session: expect.stringMatching(/^s-/), lastSeq: 1 } });
      deliver([2, 3, 4]); // the reference server resends everything after lastSeq
      send(server.latest, { type: 'resumed', payload: { replayed: 3, complete: true } });
      expect(seen).toEqual(['n1', 'n2', 'n3', 'n4']);
      expect(client.stats.duplicateMessages).toBe(1);
      expect(errors.map((e) => e.kind)).toEqual(['seq-gap']);
    });

    it('reports a gap the server cannot fill as resume-gap naming the range, then delivers what it held', () => {
      const client = openClient();
      const seen = news(client);
      deliver([1, 4, 5]);
      send(server.latest, { type: 'resumed', payload: { replayed: 0, complete: false } });
      expect(errors.map((e) => [e.kind, e.message])).toEqual([
        ['seq-gap', 'ngx-live-socket: expected seq 2, got 4: asking the server to replay from 2.'],
        ['resume-gap', 'ngx-live-socket: seq 2-3 never arrived (the server no longer had them); delivering the 2 messages held after the gap.'],
      ]);
      expect(seen).toEqual(['n1', 'n4', 'n5']);
    });

    it('gives a gap up after 5 s without an answer', () => {
      const client = openClient();
      const seen = news(client);
      deliver([1, 3]);
      clock.advance(4_999);
      expect(seen).toEqual(['n1']);
      expect(errors.map((e) => e.kind)).toEqual(['seq-gap']);
      clock.advance(1);
      expect(errors.map((e) => e.kind)).toEqual(['seq-gap', 'resume-gap']);
      expect(seen).toEqual(['n1', 'n3']);
    });

    it('keeps held messages over a reconnect; the next link resumes from the last seq delivered in order', () => {
      const client = openClient();
      const seen = news(client);
      deliver([1, 2, 4]);
      restartServer();
      server.accept();
      expect(resumes()).toEqual([2]);
      deliver([3, 4, 5]);
      send(server.latest, { type: 'resumed', payload: { replayed: 3, complete: true } });
      expect(seen).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
      expect(errors.map((e) => e.kind).filter((kind) => kind !== 'socket-error')).toEqual(['seq-gap']);
    });

    it('persists as lastSeq the highest seq delivered in order, not one held beyond a gap', async () => {
      const storage = memoryQueueStorage();
      const client = openClient({ queue: resolveOfflineQueuePolicy({ persist: storage }) });
      deliver([1, 2, 5]);
      client.send('chat.send', { text: 'held until acked' }); // the record is written with the queue
      await settle(); // saves are batched per task (queueMicrotask)
      const records = [...storage.records].filter(([key]) => !key.startsWith('~lease:')); // jsdom has no Web Locks
      expect(records.map(([, record]) => JSON.parse(record).lastSeq)).toEqual([2]);
    });

    it('without resume, seq is not checked', () => {
      const client = openClient({ delivery: resolveDeliveryPolicy({ resume: false }) });
      const seen = news(client);
      deliver([3, 1, 1]);
      expect(seen).toEqual(['n3', 'n1', 'n1']);
      expect(errors).toEqual([]);
    });
  });

  describe('errors nobody listens to', () => {
    let warn: jest.SpyInstance;

    beforeEach(() => {
      warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    });

    afterEach(() => warn.mockRestore());

    function silentClient(options: Partial<MessagingClientOptions> = {}): MessagingClient<TestProtocol> {
      const client = new MessagingClient<TestProtocol>({ url: URL_, webSocketFactory: server.factory, clock, random: () => 0, ...options });
      clients.push(client);
      client.connect();
      server.accept();
      return client;
    }

    it('keeps their raw data only up to 64 KiB in all, and says so in the message of those kept without', () => {
      const client = silentClient();
      const frame = `{${'x'.repeat(40 * 1024)}`;
      for (let i = 0; i < 3; i++) server.latest.deliver(frame);
      const kept: WebSocketError[] = [];
      client.errors$.subscribe((error) => kept.push(error));
      expect(kept.map((e) => e.kind)).toEqual(['malformed-frame', 'malformed-frame', 'malformed-frame']);
      expect(kept.map((e) => e.details.data === frame)).toEqual([true, false, false]);
      expect(kept[1].message).toMatch(/^ngx-live-socket: an incoming frame was dropped: .*\(its 40 KB of raw data were not kept: errors\$ had no subscriber\)$/);
      expect(kept[1].details).not.toHaveProperty('data');
    });

    it('keeps at most 50 of them', () => {
      const client = silentClient();
      for (let i = 0; i < 60; i++) server.latest.deliver('{not json');
      const kept: WebSocketError[] = [];
      client.errors$.subscribe((error) => kept.push(error));
      expect(kept).toHaveLength(50);
    });

    it('prints the first of each kind with console.warn in dev mode, a server refusal included', () => {
      const client = silentClient({ delivery: resolveDeliveryPolicy() });
      server.latest.deliver('{not json');
      server.latest.deliver('{not json either');
      client.send('chat.send', { text: 'refused' });
      send(server.latest, { type: 'error', re: 1, payload: { message: 'join first' } });
      expect(warn.mock.calls.map(([text]) => String(text))).toEqual([
        expect.stringMatching(/^ngx-live-socket: an incoming frame was dropped: .*\(errors\$ has no subscriber; the first "malformed-frame" error is shown in dev mode only\)$/),
        'ngx-live-socket: the server refused message #1: join first (errors$ has no subscriber; the first "server-error" error is shown in dev mode only)',
      ]);
    });

    it('stays silent in production (ngDevMode false) and when errors$ has a subscriber', () => {
      const global = globalThis as { ngDevMode?: unknown };
      const devMode = global.ngDevMode; // Angular's own, set up by TestBed: put it back as it was
      global.ngDevMode = false;
      try {
        silentClient();
        server.latest.deliver('{not json');
      } finally {
        global.ngDevMode = devMode;
      }
      createClient().connect();
      server.accept().deliver('{not json');
      expect(errors.map((e) => e.kind)).toEqual(['malformed-frame']);
      expect(warn).not.toHaveBeenCalled();
    });
  });

  describe('rxjs webSocket compatibility', () => {
    it('multiplex() sends the sub message, filters the stream, and sends the unsub message', () => {
      const client = createClient({ queue: resolveOfflineQueuePolicy() });
      client.connect();
      const connection = server.accept();
      const seen: unknown[] = [];
      const subscription = client
        .multiplex(() => ({ type: 'sub.a' }), () => ({ type: 'unsub.a' }), (message) => message.type === 'chat.message')
        .subscribe((m) => seen.push(m.payload));
      send(connection, { type: 'chat.message', payload: { text: 'for a' } });
      send(connection, { type: 'news', payload: 'not for a' });
      subscription.unsubscribe();
      expect(seen).toEqual([{ text: 'for a' }]);
      expect(types(received(connection))).toEqual(['sub.a', 'unsub.a']);
    });
  });
});
