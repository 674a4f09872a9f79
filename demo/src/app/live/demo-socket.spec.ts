import { TestBed } from '@angular/core/testing';
import { WebSocketService } from 'ngx-live-socket';
import { FakeWebSocketService } from '../../../../tests/support/fake-web-socket-service';
import { DemoRequestError, DemoSocket } from './demo-socket';

describe('DemoSocket (the demo adapter over raw frames)', () => {
  let connection: FakeWebSocketService;
  let socket: DemoSocket;

  beforeEach(() => {
    jest.useFakeTimers();
    connection = new FakeWebSocketService();
    TestBed.configureTestingModule({ providers: [{ provide: WebSocketService, useValue: connection }] });
    socket = TestBed.inject(DemoSocket);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  const outcome = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));

  it('on(type) emits the payloads of that type only, never replies, and skips frames that are not envelopes', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const values: number[] = [];
    socket.on('counter.state').subscribe(({ value }) => values.push(value));

    connection.receive({ type: 'counter.state', payload: { value: 1 } });
    connection.receive({ type: 'presence.count', payload: { users: 3 } });
    connection.receive({ type: 'counter.state', re: 4, payload: { value: 99 } });
    connection.incoming.next('not json');
    connection.incoming.next(new ArrayBuffer(2));
    connection.receive({ type: 'counter.state', payload: { value: 2 } });

    expect(values).toEqual([1, 2]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[0][0]).toMatch(/not a JSON envelope/);
    warn.mockRestore();
  });

  it('send(type, payload) sends one JSON envelope, and says false when the link is down', () => {
    expect(socket.send('counter.add', { delta: 1 })).toBe(true);
    expect(connection.sent).toEqual([{ type: 'counter.add', payload: { delta: 1 } }]);

    connection.setState('reconnecting');
    expect(socket.send('counter.add', { delta: -1 })).toBe(false);
    expect(connection.sent).toHaveLength(1);
  });

  it('request() correlates each reply by id, whatever order the replies come in', async () => {
    const first = socket.request('chat.join', { name: 'ada' });
    const second = socket.request('chat.join', { name: 'bob' });
    expect(connection.sent).toEqual([
      { type: 'chat.join', id: 1, payload: { name: 'ada' } },
      { type: 'chat.join', id: 2, payload: { name: 'bob' } },
    ]);

    connection.receive({ type: 'chat.join', re: 2, payload: { name: 'bob', history: [], online: ['bob'] } });
    connection.receive({ type: 'chat.join', re: 1, payload: { name: 'ada', history: [], online: ['ada', 'bob'] } });

    expect(await first).toEqual({ name: 'ada', history: [], online: ['ada', 'bob'] });
    expect(await second).toEqual({ name: 'bob', history: [], online: ['bob'] });
  });

  it('request() rejects with the server\'s message when it answers with an error', async () => {
    const join = outcome(socket.request('chat.join', { name: 'ada' }));
    connection.receive({ type: 'error', re: 1, payload: { message: 'the name "ada" is taken by someone online; choose another' } });
    const { error } = (await join) as { error: DemoRequestError };
    expect(error).toBeInstanceOf(DemoRequestError);
    expect(error).toMatchObject({ reason: 'refused', message: 'the name "ada" is taken by someone online; choose another' });
  });

  it('request() rejects after timeoutMs without a reply, and ignores a reply that comes later', async () => {
    const join = outcome(socket.request('chat.join', { name: 'ada' }, { timeoutMs: 1_000 }));
    jest.advanceTimersByTime(999);
    connection.receive({ type: 'presence.count', payload: { users: 1 } });
    jest.advanceTimersByTime(1);
    expect(await join).toEqual({ error: expect.objectContaining({ reason: 'timeout', message: 'no reply to chat.join #1 within 1000 ms' }) });
    expect(() => connection.receive({ type: 'chat.join', re: 1, payload: {} })).not.toThrow();
  });

  it('request() rejects at once when the link is not open, and when it drops before the reply', async () => {
    connection.setState('reconnecting');
    expect(await outcome(socket.request('chat.join', { name: 'ada' }))).toEqual({
      error: expect.objectContaining({ reason: 'not-sent', message: 'chat.join was not sent: the connection is reconnecting' }),
    });

    connection.setState('open');
    const join = outcome(socket.request('chat.join', { name: 'ada' }));
    connection.setState('reconnecting');
    expect(await join).toEqual({ error: expect.objectContaining({ reason: 'disconnected', message: 'no reply to chat.join #2: the connection went reconnecting before the reply came' }) });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('request() rejects a reply of another type as bad-reply', async () => {
    const join = outcome(socket.request('chat.join', { name: 'ada' }));
    connection.receive({ type: 'chat.leave', re: 1, payload: {} });
    expect(await join).toEqual({ error: expect.objectContaining({ reason: 'bad-reply', message: 'chat.join #1 was answered by a "chat.leave"' }) });
  });

  it('opened$ emits on every (re)open', () => {
    let opens = 0;
    socket.opened$.subscribe(() => opens++);
    connection.setState('reconnecting');
    connection.setState('open');
    expect(opens).toBe(2); // the current open (replayed) and the reopen
  });
});
