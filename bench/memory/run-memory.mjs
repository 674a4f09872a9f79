import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { integer, ratio } from '../support/format.mjs';
import { median } from '../support/rounds.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const kilobytes = (bytes) => `${integer(bytes / 1024)} KB`;
/** Issue 11: the heap 10,000 queued messages hold, at most this multiple of what rxjs holds for them. */
const QUEUE_TARGET_RATIO = 1.5;
const FIGURES = [
  { key: 'subscriptions', part: 'held', title: 'heap held by 1000 channel subscriptions' },
  { key: 'subscriptions', part: 'left', title: 'left after unsubscribing them all' },
  { key: 'queue', part: 'held', title: 'heap held by 10,000 queued messages' },
  { key: 'queue', part: 'left', title: 'left after flushing them' },
];

/**
 * Heap growth, measured in a separate Node process with `--expose-gc` (heap in use after full GCs):
 * ngx-live-socket's `MessagingClient` and rxjs `webSocket` side by side, both on a fake socket.
 */
export function runMemory({ rounds, log }) {
  const child = spawnSync(process.execPath, ['--expose-gc', join(here, 'measure-memory.mjs'), String(rounds)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (child.status !== 0) {
    throw new Error(`the memory benchmark failed:\n${child.stderr}`);
  }
  const { samples, queued } = JSON.parse(child.stdout);
  const [ours, peer] = Object.keys(samples);
  const figure = (name, { key, part }) => median(samples[name][key].map((sample) => sample[part]));
  const heldRatio = (key) => median(samples[ours][key].map((sample, round) => sample.held / samples[peer][key][round].held));
  const queueRatio = heldRatio('queue');
  const queueRatios = samples[ours].queue.map((sample, round) => sample.held / samples[peer].queue[round].held);
  log(`memory: ${Object.keys(samples).map((name) => `${name} ${FIGURES.map((f) => kilobytes(figure(name, f))).join('/')}`).join(', ')}`);
  return {
    id: 'memory',
    title: 'Memory: heap growth after garbage collection (Node, fake socket)',
    columns: ['', ...FIGURES.map(({ title }) => title)],
    rows: [
      ...Object.keys(samples).map((name) => [name, ...FIGURES.map((f) => kilobytes(figure(name, f)))]),
      [`${ours} / ${peer} (held)`, ratio(heldRatio('subscriptions')), '', ratio(queueRatio), ''],
    ],
    target: {
      text: `10,000 queued messages: ${ours} holds <= ${QUEUE_TARGET_RATIO}x the heap ${peer} holds`,
      met: queueRatio <= QUEUE_TARGET_RATIO,
      actual: `${ratio(queueRatio)}, rounds ${Math.min(...queueRatios).toFixed(2)}-${Math.max(...queueRatios).toFixed(2)}`,
      missedBecause:
        `Each queued message is one \`OutboxEntry\` (it is the message's \`SendHandle\`: status and frame, and an id only with acks or a request: 40 bytes in Node 20) plus its encoded frame (held as one flat string, 72 bytes for this one), and a slot in the queue's array. ` +
        `${peer} keeps the message object it was given and nothing else (about ${integer(median(samples[peer].queue.map((sample) => sample.held)) / queued)} bytes per message here). ` +
        'Keeping the envelope instead of the frame would not be smaller (the envelope keeps the payload object graph alive) and would send a payload changed after `send()`; a handle per message is what `send()` returns.',
    },
    notes: [
      `Node ${process.version} with --expose-gc; each figure is \`heapUsed\` after three full collections minus the same before, median of ${rounds} alternating rounds. Differences under ~150 KB are within this machine's noise (the "left" columns); one sample of 10,000 queued messages moves by up to ~200 KB between identical runs (code compiled and V8 bookkeeping land in the window), up to about 0.2 on one round's ratio, so the target is judged on the median.`,
      'Channel subscriptions are made on an open link: ngx-live-socket `channel(name).subscribe()` (reference-counted, sends `sub`); rxjs `multiplex(sub, unsub, filter).subscribe()`. The array holding the 1000 `Subscription`s is counted for both.',
      'Queued messages are sent while the link is down: ngx-live-socket `send(type, payload)` with `withOfflineQueue({ maxMessages: 10000 })` (each is one `OutboxEntry`, the `SendHandle` that `send()` returned: status and the encoded frame, 40 bytes in Node 20, the frame held as one flat string rather than the rope `JSON.stringify` builds; neither the envelope, nor the type, nor an id without acks, nor a time without `maxAgeMs` is kept); rxjs `next(message)`, which buffers until the socket opens (it keeps the message object: about 112 bytes for this one). Then the link opens and the queue is flushed.',
    ],
    chart: {
      title: 'Heap held per 1000 channel subscriptions and per 10,000 queued messages (KB, lower is better)',
      groups: [FIGURES[0], FIGURES[2]].map((f) => ({
        label: f.title,
        bars: Object.keys(samples).map((name) => ({ series: name, value: figure(name, f) / 1024 })),
      })),
      format: (value) => kilobytes(value * 1024),
    },
    data: { samples },
  };
}
