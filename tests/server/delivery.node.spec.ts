import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../demo/server/delivery/journal.mjs';
import { SessionStore, compactSessionEvents } from '../../demo/server/delivery/sessions.mjs';
import { startReferenceServer } from '../../demo/server/reference-server.mjs';
import { useReferenceServer } from '../support/in-process-reference-server';
import { TestClient } from '../support/server-test-client';

// The same assertions over both transports: an HTTP link is handed to the same accept() as a WebSocket, so
// delivery sessions must hold across it alike (the link closed by aborting its stream).
describe.each(['WebSocket', 'HTTP link'] as const)('delivery on the reference server over a %s (acks and resume)', (transport) => {
  const fixture = useReferenceServer({ testStreams: true });
  const connect = () => (transport === 'WebSocket' ? fixture.connect() : fixture.openHttpLink());

  it('acks every message with an id once a session resumed, and answers a resend without processing it again', async () => {
    const client = await connect();
    client.send({ type: 'resume', payload: { session: 's-1' } });
    expect((await client.next('resumed')).payload).toEqual({ replayed: 0, complete: true, lastId: 0 });
    client.send({ type: 'test.data', id: 1, payload: { key: 'k', n: 10 } });
    client.send({ type: 'test.data', id: 2, payload: { key: 'k', n: 20 } });
    expect(await client.next('ack')).toEqual({ type: 'ack', id: 1 });
    expect(await client.next('ack')).toEqual({ type: 'ack', id: 2 });
    client.send({ type: 'test.data', id: 2, payload: { key: 'k', n: 20 } }); // a resend after a lost ack
    expect(await client.next('ack')).toEqual({ type: 'ack', id: 2 });
    const report = await client.request('test.report', 3, { key: 'k' });
    expect(report.payload).toEqual({ received: [10, 20] });
    // A resent request gets the stored reply, not a second run.
    client.send({ type: 'test.report', id: 3, payload: { key: 'k' } });
    expect(await client.next('test.report')).toMatchObject({ re: 3, payload: { received: [10, 20] } });
    await client.close();
  });

  it('numbers what it sends a resuming session and replays what the client missed after a reconnect', async () => {
    const first = await connect();
    first.send({ type: 'resume', payload: { session: 's-2', lastSeq: 0 } });
    await first.next('resumed');
    first.send({ type: 'test.stream', id: 1, payload: { key: 'replay', count: 6, intervalMs: 5 } });
    await first.next('test.stream');
    const seen = await first.next('test.item');
    expect(seen).toMatchObject({ seq: 1, payload: { n: 0 } });
    await first.close(); // items 1..5 are made while nobody is connected
    await new Promise((resolve) => setTimeout(resolve, 100));

    const second = await connect();
    second.send({ type: 'resume', payload: { session: 's-2', lastSeq: 1 } });
    const replayed = [];
    for (let n = 1; n < 6; n++) replayed.push(await second.next('test.item'));
    expect(replayed.map((item) => [item.payload.n, (item as { seq?: number }).seq])).toEqual([[1, 2], [2, 3], [3, 4], [4, 5], [5, 6]]);
    expect((await second.next('resumed')).payload).toEqual({ replayed: 5, complete: true, lastId: 1 });
    await second.close();
  });

  it('says the replay is incomplete when the client has seen more than the server remembers', async () => {
    const client = await connect();
    client.send({ type: 'resume', payload: { session: 'lost-state', lastSeq: 40 } });
    expect((await client.next('resumed')).payload).toEqual({ replayed: 0, complete: false, lastId: 0 });
    client.send({ type: 'test.stream', id: 1, payload: { key: 'after-loss', count: 1, intervalMs: 1 } });
    expect(await client.next('test.item')).toMatchObject({ seq: 41 }); // numbered on, never below what the client saw
    await client.close();
  });

  it('refuses a resume without a usable session id, naming the field', async () => {
    const client = await connect();
    client.send({ type: 'resume', payload: { session: '' } });
    expect((await client.next('error')).payload.message).toContain('resume needs payload.session');
    client.send({ type: 'resume', payload: { session: 'ok', lastSeq: -1 } });
    expect((await client.next('error')).payload.message).toContain('lastSeq must be a non-negative integer');
    await client.close();
  });
});

describe('delivery state across a server restart (journal)', () => {
  let folder: string;

  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'journal-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('a restarted server still knows processed ids and replays kept messages', async () => {
    const stateFile = join(folder, 'journal.jsonl');
    const before = await startReferenceServer({ stateFile, testStreams: true });
    const client = await TestClient.connect(before.socketUrl);
    client.send({ type: 'resume', payload: { session: 'durable', lastSeq: 0 } });
    await client.next('resumed');
    client.send({ type: 'test.data', id: 1, payload: { key: 'd', n: 1 } });
    await client.next('ack');
    client.send({ type: 'test.stream', id: 2, payload: { key: 'd', count: 3, intervalMs: 5 } });
    await client.next('test.stream');
    for (let i = 0; i < 3; i++) await client.next('test.item');
    await before.close();

    const after = await startReferenceServer({ port: before.port, stateFile, testStreams: true });
    try {
      const again = await TestClient.connect(after.socketUrl);
      again.send({ type: 'resume', payload: { session: 'durable', lastSeq: 1 } });
      expect((await again.next('test.item')).payload.n).toBe(1);
      expect((await again.next('test.item')).payload.n).toBe(2);
      expect((await again.next('resumed')).payload).toEqual({ replayed: 2, complete: true, lastId: 2 }); // lastId from the journal
      again.send({ type: 'test.data', id: 1, payload: { key: 'd', n: 1 } }); // processed before the restart
      expect(await again.next('ack')).toEqual({ type: 'ack', id: 2 }); // cumulative: the highest processed id covers 1
      expect((await again.request('test.report', 3, { key: 'd' })).payload).toEqual({ received: [1] });
      await again.close();
    } finally {
      await after.close();
    }
  });

  it('drops a torn last line and compacts on open', () => {
    const path = join(folder, 'journal.jsonl');
    const lines = [
      ...Array.from({ length: 5 }, (_, i) => ({ event: 'delivered', session: 's', message: { type: 'x', seq: i + 1 } })),
      { event: 'processed', session: 's', id: 1 },
      { event: 'processed', session: 's', id: 2 },
    ];
    writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"event":"proc`);
    const { journal, events } = Journal.open(path, (all) => compactSessionEvents(all, { keep: 2 }));
    journal.close();
    expect(events.filter((e) => e.event === 'delivered').map((e) => e.message.seq)).toEqual([4, 5]);
    expect(events.filter((e) => e.event === 'processed').map((e) => e.id)).toEqual([2]);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
    const store = new SessionStore({ events });
    expect(store.get('s')).toMatchObject({ lastClientId: 2, nextSeq: 6 });
  });

  it('forgets sessions gone longer than their time to live', () => {
    const store = new SessionStore({ ttlMs: 1_000 });
    const session = store.open('old');
    session.attach(() => true, undefined);
    session.detach(expect.anything() as never, 0); // another connection's detach changes nothing
    expect(store.size).toBe(1);
    const transmit = () => true;
    const other = store.open('gone');
    other.attach(transmit, undefined);
    other.detach(transmit, 0);
    store.expire(5_000);
    expect(store.get('gone')).toBeUndefined();
    expect(store.get('old')).toBeDefined();
  });
});
