/**
 * Traffic generators for the delivery tests (enabled by ENABLE_TEST_STREAMS=1, never in the plain demo):
 *
 * - `test.data` `{key, n}`: the server records n under key (a sink for client -> server traffic);
 *   request `test.report` `{key}` answers `{received: n[]}`: every n the server processed, in arrival order.
 *   Nothing is deduplicated here, so a message processed twice shows up twice and a test can see it.
 * - request `test.stream` `{key, count, intervalMs}`: the server sends `test.item` `{key, n}` for n = 0..count-1,
 *   one every intervalMs, to the requester; `test.attach` `{key}` points a running stream at the current
 *   connection again (a client without delivery must do that after each reconnect).
 *
 * With delivery, the stream's target is the client's session: items made while it is disconnected are kept
 * and replayed on resume. Everything is journaled, so a killed server resumes its streams where they were.
 */

/**
 * @param {{ log: { append(event: object): void }, events: any[], sessions: import('./delivery/sessions.mjs').SessionStore }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function testStreamsFeature({ log, events, sessions }) {
  /** key -> every n processed, in arrival order. @type {Map<string, number[]>} */
  const received = new Map();
  /** @type {Map<string, { count: number, intervalMs: number, next: number, target: any, timer: any }>} */
  const streams = new Map();

  const record = (key, n) => {
    const list = received.get(key) ?? [];
    list.push(n);
    received.set(key, list);
  };

  const start = (key, { count, intervalMs, next, target }) => {
    const stream = { count, intervalMs, next, target, timer: null };
    streams.set(key, stream);
    stream.timer = setInterval(() => {
      if (stream.next >= stream.count) {
        clearInterval(stream.timer);
        return;
      }
      const item = { type: 'test.item', payload: { key, n: stream.next } };
      if (stream.target?.deliver) {
        stream.target.deliver(item); // a session: kept (and logged) even while detached
      } else {
        log.append({ event: 'emitted', key, n: stream.next });
        stream.target?.send(item); // a bare connection: lost if it is gone
      }
      stream.next++;
    }, intervalMs);
  };

  // Rebuild from the journal: what was received, and where each stream had got to.
  const restored = new Map();
  for (const event of events) {
    if (event.event === 'received') {
      record(event.key, event.n); // each journaled processing counts once
      // The sink's line is journaled before the dispatcher's `processed` line: a crash between the two must
      // not let the resent message be processed (and counted) again, so this line marks it processed too.
      if (event.session !== undefined) sessions.open(event.session).replay({ event: 'processed', id: event.id });
    }
    if (event.event === 'stream') restored.set(event.key, { ...event, next: 0 });
    if (event.event === 'emitted') restored.get(event.key) && (restored.get(event.key).next = event.n + 1);
    if (event.event === 'delivered' && event.message.type === 'test.item') {
      const stream = restored.get(event.message.payload.key);
      if (stream) stream.next = Math.max(stream.next, event.message.payload.n + 1);
    }
  }
  for (const [key, stream] of restored) {
    start(key, { ...stream, target: stream.session ? sessions.open(stream.session) : null });
  }

  const targetOf = (connection) => connection.session ?? connection;

  return {
    name: 'test-streams',
    messages: {
      'test.data': (connection, envelope) => {
        const key = keyOf(envelope);
        const tracked = connection.session !== undefined && envelope.id !== undefined;
        log.append({ event: 'received', key, n: envelope.payload.n, ...(tracked ? { session: connection.session.id, id: envelope.id } : {}) });
        record(key, envelope.payload.n);
      },
      'test.attach': (connection, envelope) => {
        const stream = streams.get(keyOf(envelope));
        if (stream) stream.target = targetOf(connection);
      },
    },
    requests: {
      'test.report': (_connection, envelope) => ({ received: [...(received.get(keyOf(envelope)) ?? [])] }),
      'test.stream': (connection, envelope) => {
        const key = keyOf(envelope);
        const { count, intervalMs } = envelope.payload;
        if (!streams.has(key)) {
          log.append({ event: 'stream', key, count, intervalMs, session: connection.session?.id });
          start(key, { count, intervalMs, next: 0, target: targetOf(connection) });
        }
        return { started: true };
      },
    },
    disconnected: (connection) => {
      for (const stream of streams.values()) {
        if (stream.target === connection) stream.target = null;
      }
    },
    stop: () => streams.forEach((stream) => clearInterval(stream.timer)),
  };
}

/** The stream or sink a test message names. */
export function keyOf(envelope) {
  const key = envelope.payload?.key;
  if (typeof key !== 'string' || key === '') throw new Error(`${envelope.type} needs payload.key`);
  return key;
}
