import { FakeWebSocket } from '../../../testing/src/fake-web-socket';
import { ManualClock } from '../../../testing/src/manual-clock';
import { WebSocketArgumentError } from '../errors/argument-error';
import { resolveReconnectPolicy } from './backoff';
import { SocketClient } from './socket-client';
import { UrlRotation } from './url-rotation';

const A = 'ws://a.localhost/ws';
const B = 'ws://b.localhost/ws?token=secret';
const C = 'ws://c.localhost/ws';

/** A client on a list of URLs, with every socket it creates recorded so the test plays each server. */
function clientOn(urls: string[], clock = new ManualClock(1_000)) {
  const sockets: FakeWebSocket[] = [];
  const client = new SocketClient({
    url: urls,
    clock,
    random: () => 1, // the full backoff ceiling, so "no wait" and "waited" are far apart
    reconnect: resolveReconnectPolicy({ baseDelayMs: 1_000, maxDelayMs: 30_000 }),
    webSocketFactory: (url) => {
      const socket = new FakeWebSocket(url, { sent() {}, discarded() {}, closedByApp() {} });
      sockets.push(socket);
      return socket;
    },
  });
  const last = () => sockets[sockets.length - 1];
  return { client, sockets, clock, last, urls: () => sockets.map((socket) => socket.url) };
}

describe('failover among several URLs', () => {
  it('moves to the second URL at once when the first refuses, without waiting for a backoff', () => {
    const { client, last, urls } = clientOn([A, B]);
    client.connect();
    last().fail();
    expect(urls()).toEqual([A, B]);
    expect(client.stats.nextRetryAt).toBeNull();
    last().accept('');
    expect(client.state).toBe('open');
    expect(client.stats.url).toBe('ws://b.localhost/ws?token=***');
    client.dispose();
  });

  it('backs off only once every URL failed in a row, then carries on round the list', () => {
    const { client, last, urls, clock } = clientOn([A, B, C]);
    client.connect();
    last().fail();
    last().fail();
    expect(urls()).toEqual([A, B, C]);
    last().fail();
    expect(urls()).toHaveLength(3); // all three failed: now it waits
    expect(client.state).toBe('reconnecting');
    expect(client.stats.nextRetryAt).toBe(clock.now() + 1_000);
    clock.advance(999);
    expect(urls()).toHaveLength(3);
    clock.advance(1);
    expect(urls()).toEqual([A, B, C, A]);
    client.dispose();
  });

  it('stays on a URL that works: after a drop it reconnects there first', () => {
    const { client, last, urls, clock } = clientOn([A, B]);
    client.connect();
    last().fail();
    last().accept('');
    last().closeFromServer(1006, '');
    clock.advance(1_000);
    expect(urls()).toEqual([A, B, B]);
    client.dispose();
  });

  it('honours a server that says "go elsewhere" (4503) by moving on at once, open or not', () => {
    const { client, last, urls } = clientOn([A, B]);
    client.connect();
    last().accept('');
    last().closeFromServer(4503, 'instance draining; retry-after=30s');
    expect(urls()).toEqual([A, B]);
    expect(client.stats.lastCloseCode).toBe(4503);
    last().accept('');
    last().closeFromServer(1001, 'server shutting down');
    expect(urls()).toEqual([A, B, A]);
    client.dispose();
  });

  it('with one URL, a "go elsewhere" close waits for its retry-after hint as before', () => {
    const { client, last, urls, clock } = clientOn([A]);
    client.connect();
    last().accept('');
    last().closeFromServer(4503, 'retry-after=5s');
    expect(client.stats.nextRetryAt).toBeGreaterThanOrEqual(clock.now() + 5_000);
    expect(urls()).toEqual([A]);
    client.dispose();
  });

  it('a handshake that times out counts as a failure before open and moves on at once', () => {
    const { client, urls, clock } = clientOn([A, B]);
    client.connect();
    clock.advance(10_000);
    expect(urls()).toEqual([A, B]);
    client.dispose();
  });

  it('refuses an empty list or a bad entry, naming the entry', () => {
    expect(() => clientOn([])).toThrow(WebSocketArgumentError);
    expect(() => clientOn([])).toThrow(/empty/);
    expect(() => clientOn([A, 'ftp://x/'])).toThrow(/entry 1/);
    // One URL is a rotation of one inside the client: its error names no entry.
    expect(() => new SocketClient({ url: 'ftp://x/' })).toThrow(/^ngx-live-socket: invalid url: "ftp:\/\/x\/" has scheme ftp:/);
  });
});

describe('UrlRotation', () => {
  it('reports a new round once each URL failed, and starts over after an open', () => {
    const rotation = UrlRotation.from([A, B]);
    expect(rotation.current).toBe(A);
    expect(rotation.moveOn()).toBe(true);
    expect(rotation.current).toBe(B);
    expect(rotation.moveOn()).toBe(false);
    expect(rotation.current).toBe(A);
    rotation.opened();
    expect(rotation.moveOn()).toBe(true);
  });
});
