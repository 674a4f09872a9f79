import { MessagingClient } from 'ngx-live-socket';
import { ManualClock } from '../../projects/ngx-live-socket/testing/src/manual-clock';
import { ScriptedSocket } from '../support/scripted-socket';

/** The user test: 60 malformed 10 MB frames, and an app that never subscribes to errors$. */
const FRAMES = 60;
const FRAME_CHARS = 10 * 1024 * 1024;
/** Heap growth allowed after a full GC: the errors kept without their data, and noise. */
const BOUND = 40 * 1024 * 1024;

/**
 * A fresh 10 MB frame that is not JSON, each one its own flat string on the V8 heap: `join` copies into a new
 * string (`padEnd` or `repeat` may build ropes that share their parts, and a Buffer's `toString` makes an
 * external string outside the heap; either way the control would not hold 10 MB a frame).
 */
function malformedFrame(index: number): string {
  return [`#${index}`, ...new Array<string>(FRAME_CHARS / 1024).fill('x'.repeat(1024))].join('');
}

function heapAfterGc(): number {
  global.gc!();
  global.gc!();
  return process.memoryUsage().heapUsed;
}

/** Heap growth while a client without an errors$ subscriber receives the frames; `hold` may keep some. */
function heapGrowth(hold: (frame: string, index: number) => void): number {
  const socket = new ScriptedSocket();
  const client = new MessagingClient({ url: 'ws://127.0.0.1:9/ws', webSocketFactory: () => socket as unknown as WebSocket, clock: new ManualClock(0) });
  const before = heapAfterGc();
  client.connect();
  socket.open();
  for (let index = 0; index < FRAMES; index++) {
    const frame = malformedFrame(index);
    hold(frame, index);
    socket.deliver(frame);
  }
  const growth = heapAfterGc() - before;
  expect(client.stats.malformedFrames).toBe(FRAMES); // the client is alive (and holds what it kept) until here
  client.dispose();
  return growth;
}

describe('memory: errors nobody subscribes to', () => {
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined)); // the dev-mode warning

  afterEach(() => jest.restoreAllMocks());

  it(`${FRAMES} malformed 10 MB frames without an errors$ subscriber leave less than 40 MB on the heap; a control holding 5 of them exceeds it`, () => {
    expect(typeof global.gc).toBe('function'); // Jest runs with --expose-gc (npm run test:unit)
    const held: string[] = [];
    const control = heapGrowth((frame, index) => index < 5 && held.push(frame));
    expect(held).toHaveLength(5);
    held.length = 0;
    const library = heapGrowth(() => undefined);
    // The control proves the measurement sees retention of this size; the library must stay below it.
    expect(control).toBeGreaterThan(BOUND);
    expect(library).toBeLessThan(BOUND);
  }, 120_000);
});
