import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { MessagingClient, type WebSocketErrorKind, resolveReconnectPolicy } from 'ngx-live-socket';
import { type WebSocket as ServerSocket, WebSocketServer } from 'ws';
import { nodeWebSocketFactory, waitFor } from '../support/node-web-socket';
import { range } from '../support/two-way-traffic';

/** What the client must make of a hostile frame: 'error' = reported as malformed, or counted as unhandled. */
type Outcome = 'routed' | 'binary' | 'error';

interface HostileFrame {
  readonly data: string | Buffer;
  readonly outcome: Outcome;
}

const FRAMES = 10_000;
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
/** Control types are consumed silently by design; random text must not name them. */
const CONTROL = /"type"\s*:\s*"(ack|resumed|pong|ping|sub|unsub|resume)"/;

const asError = (data: string): HostileFrame => ({ data, outcome: 'error' });
const hostileFrame: fc.Arbitrary<HostileFrame> = fc.oneof(
  // random text (valid UTF-8, as the WebSocket protocol requires of text frames)
  fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !CONTROL.test(s)).map(asError),
  // random bytes as a binary frame: passed through untouched
  fc.uint8Array({ maxLength: 512 }).map((bytes): HostileFrame => ({ data: Buffer.from(bytes), outcome: 'binary' })),
  // JSON of any shape, often not an envelope at all
  fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)).filter((s) => !CONTROL.test(s)).map(asError),
  // envelopes with fields of the wrong type
  fc
    .record({ type: fc.oneof(fc.integer(), fc.constant(''), fc.constant(null), fc.boolean()), id: fc.oneof(fc.string(), fc.double()), seq: fc.constant(-1) }, { requiredKeys: [] })
    .map((value) => asError(JSON.stringify(value))),
  // truncated envelopes
  fc.nat({ max: 40 }).map((cut) => asError('{"type":"ok","payload":{"n":1,"text":"truncated"}}'.slice(0, cut))),
  // envelopes nobody listens to
  fc.string({ minLength: 1, maxLength: 30 }).filter((type) => type !== 'ok' && !CONTROL.test(`"type":"${type}"`)).map((type) => asError(JSON.stringify({ type, payload: 1 }))),
  // a few well-formed messages among them, which must still arrive
  fc.nat().map((n): HostileFrame => ({ data: JSON.stringify({ type: 'ok', payload: n }), outcome: 'routed' })),
);

/** Frames no generator makes often enough: deep nesting and a 10 MB frame. */
const EXTREMES: HostileFrame[] = [
  asError('['.repeat(100_000) + ']'.repeat(100_000)),
  asError(`{"type":"ok","payload":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`),
  asError(JSON.stringify({ type: 'huge', payload: 'x'.repeat(10 * 1024 * 1024) })),
  asError(`{"type":"ok","payload":"${'y'.repeat(10 * 1024 * 1024)}`),
];

/**
 * Text frames that are not UTF-8, which the WebSocket protocol forbids (RFC 6455 §8.1): the receiving side
 * must fail the connection with 1007. Each is a well-formed envelope but for one broken byte sequence.
 */
const INVALID_UTF8: ReadonlyArray<readonly number[]> = [
  [0x80], // a continuation byte with no lead
  [0xbf, 0xbf],
  [0xc3, 0x28], // a lead byte followed by ASCII
  [0xc0, 0x80], // an overlong NUL
  [0xe0, 0x80, 0x80], // an overlong three-byte form
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate (U+D800) encoded as UTF-8
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80], // a five-byte form
  [0xfe],
  [0xff],
  [0xe2, 0x82], // a truncated sequence
];
const invalidUtf8Frame: fc.Arbitrary<Buffer> = fc
  .tuple(fc.string({ maxLength: 40 }), fc.constantFrom(...INVALID_UTF8), fc.string({ maxLength: 40 }))
  .map(([before, bad, after]) => Buffer.concat([Buffer.from(`{"type":"ok","payload":${JSON.stringify(before)},"x":"`), Buffer.from(bad), Buffer.from(`${after.replace(/["\\]/g, '')}"}`)]));

