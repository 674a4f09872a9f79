import { SESSION_MOVED_REASON, fenceConnection } from '../../demo/server/delivery/session-fence.mjs';
import { Dispatcher } from '../../demo/server/dispatcher.mjs';

type Connection = Parameters<Dispatcher['receive']>[0];

/** A connection as the dispatcher sees it, recording what it sends and how it was closed. */
function fakeConnection(session?: object) {
  const sent: any[] = [];
  const connection = {
    id: 1,
    session,
    sent,
    closedWith: null as null | [number, string],
    send: (envelope: any) => sent.push(envelope),
    sendError: (message: string) => sent.push({ type: 'error', payload: { message } }),
    close(code: number, reason: string) {
      connection.closedWith = [code, reason];
    },
  };
  // Only what the dispatcher touches: the socket-facing rest of Connection is not needed here.
  return connection as typeof connection & Connection;
}

const frame = (envelope: object) => Buffer.from(JSON.stringify(envelope));
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('Dispatcher with asynchronous handlers (the Redis store)', () => {
  it('handles a connection\'s frames strictly in arrival order, even when later ones would finish first', async () => {
    const handled: number[] = [];
    const dispatcher = new Dispatcher().use({
      name: 'slow-then-fast',
      messages: {
        work: async (_connection: unknown, envelope: any) => {
          // The first frames take longest: without ordering they would finish last.
          await new Promise((resolve) => setTimeout(resolve, 30 - envelope.payload.n * 3));
          handled.push(envelope.payload.n);
        },
      },
    });
    const connection = fakeConnection();
    // Fake timers: the handlers' delays add up to 165 ms, which a loaded machine stretched past a real 400 ms wait.
    jest.useFakeTimers();
    try {
      for (let n = 0; n < 10; n++) dispatcher.receive(connection, frame({ type: 'work', payload: { n } }), false);
      await jest.advanceTimersByTimeAsync(400);
    } finally {
      jest.useRealTimers();
    }
    expect(handled).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('acks a tracked message only after the session recorded it, and closes with 4503 when the session moved on', async () => {
    const recorded: number[] = [];
    let release: (recorded: boolean) => void = () => {};
    const session = {
      alreadyProcessed: () => false,
      processed: (id: number) => new Promise<boolean>((resolve) => (release = (ok) => (recorded.push(id), resolve(ok)))),
    };
    const dispatcher = new Dispatcher().use({ name: 'noop', messages: { work: () => undefined } });
    const connection = fakeConnection(session);
    dispatcher.receive(connection, frame({ type: 'work', id: 7, payload: {} }), false);
    await settle();
    expect(connection.sent).toEqual([]); // not recorded yet: no ack
    release(true);
    await settle();
    expect(connection.sent).toEqual([{ type: 'ack', id: 7 }]);

    dispatcher.receive(connection, frame({ type: 'work', id: 8, payload: {} }), false);
    await settle();
    release(false); // another instance holds the session now
    await settle();
    expect(recorded).toEqual([7, 8]);
    expect(connection.sent).toEqual([{ type: 'ack', id: 7 }]);
    expect(connection.closedWith).toEqual([4503, SESSION_MOVED_REASON]);
  });

  it('handles none of the frames still waiting on a connection once it is fenced (its session resumed on another)', async () => {
    const handled: number[] = [];
    let finishFirst: () => void = () => {};
    const dispatcher = new Dispatcher().use({
      name: 'slow',
      messages: {
        work: (_connection: unknown, envelope: any) =>
          new Promise<void>((resolve) => {
            handled.push(envelope.payload.n);
            finishFirst = resolve;
          }),
      },
    });
    const connection = fakeConnection();
    for (let n = 0; n < 3; n++) dispatcher.receive(connection, frame({ type: 'work', payload: { n } }), false);
    await settle();
    expect(handled).toEqual([0]); // 1 and 2 wait behind it
    fenceConnection(connection);
    finishFirst();
    await settle();
    expect(handled).toEqual([0]);
    expect(connection.closedWith).toEqual([4503, SESSION_MOVED_REASON]);
  });

  it('turns a rejected asynchronous handler into an error envelope and keeps going', async () => {
    const dispatcher = new Dispatcher().use({
      name: 'failing',
      requests: { ask: async () => Promise.reject(new Error('redis said no')) },
      messages: { after: () => undefined },
    });
    const connection = fakeConnection();
    const error = jest.spyOn(console, 'error').mockImplementation(() => {});
    dispatcher.receive(connection, frame({ type: 'ask', id: 1, payload: {} }), false);
    await settle();
    expect(connection.sent).toEqual([{ type: 'error', re: 1, payload: { message: 'the server failed to handle "ask"' } }]);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
