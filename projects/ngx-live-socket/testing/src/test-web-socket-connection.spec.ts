import { WebSocketArgumentError } from 'ngx-live-socket';
import { TestWebSocketConnection, ɵsocketOf, ɵunexpectedFramesOf } from './test-web-socket-connection';

describe('TestWebSocketConnection', () => {
  let connection: TestWebSocketConnection;
  let socket: WebSocket;
  let seen: string[];

  function connect(protocols?: string | string[]): void {
    connection = new TestWebSocketConnection('ws://localhost/live', protocols);
    socket = ɵsocketOf(connection);
    seen = [];
    socket.addEventListener('message', (event) => seen.push(String(event.data)));
    socket.addEventListener('close', (event) => seen.push(`close ${event.code} ${event.reason}`));
    socket.addEventListener('error', () => seen.push('error'));
  }

  beforeEach(() => connect(['v1', 'v2']));

  it('shows the URL, the offered protocols and the state, and opens with a protocol the app offered', () => {
    expect(connection.url).toBe('ws://localhost/live');
    expect(connection.protocols).toEqual(['v1', 'v2']);
    expect(connection.state).toBe('connecting');
    expect(String(connection)).toBe('ws://localhost/live [protocols v1, v2] (connecting)');
    connection.open('v2');
    expect(connection.state).toBe('open');
    expect(connection.protocol).toBe('v2');
    expect(socket.readyState).toBe(WebSocket.OPEN);
    connect('chat');
    expect(connection.protocols).toEqual(['chat']);
    connect();
    expect(connection.protocols).toEqual([]);
  });

  it('refuses a protocol the app did not offer, naming the offered ones', () => {
    expect(() => connection.open('v3')).toThrow(new WebSocketArgumentError('open() protocol', '"v3" was not offered by the app; it offered "v1", "v2".'));
    connect();
    expect(() => connection.open('v1')).toThrow('"v1" was not offered by the app; it offered none.');
    expect(connection.state).toBe('connecting');
  });

  it('delivers raw and enveloped frames to the app', () => {
    connection.open();
    connection.deliver('plain text');
    connection.deliverMessage('chat.message', { text: 'hi' });
    connection.deliverMessage('pong');
    expect(seen).toEqual(['plain text', '{"type":"chat.message","payload":{"text":"hi"}}', '{"type":"pong"}']);
  });

  it('refuses what a server cannot do, saying why', () => {
    expect(() => connection.deliver('early')).toThrow('Cannot deliver() on ws://localhost/live [protocols v1, v2] (connecting): call open() first.');
    expect(() => connection.close()).toThrow('Cannot close() on ws://localhost/live [protocols v1, v2] (connecting): a server closes only what it accepted: call open() first, or error() to refuse the handshake.');
    connection.open();
    expect(() => connection.open()).toThrow('Cannot open() on ws://localhost/live [protocols v1, v2] (open): it is open already.');
    expect(() => connection.deliver({ type: 'x' } as never)).toThrow(
      'invalid deliver() frame: expected a string, an ArrayBuffer or a Blob, got Object. For a JSON message use deliverMessage(type, payload).',
    );
    expect(() => connection.deliverMessage('')).toThrow('invalid deliverMessage() type: expected a non-empty string, got "".');
    socket.close(4000, 'dead link');
    expect(() => connection.deliver('late')).toThrow('Cannot deliver() on ws://localhost/live [protocols v1, v2] (closed): the app closed it (code 4000, reason "dead link").');
    expect(() => connection.error()).toThrow('(closed): the app closed it');
  });

  it('closes from the server with a code and reason a server may send', () => {
    connection.open();
    connection.close(1012, 'restarting');
    expect(seen).toEqual(['close 1012 restarting']);
    expect(connection.state).toBe('closed');
    expect(connection.closedByApp).toBeNull();
    expect(() => connection.close()).toThrow('(closed): it has closed.');
  });

  it('rejects close codes no server sends and over-long reasons, naming the allowed values', () => {
    connection.open();
    expect(() => connection.close(1006)).toThrow(
      'invalid close() code: 1006 is not a code a server sends; use 1000-1003, 1007-1014 or 3000-4999. 1006 is what the browser reports when the link fails: use error() for that.',
    );
    for (const code of [999, 1004, 1005, 1015, 2000, 5000, 4000.5]) {
      expect(() => connection.close(code)).toThrow(`invalid close() code: ${code} is not a code a server sends`);
    }
    expect(() => connection.close(1000, 'x'.repeat(124))).toThrow('invalid close() reason: it is 124 UTF-8 bytes long; the limit is 123.');
    expect(connection.state).toBe('open');
    for (const code of [1000, 1003, 1007, 1014, 3000, 4999]) {
      connect();
      connection.open();
      connection.close(code);
      expect(connection.state).toBe('closed');
    }
  });

  it('error() fails the handshake or the open link: error, then close 1006', () => {
    connection.error();
    expect(seen).toEqual(['error', 'close 1006 ']);
    connect();
    connection.open();
    connection.error();
    expect(seen).toEqual(['error', 'close 1006 ']);
  });

  it('records how the app closed its socket', () => {
    connection.open();
    expect(connection.closedByApp).toBeNull();
    socket.close(1000, 'done');
    expect(connection.closedByApp).toEqual({ code: 1000, reason: 'done' });
    expect(connection.state).toBe('closed');
  });

  it('shows the binaryType the app chose', () => {
    expect(connection.binaryType).toBe('blob');
    socket.binaryType = 'arraybuffer';
    expect(connection.binaryType).toBe('arraybuffer');
  });

  describe('expectSent', () => {
    beforeEach(() => connection.open());

    it('finds enveloped frames by type, oldest first, and reads out type and payload', () => {
      socket.send('{"type":"chat.send","payload":{"text":"one"},"id":1}');
      socket.send('{"type":"typing"}');
      socket.send('{"type":"chat.send","payload":{"text":"two"},"id":2}');
      const first = connection.expectSent('chat.send');
      expect(first).toEqual({ data: '{"type":"chat.send","payload":{"text":"one"},"id":1}', json: { type: 'chat.send', payload: { text: 'one' }, id: 1 }, type: 'chat.send', payload: { text: 'one' }, id: 1 });
      expect(connection.expectSent('chat.send').payload).toEqual({ text: 'two' });
      expect(connection.expectSent('typing').payload).toBeUndefined();
      expect(ɵunexpectedFramesOf(connection)).toEqual([]);
      expect(connection.sent.map((frame) => frame.type)).toEqual(['chat.send', 'typing', 'chat.send']);
    });

    it('matches raw, non-envelope JSON and binary frames with a predicate', () => {
      const bytes = new Uint8Array([1, 2, 3]);
      socket.send('PING');
      socket.send('[1,2]');
      socket.send(bytes);
      expect(connection.expectSent((frame) => frame.data === 'PING')).toMatchObject({ json: undefined, type: undefined });
      expect(connection.expectSent((frame) => Array.isArray(frame.json)).json).toEqual([1, 2]);
      expect(connection.expectSent((frame) => frame.data instanceof Uint8Array).data).toBe(bytes);
    });

    it('fails with the frames that were sent and not yet expected, and those the browser dropped', () => {
      socket.send('{"type":"ping","payload":{"t":1}}');
      socket.send(new ArrayBuffer(12));
      socket.send(new Uint16Array(4));
      socket.send(new Blob(['abc']));
      socket.send('x'.repeat(300));
      connection.expectSent((frame) => frame.data instanceof Blob);
      socket.close();
      socket.send('{"type":"chat.send"}');
      expect(() => connection.expectSent('chat.send')).toThrow(
        [
          'Expected a frame of type "chat.send" sent on ws://localhost/live [protocols v1, v2] (closed), found none.',
          'Frames sent and not yet expected (4):',
          '  1. {"type":"ping","payload":{"t":1}}',
          '  2. <ArrayBuffer, 12 bytes>',
          '  3. <Uint16Array, 8 bytes>',
          `  4. ${'x'.repeat(200)}… (300 characters)`,
          '1 more sent after the socket started closing, which the browser drops:',
          '  - {"type":"chat.send"}',
        ].join('\n'),
      );
    });

    it('says when every frame was expected already, and uses the description of a predicate', () => {
      socket.send('{"type":"hello"}');
      connection.expectSent('hello');
      expect(() => connection.expectSent('hello')).toThrow('No frame sent on it is waiting to be expected (1 sent, all expected already).');
      expect(() => connection.expectSent(() => false, 'a frame to room 42')).toThrow('Expected a frame matching "a frame to room 42" sent on');
      expect(() => connection.expectSent(() => false)).toThrow('Expected a frame matching the predicate sent on');
      expect(() => connection.expectSent(42 as never)).toThrow('invalid expectSent() match: expected a message type or a predicate, got number 42.');
    });
  });
});
