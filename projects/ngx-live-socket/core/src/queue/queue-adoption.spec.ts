import { ManualClock } from '../../../testing/src/manual-clock';
import { TestWebSocketConnection, ɵsocketOf } from '../../../testing/src/test-web-socket-connection';
import { resolveDeliveryPolicy } from '../delivery/delivery';
import { MessagingClient } from '../messaging/messaging-client';
import { resolveOfflineQueuePolicy } from './offline-queue-policy';
import { memoryQueueStorage } from '../../../../../tests/support/memory-queue-storage';
import type { SessionLocks } from './session-locks';
import type { WebSocketError } from '../errors/web-socket-error';

interface TestProtocol {
  incoming: { news: string };
  outgoing: { 'chat.send': { text: string } };
  requests: Record<never, never>;
}

/**
 * Web Locks as a browser keeps them for one origin: exclusive, granted in request order, and let go of when
 * the page holding them dies (`crash`).
 */
function originLocks() {
  const holders = new Map<string, { page: number; release: () => void }>();
  const queues = new Map<string, Array<{ page: number; grant: () => void }>>();
  let pages = 0;
  const grantNext = (name: string) => {
    const waiting = queues.get(name)?.shift();
    waiting?.grant();
  };
  return {
    held: (name: string) => holders.get(name)?.page,
    page(): SessionLocks & { crash(): void } {
      const page = ++pages;
      const mine = new Set<() => void>();
      return {
        hold(name, onHeld) {
          let state: 'waiting' | 'held' | 'done' = 'waiting';
          const release = () => {
            if (state === 'held') {
              holders.delete(name);
              grantNext(name);
            } else if (state === 'waiting') {
              queues.set(name, (queues.get(name) ?? []).filter((entry) => entry.grant !== grant));
            }
            state = 'done';
            mine.delete(release);
          };
          const grant = () => {
            state = 'held';
            holders.set(name, { page, release });
            onHeld();
          };
          mine.add(release);
          if (holders.has(name)) {
            queues.set(name, [...(queues.get(name) ?? []), { page, grant }]);
          } else {
            grant();
          }
          return release;
        },
        crash: () => [...mine].forEach((release) => release()),
      };
    },
  };
}

