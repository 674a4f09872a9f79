import fc from 'fast-check';
import { type Envelope, jsonEnvelopeCodec, nextReconnectDelay, resolveOfflineQueuePolicy, resolveReconnectPolicy, SendHandle } from 'ngx-live-socket';
import { systemClock } from '../../projects/ngx-live-socket/src/lib/core/clock';
import { Outbox } from '../../projects/ngx-live-socket/src/lib/core/outbox';

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
              outbox.add({ envelope: { type: 't', id }, frame, bytes: frame.length, enqueuedAt: 0, handle: new SendHandle(id, acks) });
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
});
