// Run by early-errors-memory.node.spec.ts in a fresh `node --expose-gc`: a Jest worker that ran other suites
// frees code and caches of its own during a measurement (seen in CI as a negative heap growth), so the heap is
// measured where nothing else lives. Prints {"control": bytes, "library": bytes}.
import { MessagingClient } from '../../projects/ngx-live-socket/core/internal';
import { ScriptedSocket } from '../support/scripted-socket';

/** The user test: 60 malformed 10 MB frames, and an app that never subscribes to errors$. */
const FRAMES = 60;
const FRAME_CHARS = 10 * 1024 * 1024;

/**
 * A fresh 10 MB frame that is not JSON, each one its own flat string on the V8 heap: `join` copies into a new
 * string (`padEnd` or `repeat` may build ropes that share their parts, and a Buffer's `toString` makes an
 * external string outside the heap; either way the control would not hold 10 MB a frame).
 */
function malformedFrame(index: number): string {
  return [`#${index}`, ...new Array<string>(FRAME_CHARS / 1024).fill('x'.repeat(1024))].join('');
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap growth while a client without an errors$ subscriber receives the frames; `hold` may keep some. */
function heapGrowth(hold: (frame: string, index: number) => void): number {
  const socket = new ScriptedSocket();
  const client = new MessagingClient({ url: 'ws://127.0.0.1:9/ws', webSocketFactory: () => socket });
  const before = heapAfterGc();
  client.connect();
  socket.open();
  for (let index = 0; index < FRAMES; index++) {
    const frame = malformedFrame(index);
    hold(frame, index);
    socket.deliver(frame);
  }
  const growth = heapAfterGc() - before;
  // The client is alive (and holds what it kept) until here.
  if (client.stats.malformedFrames !== FRAMES) throw new Error(`malformedFrames ${client.stats.malformedFrames}, expected ${FRAMES}`);
  client.dispose();
  return growth;
}

const warn = console.warn;
console.warn = () => undefined; // the dev-mode warning
const held: string[] = [];
const control = heapGrowth((frame, index) => index < 5 && held.push(frame));
const heldFrames = held.length;
held.length = 0;
const library = heapGrowth(() => undefined);
console.warn = warn;
process.stdout.write(JSON.stringify({ control, library, heldFrames }));
