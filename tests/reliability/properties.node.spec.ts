import fc from 'fast-check';
import {
  type Envelope,
  jsonEnvelopeCodec,
  MessagingClient,
  nextReconnectDelay,
  resolveDeliveryPolicy,
  resolveOfflineQueuePolicy,
  resolveReconnectPolicy,
  SendHandle,
  type WebSocketError,
} from 'ngx-live-socket';
import { systemClock, Outbox } from '../../projects/ngx-live-socket/core/internal';
import { ManualClock } from '../../projects/ngx-live-socket/testing/src/manual-clock';
import { ScriptedSocket } from '../support/scripted-socket';

/** Seeded: a failure prints the seed and the shrunk counterexample; rerun with PROPERTY_SEED=<seed>. */
const SEED = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 2 ** 31);
const settings = { seed: SEED, numRuns: 500 };

describe(`properties (seed ${SEED})`, () => {
  it('backoff: every delay is an integer in [0, min(cap, base * factor^attempt)), for any valid policy', () => {
    fc.assert(
      fc.property(
        fc.record({ baseDelayMs: fc.integer({ min: 1, max: 10_000 }), factor: fc.double({ min: 1, max: 10, noNaN: true }), extra: fc.integer({ min: 0, max: 100_000 }) }),
        fc.nat({ max: 5_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        ({ baseDelayMs, factor, extra }, attempt, draw) => {
          const policy = resolveReconnectPolicy({ baseDelayMs, factor, maxDelayMs: baseDelayMs + extra });
          const delay = nextReconnectDelay(attempt, policy, () => draw);
          const ceiling = Math.min(policy.maxDelayMs, baseDelayMs * factor ** attempt);
          return Number.isInteger(delay) && delay >= 0 && delay < Math.max(ceiling, 1) && delay <= policy.maxDelayMs;
        },
      ),
      settings,
    );
  });

  it('codec: any envelope survives encode then decode unchanged', () => {
    const envelope = fc.record(
      {
        type: fc.string({ minLength: 1 }),
        payload: fc.jsonValue(),
        id: fc.nat(),
        re: fc.nat(),
        seq: fc.nat(),
        channel: fc.string(),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(envelope, (value) => {
        const decoded = jsonEnvelopeCodec.decode(jsonEnvelopeCodec.encode(value as Envelope) as string);
        expect(decoded).toEqual(JSON.parse(JSON.stringify(value))); // JSON's own normalisation (-0, undefined)
      }),
      settings,
    );
  });

  it('queue: for any sequence of sends, drops, acks and flushes, order is kept and the bounds hold', () => {
    type Operation = { kind: 'send'; size: number } | { kind: 'up' } | { kind: 'down' } | { kind: 'ack' };
    const operation: fc.Arbitrary<Operation> = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), size: fc.integer({ min: 1, max: 40 }) }),
      fc.constant({ kind: 'up' as const }),
      fc.constant({ kind: 'down' as const }),
      fc.constant({ kind: 'ack' as const }),
    );
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 200 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 40, max: 400 }),
        fc.constantFrom('drop-oldest' as const, 'drop-newest' as const, 'error' as const),
        fc.boolean(),
        (operations, maxMessages, maxBytes, overflow, acks) => {
          let linkUp = false;
          /** The ids sent on each link, one list per link. */
          const links: number[][] = [[]];
          const wire = () => links[links.length - 1];
          const outbox = new Outbox(resolveOfflineQueuePolicy({ maxMessages, maxBytes, overflow }), acks, systemClock, {
            transmit: (frame) => linkUp && wire().push(Number(String(frame).split(':')[0])) > 0,
            sent: () => undefined,
            overflowed: () => undefined,
            changed: () => undefined,
          });
          let id = 0;
          for (const op of operations) {
            if (op.kind === 'send') {
              id++;
              const frame = `${id}:`.padEnd(op.size, '.');
              outbox.add({ type: 't', id }, frame, 0);
              if (linkUp) outbox.flush();
            } else if (op.kind === 'up') {
              linkUp = true;
              outbox.flush();
            } else if (op.kind === 'down') {
              if (linkUp) {
                outbox.linkDropped();
                links.push([]);
              }
              linkUp = false;
            } else if (acks && wire().length > 0) {
              outbox.ack(wire()[wire().length - 1]);
            }
            expect(outbox.size).toBeLessThanOrEqual(maxMessages);
            expect(outbox.bytes).toBeLessThanOrEqual(maxBytes);
          }
          // On every link, messages go out in the order they were sent, each at most once.
          for (const ids of links) {
            expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
          }
          // Without acks nothing is ever sent twice.
          if (!acks) {
            const all = links.flat();
            expect(new Set(all).size).toBe(all.length);
          }
        },
      ),
      settings,
    );
  });

  /** A client with acks and resume whose sockets the property plays, on a manual clock. */
  function scriptedClient(options: { queue?: boolean } = {}) {
    const sockets: ScriptedSocket[] = [];
    const errors: WebSocketError[] = [];
    const clock = new ManualClock(0);
    const client = new MessagingClient<{ incoming: { n: number }; outgoing: { m: number }; requests: Record<string, never> }>({
      url: 'ws://127.0.0.1:9/ws',
      webSocketFactory: () => {
        const socket = new ScriptedSocket();
        sockets.push(socket);
        return socket;
      },
      clock,
      random: () => 0.5,
      delivery: resolveDeliveryPolicy(),
      queue: options.queue ? resolveOfflineQueuePolicy() : null,
    });
    client.errors$.subscribe((error) => errors.push(error));
    const up = () => {
      if (client.state !== 'open') {
        client.connect();
        sockets.at(-1)!.open();
      }
    };
    /** The ids the client put on the wire, over every socket. */
    const idsSent = () => sockets.flatMap((socket) => socket.sent.map((frame) => (JSON.parse(frame) as Envelope).id).filter((id): id is number => id !== undefined));
    return { client, sockets, errors, clock, up, idsSent };
  }

  it('acks: an ack naming an id never sent acknowledges nothing and is reported each time; a valid one acknowledges up to its id', () => {
    type Operation = { kind: 'send' } | { kind: 'down' } | { kind: 'up' } | { kind: 'ack'; ahead: number };
    const operation: fc.Arbitrary<Operation> = fc.oneof(
      { arbitrary: fc.constant({ kind: 'send' as const }), weight: 4 },
      { arbitrary: fc.constant({ kind: 'down' as const }), weight: 1 },
      { arbitrary: fc.constant({ kind: 'up' as const }), weight: 1 },
      // relative to the highest id sent: <= 0 names one sent, > 0 one never sent
      { arbitrary: fc.record({ kind: fc.constant('ack' as const), ahead: fc.integer({ min: -5, max: 5 }) }), weight: 3 },
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const { client, sockets, errors, up, idsSent } = scriptedClient({ queue: true });
        const handles: SendHandle[] = [];
        let ackedUpTo = 0;
        let refused = 0;
        up();
        for (const op of operations) {
          if (op.kind === 'send') {
            handles.push(client.send('m', handles.length));
          } else if (op.kind === 'down') {
            client.close();
          } else if (op.kind === 'up') {
            up();
          } else if (client.state === 'open') {
            const highestSent = Math.max(0, ...idsSent());
            const id = Math.max(0, highestSent + op.ahead);
            sockets.at(-1)!.deliver(JSON.stringify({ type: 'ack', id }));
            if (id > highestSent) {
              refused++;
            } else {
              ackedUpTo = Math.max(ackedUpTo, id);
            }
          }
          // Exactly the messages up to the highest valid ack are acknowledged; no ack for an unsent id counted.
          handles.forEach((handle, index) => expect([index + 1, handle.status.state === 'acked']).toEqual([index + 1, index + 1 <= ackedUpTo]));
          expect(errors.filter((error) => error.kind === 'protocol-error')).toHaveLength(refused);
        }
        client.dispose();
      }),
      settings,
    );
  });

  it('seq: reordered, duplicated or lost messages all reach the app exactly once, in seq order, duplicates counted exactly', () => {
    const stream = fc
      .record({
        total: fc.integer({ min: 1, max: 40 }),
        // each message's arrival: its seq plus a displacement (reordering), sent 0 (lost), 1 or 2 (duplicated) times
        moves: fc.array(fc.record({ shift: fc.integer({ min: 0, max: 6 }), copies: fc.constantFrom(0, 1, 1, 1, 2) }), { minLength: 40, maxLength: 40 }),
      })
      .map(({ total, moves }) =>
        Array.from({ length: total }, (_, index) => ({ seq: index + 1, at: index + 1 + moves[index].shift, copies: moves[index].copies }))
          .flatMap(({ seq, at, copies }) => Array.from({ length: copies }, (__, copy) => ({ seq, at: at + copy * 3 })))
          .sort((a, b) => a.at - b.at)
          .map(({ seq }) => seq)
          // The last one arrives once more at the end: a loss at the very end is otherwise invisible to
          // any client (nothing follows it), and the server's next message would reveal it anyway.
          .concat([total]),
      );
    fc.assert(
      fc.property(stream, (arrivals) => {
        const total = Math.max(...arrivals);
        const { client, sockets, errors, clock, up } = scriptedClient();
        const seen: number[] = [];
        client.on('n').subscribe((n) => seen.push(n));
        up();
        const socket = sockets[0];
        const frame = (seq: number) => JSON.stringify({ type: 'n', payload: seq, seq });
        // The server: frames arrive as generated; a resume is answered after the frame being read, by
        // replaying everything after the client's lastSeq, then resumed.
        // The link's own resume (lastSeq 0) is answered at once: the server had sent nothing yet.
        const inbox = [JSON.stringify({ type: 'resumed', payload: { replayed: 0, complete: true } }), ...arrivals.map(frame)];
        let answered = socket.sent.length;
        let received = 0;
        while (inbox.length > 0) {
          const next = inbox.shift()!;
          if (next.includes('"seq"')) received++;
          socket.deliver(next);
          for (const sent of socket.sent.slice(answered)) {
            const envelope = JSON.parse(sent) as Envelope;
            if (envelope.type === 'resume') {
              const { lastSeq } = envelope.payload as { lastSeq: number };
              for (let seq = lastSeq + 1; seq <= total; seq++) inbox.push(frame(seq));
              inbox.push(JSON.stringify({ type: 'resumed', payload: { replayed: total - lastSeq, complete: true } }));
            }
          }
          answered = socket.sent.length;
        }
        clock.advance(60_000);
        expect(seen).toEqual(Array.from({ length: total }, (_, index) => index + 1));
        expect(client.stats.duplicateMessages).toBe(received - total);
        expect(errors.filter((error) => error.kind === 'resume-gap')).toEqual([]);
        client.dispose();
      }),
      settings,
    );
  });
});
