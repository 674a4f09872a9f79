#!/usr/bin/env node --expose-gc
// Heap growth per 1000 channel subscriptions and per 10,000 queued messages, ngx-live-socket and rxjs
// webSocket side by side. Runs in its own Node process started with --expose-gc (by run-memory.mjs) and
// prints its samples as JSON on stdout.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { webSocket } from 'rxjs/webSocket';
import { importLibraryForNode } from '../support/library-for-node.mjs';
import { alternatingOrder } from '../support/rounds.mjs';
import { FakeWebSocket } from './fake-web-socket.mjs';

const SUBSCRIPTIONS = 1000;
const QUEUED = 10_000;
const URL_ = 'ws://bench.invalid/live';
const rounds = Number(process.argv[2]);
const library = await importLibraryForNode();
const noop = () => {};

if (typeof globalThis.gc !== 'function') {
  throw new Error('run with node --expose-gc');
}

/** Heap in use after full garbage collections, in bytes. */
async function settledHeap() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}

/** Each contender's link (open or not yet), its channel subscription and its send. */
const CONTENDERS = {
  'ngx-live-socket': {
    connect(queueSize) {
      const client = new library.MessagingClient({
        url: URL_,
        webSocketFactory: (url) => new FakeWebSocket(url),
        queue: queueSize === undefined ? null : library.resolveOfflineQueuePolicy({ maxMessages: queueSize }),
      });
      client.connect();
      return { subscribeChannel: (name) => client.channel(name).subscribe(noop), send: (text) => client.send('chat.send', { text }), dispose: () => client.dispose() };
    },
  },
  'rxjs webSocket': {
    connect() {
      const subject = webSocket({ url: URL_, WebSocketCtor: FakeWebSocket });
      let keeper = null;
      return {
        subscribeChannel: (name) =>
          subject.multiplex(() => ({ type: 'sub', channel: name }), () => ({ type: 'unsub', channel: name }), (message) => message.channel === name).subscribe(noop),
        send: (message) => subject.next({ type: 'chat.send', payload: { text: message } }),
        /** rxjs creates its socket on the first subscription. */
        ensureSocket: () => (keeper ??= subject.subscribe(noop)),
        dispose: () => {
          keeper?.unsubscribe();
          subject.complete();
        },
      };
    },
  },
};

/** Bytes held by 1000 channel subscriptions on an open link, and what is left once they are unsubscribed. */
async function channelSubscriptions(contender) {
  const link = contender.connect();
  link.ensureSocket?.();
  FakeWebSocket.last.open();
  const before = await settledHeap();
  let subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, index) => link.subscribeChannel(`room:${index}`));
  const held = (await settledHeap()) - before;
  subscriptions.forEach((subscription) => subscription.unsubscribe());
  subscriptions = null;
  const left = (await settledHeap()) - before;
  link.dispose();
  return { held, left };
}

/** Bytes held by 10,000 messages sent while the link is down, and what is left once they are flushed. */
async function queuedMessages(contender) {
  const link = contender.connect(QUEUED);
  const before = await settledHeap();
  for (let index = 0; index < QUEUED; index++) {
    link.send(`message ${index}`);
  }
  const held = (await settledHeap()) - before;
  link.ensureSocket?.();
  FakeWebSocket.last.open();
  const flushed = FakeWebSocket.last.framesSent;
  const left = (await settledHeap()) - before;
  link.dispose();
  if (flushed < QUEUED) {
    throw new Error(`only ${flushed} of ${QUEUED} queued messages were flushed`);
  }
  return { held, left };
}

const samples = Object.fromEntries(Object.keys(CONTENDERS).map((name) => [name, { subscriptions: [], queue: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const name of alternatingOrder(Object.keys(CONTENDERS), round)) {
    samples[name].subscriptions.push(await channelSubscriptions(CONTENDERS[name]));
    samples[name].queue.push(await queuedMessages(CONTENDERS[name]));
  }
}
process.stdout.write(JSON.stringify({ subscriptions: SUBSCRIPTIONS, queued: QUEUED, samples }));