describe('persisted queues: one page, one session; what a page leaves is adopted by exactly one other', () => {
  const URL_ = 'ws://localhost:8090/live';
  let clock: ManualClock;
  let storage: ReturnType<typeof memoryQueueStorage>;
  let locks: ReturnType<typeof originLocks>;
  let connections: TestWebSocketConnection[];
  let clients: MessagingClient<TestProtocol>[];
  let errors: WebSocketError[];

  beforeEach(() => {
    clock = new ManualClock(1_700_000_000_000);
    storage = memoryQueueStorage();
    locks = originLocks();
    connections = [];
    clients = [];
    errors = [];
  });

  afterEach(() => clients.forEach((client) => client.dispose()));

  /** A page of the app: its own client, on the origin's storage and locks. */
  function openPage(options: { acks?: boolean; pageLocks?: SessionLocks } = {}) {
    const pageLocks = options.pageLocks ?? locks.page();
    const client = new MessagingClient<TestProtocol>({
      url: URL_,
      webSocketFactory: (url, protocols) => {
        const connection = new TestWebSocketConnection(url, protocols);
        connections.push(connection);
        return ɵsocketOf(connection);
      },
      clock,
      random: Math.random,
      queue: resolveOfflineQueuePolicy({ persist: storage }),
      delivery: options.acks === false ? null : resolveDeliveryPolicy(),
      locks: pageLocks,
    });
    client.errors$.subscribe((error) => errors.push(error));
    clients.push(client);
    return { client, locks: pageLocks as SessionLocks & { crash?: () => void } };
  }

  /** Lets queued microtasks run (saves are batched per task; lock grants are claimed a task later). */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const frames = (connection: TestWebSocketConnection) => connection.sent.map((frame) => frame.json as Record<string, unknown>);
  const sessionOf = (connection: TestWebSocketConnection) => (frames(connection)[0]['payload'] as { session: string }).session;
  const openConnection = async (connection: TestWebSocketConnection) => {
    connection.open();
    await settle();
  };

  it('two pages of one storage send under sessions of their own, each numbering from 1', async () => {
    const a = openPage();
    const b = openPage();
    a.client.connect();
    b.client.connect();
    await openConnection(connections[0]);
    await openConnection(connections[1]);
    a.client.send('chat.send', { text: 'from A' });
    b.client.send('chat.send', { text: 'from B' });
    await settle();

    const [fromA, fromB] = connections.map(frames);
    expect(sessionOf(connections[0])).not.toBe(sessionOf(connections[1]));
    expect(fromA[1]).toEqual({ type: 'chat.send', payload: { text: 'from A' }, id: 1 });
    expect(fromB[1]).toEqual({ type: 'chat.send', payload: { text: 'from B' }, id: 1 });
    // Each page keeps its own record while its message awaits an ack; neither adopts the other's.
    expect([...storage.records.keys()].sort()).toEqual([sessionOf(connections[0]), sessionOf(connections[1])].sort());
    expect(connections).toHaveLength(2);
  });

  it('a page that closes with queued messages leaves them to a live page, which delivers them under the original session and ids', async () => {
    const a = openPage();
    a.client.send('chat.send', { text: 'queued 1' });
    a.client.send('chat.send', { text: 'queued 2' });
    await settle();
    const [leftKey] = storage.records.keys();

    const b = openPage();
    b.client.connect();
    await openConnection(connections[0]);
    a.client.dispose(); // the tab closes: its record stays, its lock goes
    await settle();

    expect(connections).toHaveLength(2);
    const adoption = connections[1];
    await openConnection(adoption);
    expect(frames(adoption)).toEqual([
      { type: 'resume', payload: { session: leftKey, lastSeq: 0 } },
      { type: 'chat.send', payload: { text: 'queued 1' }, id: 1 },
      { type: 'chat.send', payload: { text: 'queued 2' }, id: 2 },
    ]);
    expect(frames(connections[0]).map((frame) => frame['type'])).toEqual(['resume']); // B's own link sent nothing of A's

    adoption.deliver(JSON.stringify({ type: 'ack', id: 2 }));
    await settle();
    expect(storage.records.has(leftKey)).toBe(false);
    expect(adoption.state).toBe('closed');
    expect(errors).toEqual([]);
  });

  it('a crashed page (no dispose, its locks simply gone) is adopted by exactly one of the pages waiting', async () => {
    const a = openPage();
    a.client.send('chat.send', { text: 'only once' });
    await settle();
    const b = openPage();
    const c = openPage();
    b.client.connect();
    c.client.connect();
    await openConnection(connections[0]);
    await openConnection(connections[1]);

    a.locks.crash!();
    await settle();

    expect(connections).toHaveLength(3);
    await openConnection(connections[2]);
    expect(frames(connections[2]).filter((frame) => frame['type'] === 'chat.send')).toEqual([{ type: 'chat.send', payload: { text: 'only once' }, id: 1 }]);
  });

  it('a page that dies while delivering another page\'s queue hands the rest to the next page, with the same session and ids', async () => {
    const a = openPage();
    ['m1', 'm2', 'm3'].forEach((text) => a.client.send('chat.send', { text }));
    await settle();
    const [leftKey] = storage.records.keys();
    a.locks.crash!();

    const b = openPage();
    b.client.connect();
    await openConnection(connections[0]);
    await openConnection(connections[1]); // B's adoption of A's queue
    connections[1].deliver(JSON.stringify({ type: 'ack', id: 1 }));
    await settle();

    const c = openPage();
    c.client.connect();
    await openConnection(connections[2]);
    b.locks.crash!(); // B dies mid-delivery
    await settle();

    expect(connections).toHaveLength(4);
    await openConnection(connections[3]);
    expect(frames(connections[3])).toEqual([
      { type: 'resume', payload: { session: leftKey, lastSeq: 0 } },
      { type: 'chat.send', payload: { text: 'm2' }, id: 2 },
      { type: 'chat.send', payload: { text: 'm3' }, id: 3 },
    ]);
  });

  it('an adoption whose connection closes for good lets go: the record stays and the next waiting page delivers it', async () => {
    const a = openPage();
    a.client.send('chat.send', { text: 'not lost with a failed adoption' });
    await settle();
    const [leftKey] = storage.records.keys();
    a.client.dispose();
    const b = openPage();
    b.client.connect();
    await openConnection(connections[0]);
    const c = openPage();
    c.client.connect();
    await openConnection(connections[2]); // connections[1] is B's adoption, still connecting

    connections[1].error(); // the handshake is refused; without a reconnect policy the adoption's client closes for good
    await settle();

    expect(storage.records.has(leftKey)).toBe(true);
    expect(connections).toHaveLength(4);
    await openConnection(connections[3]);
    expect(frames(connections[3])).toEqual([
      { type: 'resume', payload: { session: leftKey, lastSeq: 0 } },
      { type: 'chat.send', payload: { text: 'not lost with a failed adoption' }, id: 1 },
    ]);
  });

  it('a queue left while no other page was open is adopted at the next load', async () => {
    const a = openPage();
    a.client.send('chat.send', { text: 'kept across the reload' });
    await settle();
    a.client.dispose();

    const reloaded = openPage();
    reloaded.client.connect();
    await openConnection(connections[0]);
    expect(connections).toHaveLength(2);
    await openConnection(connections[1]);
    expect(frames(connections[1])[1]).toEqual({ type: 'chat.send', payload: { text: 'kept across the reload' }, id: 1 });
    expect(sessionOf(connections[1])).not.toBe(sessionOf(connections[0]));
  });

  it('a record another page writes later is found through the storage watch, and adopted once that page dies', async () => {
    const b = openPage();
    b.client.connect();
    await openConnection(connections[0]);
    const a = openPage();
    a.client.send('chat.send', { text: 'late' });
    await settle();
    const [leftKey] = storage.records.keys();
    storage.notify(leftKey);
    await settle();
    expect(connections).toHaveLength(1); // A lives: nobody takes its queue

    a.locks.crash!();
    await settle();
    expect(connections).toHaveLength(2);
  });

  it('without acks, an adopted message leaves the record once sent, so nothing is sent twice', async () => {
    const a = openPage({ acks: false });
    a.client.send('chat.send', { text: 'once' });
    await settle();
    a.client.dispose();
    const b = openPage({ acks: false });
    b.client.connect();
    await openConnection(connections[0]);
    await openConnection(connections[1]);
    expect(frames(connections[1])).toEqual([{ type: 'chat.send', payload: { text: 'once' } }]);
    expect(storage.records.size).toBe(0);
    b.client.dispose();

    const c = openPage({ acks: false });
    c.client.connect();
    await settle();
    expect(connections).toHaveLength(3); // C's own link only
  });

  it('a page whose queue empties leaves no record behind', async () => {
    const a = openPage();
    a.client.connect();
    await openConnection(connections[0]);
    a.client.send('chat.send', { text: 'x' });
    await settle();
    expect(storage.records.size).toBe(1);
    connections[0].deliver(JSON.stringify({ type: 'ack', id: 1 }));
    await settle();
    expect(storage.records.size).toBe(0);
  });

  it('an adopted message the server refuses is reported, since no handle in this page can say so', async () => {
    const a = openPage();
    a.client.send('chat.send', { text: 'refused' });
    await settle();
    a.client.dispose();
    const b = openPage();
    b.client.connect();
    await openConnection(connections[0]);
    await openConnection(connections[1]);
    connections[1].deliver(JSON.stringify({ type: 'error', re: 1, payload: { message: 'join first' } }));
    await settle();
    expect(errors.map((error) => error.kind).sort()).toEqual(['send-failed', 'server-error']);
    const failed = errors.find((error) => error.kind === 'send-failed')!;
    expect(failed.message).toContain('"chat.send" #1, left by another page');
    expect(failed.message).toContain('refused');
    expect(storage.records.size).toBe(0);
  });

  it('a record that does not parse is dropped and reported, and never crashes the page', async () => {
    storage.records.set('s-broken', '{"version":1,');
    const b = openPage();
    b.client.connect();
    await settle();
    expect(errors.map((error) => [error.kind, error.details.data])).toEqual([['queue-restore-failed', '{"version":1,']]);
    expect(errors[0].message).toContain('not valid JSON');
    expect(storage.records.has('s-broken')).toBe(false);
  });

  it('a page closed by the app leaves the other pages\' queues to other pages, and its own stays held', async () => {
    const a = openPage();
    a.client.send('chat.send', { text: 'A queued' });
    await settle();
    const b = openPage();
    b.client.connect();
    b.client.close();
    a.client.dispose();
    await settle();
    expect(connections).toHaveLength(1); // B's own attempt only; B does not deliver A's queue while closed
    const c = openPage();
    c.client.connect();
    await settle();
    expect(connections).toHaveLength(3); // C's own link and its adoption of A's queue
  });
});
