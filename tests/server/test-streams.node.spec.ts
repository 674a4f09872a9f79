import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStore } from '../../demo/server/delivery/sessions.mjs';
import { startReferenceServer } from '../../demo/server/reference-server.mjs';
import { testStreamsFeature } from '../../demo/server/test-streams.mjs';
import { TestClient } from '../support/server-test-client';

/**
 * The `test.data` sink is what the delivery tests count on to see a message processed twice: it must record
 * every processing, never deduplicate, or "0 duplicated" could not fail.
 */
describe('test streams: the test.data sink', () => {
  it('records every message the dispatcher hands it, a repeated one as often as it came, with or without a session', () => {
    const sink = testStreamsFeature({ log: { append() {} }, events: [], sessions: new SessionStore() });
    const withSession = { session: { id: 's' } } as never;
    const withoutSession = {} as never;
    // What the sink sees if the dispatcher (or a server that lost its state) processes a resend again.
    sink.messages!['test.data'](withSession, { type: 'test.data', id: 1, payload: { key: 'k', n: 1 } });
    sink.messages!['test.data'](withSession, { type: 'test.data', id: 1, payload: { key: 'k', n: 1 } });
    sink.messages!['test.data'](withoutSession, { type: 'test.data', payload: { key: 'k', n: 2 } });
    sink.messages!['test.data'](withoutSession, { type: 'test.data', payload: { key: 'k', n: 2 } });
    expect(sink.requests!['test.report'](withoutSession, { type: 'test.report', id: 9, payload: { key: 'k' } })).toEqual({ received: [1, 1, 2, 2] });
  });
});

describe('test streams: the sink across a restart (journal)', () => {
  let folder: string;

  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'sink-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('counts a journaled message once, even if the server died before journaling it as processed', async () => {
    // What a crash between the sink's journal line and the dispatcher's `processed` line leaves behind.
    const stateFile = join(folder, 'journal.jsonl');
    const lines = [
      { event: 'processed', session: 'crashed', id: 1 },
      { event: 'received', key: 'k', n: 10, session: 'crashed', id: 1 },
      { event: 'received', key: 'k', n: 20, session: 'crashed', id: 2 },
    ];
    writeFileSync(stateFile, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
    const server = await startReferenceServer({ stateFile, testStreams: true });
    try {
      const client = await TestClient.connect(server.socketUrl);
      client.send({ type: 'resume', payload: { session: 'crashed' } });
      await client.next('resumed');
      client.send({ type: 'test.data', id: 2, payload: { key: 'k', n: 20 } }); // the client never got the ack
      expect(await client.next('ack')).toEqual({ type: 'ack', id: 2 });
      client.send({ type: 'test.data', id: 3, payload: { key: 'k', n: 30 } });
      expect(await client.next('ack')).toEqual({ type: 'ack', id: 3 });
      expect((await client.request('test.report', 4, { key: 'k' })).payload).toEqual({ received: [10, 20, 30] });
      await client.close();
    } finally {
      await server.close();
    }
  });
});