describe(`fuzzing: ${FRAMES} hostile frames from a real server (seed ${SEED}; rerun with FUZZ_SEED=${SEED})`, () => {
  it('nothing throws into the app, every bad frame is reported, good ones still arrive, the link stays up, memory stays bounded', async () => {
    const frames = [...fc.sample(hostileFrame, { seed: SEED, numRuns: FRAMES - EXTREMES.length }), ...EXTREMES];
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const client = new MessagingClient({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, webSocketFactory: nodeWebSocketFactory, binaryType: 'arraybuffer' });
    try {
      const errorKinds = new Map<WebSocketErrorKind, number>();
      let routed = 0;
      let binary = 0;
      client.errors$.subscribe((error) => errorKinds.set(error.kind, (errorKinds.get(error.kind) ?? 0) + 1));
      client.on('ok').subscribe(() => routed++);
      client.binary$.subscribe(() => binary++);
      server.on('connection', (socket) => {
        for (const { data } of frames) socket.send(data, { binary: typeof data !== 'string' });
      });
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;

      client.connect();
      const expected = (outcome: Outcome) => frames.filter((frame) => frame.outcome === outcome).length;
      // A well-formed message nobody listens to is counted, not reported: both are the frames refused.
      const errors = () => [...errorKinds.values()].reduce((sum, n) => sum + n, 0) + client.stats.unhandledMessages;
      await waitFor(
        () => routed + binary + errors() >= frames.length,
        () => `seed ${SEED}: ${routed} routed, ${binary} binary, ${errors()} errors of ${frames.length} frames`,
        60_000,
      );

      expect({ seed: SEED, routed, binary, errors: errors() }).toEqual({ seed: SEED, routed: expected('routed'), binary: expected('binary'), errors: expected('error') });
      expect([...errorKinds.keys()]).toEqual(['malformed-frame']);
      expect(client.stats.malformedFrames + client.stats.unhandledMessages).toBe(expected('error'));
      expect(client.state).toBe('open');
      expect(client.stats.reconnects).toBe(0);
      expect(uncaught).toEqual([]);
      global.gc?.();
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    } finally {
      process.off('uncaughtException', onUncaught);
      client.dispose();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);

  it('text frames that are not UTF-8: each link is dropped (1007) and reported, the client reconnects, and a request and messages round-trip after', async () => {
    const HOSTILE_LINKS = 12;
    const frames = fc.sample(invalidUtf8Frame, { seed: SEED, numRuns: HOSTILE_LINKS });
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    const closeCodes: number[] = [];
    const notes: unknown[] = [];
    let links = 0;
    server.on('connection', (socket: ServerSocket) => {
      const link = links++;
      socket.on('close', (code) => link < HOSTILE_LINKS && closeCodes.push(code));
      socket.on('message', (data) => {
        const envelope = JSON.parse(String(data)) as { type: string; id?: number; payload?: unknown };
        if (envelope.type === 'echo' && envelope.id !== undefined) socket.send(JSON.stringify({ type: 'echo', re: envelope.id, payload: envelope.payload }));
        if (envelope.type === 'note') notes.push(envelope.payload);
      });
      socket.send(JSON.stringify({ type: 'ok', payload: link }));
      if (link < HOSTILE_LINKS) {
        // `ws` does not check what it sends: the bytes go out as a text frame, as a broken server's would.
        socket.send(frames[link], { binary: false });
        socket.send(JSON.stringify({ type: 'ok', payload: 'after the bad frame' })); // the client must not read on
      }
    });
    const client = new MessagingClient({
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
      webSocketFactory: nodeWebSocketFactory,
      reconnect: resolveReconnectPolicy({ baseDelayMs: 10, maxDelayMs: 50 }),
    });
    try {
      const errorKinds: WebSocketErrorKind[] = [];
      const routed: unknown[] = [];
      client.errors$.subscribe((error) => errorKinds.push(error.kind));
      client.on('ok').subscribe((payload) => routed.push(payload));

      client.connect();
      await waitFor(
        () => links > HOSTILE_LINKS && client.state === 'open',
        () => `seed ${SEED}: ${links} links, ${closeCodes.length} closed (${closeCodes.join(', ')}), state ${client.state}`,
        20_000,
      );
      const reply = await firstValueFrom(client.request('echo', 'still here'));
      client.send('note', 'and a message');
      await waitFor(() => notes.length > 0 && routed.includes(HOSTILE_LINKS), () => `notes ${JSON.stringify(notes)}, routed ${JSON.stringify(routed)}`);

      expect({ seed: SEED, closeCodes }).toEqual({ seed: SEED, closeCodes: Array(HOSTILE_LINKS).fill(1007) });
      expect(client.stats.reconnects).toBe(HOSTILE_LINKS);
      expect(errorKinds.filter((kind) => kind === 'socket-error')).toHaveLength(HOSTILE_LINKS); // every drop is reported
      expect(routed).toEqual(range(HOSTILE_LINKS + 1)); // what came before each bad frame, nothing after it
      expect(reply).toBe('still here');
      expect(notes).toEqual(['and a message']);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      client.dispose();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
