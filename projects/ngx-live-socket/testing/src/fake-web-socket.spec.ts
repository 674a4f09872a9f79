import { FakeWebSocket, type FakeWebSocketHooks } from './fake-web-socket';

describe('FakeWebSocket behaves like the browser socket', () => {
  let socket: FakeWebSocket;
  let hooks: { sent: unknown[]; discarded: unknown[]; closedByApp: unknown[][] };
  let events: string[];

  beforeEach(() => {
    hooks = { sent: [], discarded: [], closedByApp: [] };
    const fakeHooks: FakeWebSocketHooks = {
      sent: (data) => hooks.sent.push(data),
      discarded: (data) => hooks.discarded.push(data),
      closedByApp: (code, reason) => hooks.closedByApp.push([code, reason]),
    };
    socket = new FakeWebSocket('wss://example.com/live?room=1', fakeHooks);
    events = [];
    for (const type of ['open', 'message', 'error', 'close']) {
      socket.addEventListener(type, (event) => events.push(describe(event, socket)));
    }
  });

  function describe(event: Event, target: FakeWebSocket): string {
    const state = `[${target.readyState}]`;
    if (event.type === 'message') {
      const message = event as MessageEvent;
      return `message ${String(message.data)} from ${message.origin} ${state}`;
    }
    if (event.type === 'close') {
      const close = event as CloseEvent;
      return `close ${close.code} "${close.reason}" ${close.wasClean ? 'clean' : 'unclean'} ${state}`;
    }
    return `${event.type} ${state}`;
  }

  it('goes CONNECTING -> OPEN -> CLOSED with open, message and close events, through listeners and on* properties', () => {
    const viaProperties: string[] = [];
    socket.onopen = (event) => viaProperties.push(event.type);
    socket.onmessage = (event) => viaProperties.push(`${event.type} ${String(event.data)}`);
    socket.onclose = (event) => viaProperties.push(`${event.type} ${event.code}`);
    expect(socket.readyState).toBe(WebSocket.CONNECTING);
    expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([FakeWebSocket.CONNECTING, FakeWebSocket.OPEN, FakeWebSocket.CLOSING, FakeWebSocket.CLOSED]).toEqual([0, 1, 2, 3]);

    socket.accept('v2');
    expect(socket.protocol).toBe('v2');
    socket.receive('hello');
    socket.closeFromServer(1001, 'going away');

    expect(events).toEqual(['open [1]', 'message hello from wss://example.com [1]', 'close 1001 "going away" clean [3]']);
    expect(viaProperties).toEqual(['open', 'message hello', 'close 1001']);
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });

  it('delivers binary data as it is', () => {
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    let received: unknown;
    socket.addEventListener('message', (event) => (received = (event as MessageEvent).data));
    socket.accept('');
    socket.receive(buffer);
    expect(received).toBe(buffer);
  });

  it('throws InvalidStateError on send() while CONNECTING, records sends while OPEN, drops them once closing', () => {
    let thrown: unknown;
    try {
      socket.send('too early');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DOMException);
    expect((thrown as DOMException).name).toBe('InvalidStateError');
    expect((thrown as DOMException).message).toContain('Still in CONNECTING state');

    socket.accept('');
    socket.send('one');
    socket.close();
    socket.send('too late');
    expect(hooks.sent).toEqual(['one']);
    expect(hooks.discarded).toEqual(['too late']);
  });

  it('close() on an open socket delivers a clean close event with the code and reason, or 1005 without a code', () => {
    socket.accept('');
    socket.close(4000, 'bye');
    expect(events).toEqual(['open [1]', 'close 4000 "bye" clean [3]']);
    expect(hooks.closedByApp).toEqual([[4000, 'bye']]);

    const other = new FakeWebSocket('ws://localhost/', { sent: () => undefined, discarded: () => undefined, closedByApp: () => undefined });
    const codes: number[] = [];
    other.addEventListener('close', (event) => codes.push((event as CloseEvent).code));
    other.accept('');
    other.close();
    expect(codes).toEqual([1005]);
  });

  it('close() before the handshake finished fails the connection: error, then an unclean close 1006', () => {
    socket.close(1000);
    expect(events).toEqual(['error [3]', 'close 1006 "" unclean [3]']);
    expect(hooks.closedByApp).toEqual([[1000, undefined]]);
  });

  it('a second close() does nothing', () => {
    socket.accept('');
    socket.close(1000, 'first');
    socket.close(4001, 'second');
    expect(events.filter((event) => event.startsWith('close'))).toEqual(['close 1000 "first" clean [3]']);
    expect(hooks.closedByApp).toHaveLength(1);
  });

  it('rejects close codes and reasons the browser rejects, with its error names', () => {
    socket.accept('');
    for (const code of [999, 1001, 1006, 2999, 5000, 3000.5]) {
      expect(() => socket.close(code)).toThrow(expect.objectContaining({ name: 'InvalidAccessError', message: expect.stringContaining(`${code} is neither`) }));
    }
    expect(() => socket.close(1000, 'é'.repeat(62))).toThrow(expect.objectContaining({ name: 'SyntaxError', message: expect.stringContaining('123 UTF-8 bytes') }));
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(hooks.closedByApp).toEqual([]);
  });

  it('fail() on an open socket fires error, then close 1006, with the state already CLOSED', () => {
    socket.accept('');
    socket.fail();
    expect(events).toEqual(['open [1]', 'error [3]', 'close 1006 "" unclean [3]']);
  });

  it('stops calling a listener once it is removed, and honours once', () => {
    const calls: string[] = [];
    const listener = () => calls.push('removed');
    socket.addEventListener('message', listener);
    socket.addEventListener('message', () => calls.push('once'), { once: true });
    socket.accept('');
    socket.receive('a');
    socket.removeEventListener('message', listener);
    socket.receive('b');
    expect(calls).toEqual(['removed', 'once']);
  });
});
