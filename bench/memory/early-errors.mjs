#!/usr/bin/env node --expose-gc
// The heap an app keeps when it never subscribes to errors$ and receives 60 malformed 10 MB frames (the
// user test of the several-tabs issue). Run: node --expose-gc bench/memory/early-errors.mjs
// Prints one line of JSON: the heap growth after a full GC, in MB, and what the client counted.
import { importLibraryForNode } from '../support/library-for-node.mjs';
import { FakeWebSocket } from './fake-web-socket.mjs';

const FRAMES = 60;
const FRAME_CHARS = 10 * 1024 * 1024;

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(1);
}
const library = await importLibraryForNode();
console.warn = () => undefined; // the dev-mode warning (this script runs the sources, where dev mode is on)

const heapAfterGc = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

const client = new library.MessagingClient({ url: 'ws://127.0.0.1:9/ws', webSocketFactory: (url) => new FakeWebSocket(url) });
const before = heapAfterGc();
client.connect();
const socket = FakeWebSocket.last;
socket.open();
// Each frame its own flat 10 MB string on the heap (`padEnd` may build ropes that share their parts).
const malformedFrame = (index) => [`#${index}`, ...new Array(FRAME_CHARS / 1024).fill('x'.repeat(1024))].join('');
for (let index = 0; index < FRAMES; index++) {
  socket.emit('message', Object.assign(new Event('message'), { data: malformedFrame(index) }));
}
const growthMb = (heapAfterGc() - before) / (1024 * 1024);
console.log(JSON.stringify({ frames: FRAMES, frameMb: FRAME_CHARS / (1024 * 1024), malformedFrames: client.stats.malformedFrames, heapGrowthMb: Math.round(growthMb * 10) / 10 }));
client.dispose();
