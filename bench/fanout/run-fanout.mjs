#!/usr/bin/env node
// Fan-out throughput of the reference server: one in-memory instance beside 1, 2 and 4 instances sharing
// Redis. Part of `npm run bench` (bench/run.mjs); `node bench/fanout/run-fanout.mjs` runs it alone and prints
// its table. Needs redis-server (apt-get install -y redis-server).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { integer, markdownTable } from '../support/format.mjs';
import { ROUNDS, alternatingOrder, median } from '../support/rounds.mjs';

const require = createRequire(import.meta.url);
const { spawnReferenceServer } = require('../../tests/support/reference-server-process.cjs');
const { RedisProcess } = require('../../tests/support/redis-process.cjs');

/** Subscribers, spread round-robin over the instances of a setup. */
const CLIENTS = 40;
/** Messages one publisher sends per round, as fast as the socket takes them. */
const MESSAGES = 500;
const SETUPS = [
  { name: '1 instance, in memory', instances: 1, redis: false },
  { name: '1 instance, Redis', instances: 1, redis: true },
  { name: '2 instances, Redis', instances: 2, redis: true },
  { name: '4 instances, Redis', instances: 4, redis: true },
];
const LIMITS = JSON.stringify({ messagesPerSecond: 100_000, messageBurst: 100_000 });

/**
 * @param {{ rounds?: number, log?: (message: string) => void }} [options]
 */
export async function runFanout({ rounds = ROUNDS, log = console.log } = {}) {
  // Each child process (8 servers, 3 Redis) registers one exit hook that kills it with this process.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 32));
  const setups = [];
  try {
    for (const setup of SETUPS) {
      setups.push(await startSetup(setup));
    }
    const samples = new Map(SETUPS.map(({ name }) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const setup of alternatingOrder(setups, round)) {
        samples.get(setup.name).push(await measure(setup, `bench-${round}`));
      }
    }
    const results = SETUPS.map(({ name, instances, redis }) => ({ name, instances, redis, perSecond: median(samples.get(name)), samples: samples.get(name) }));
    log(`fan-out: ${results.map((r) => `${r.name} ${integer(r.perSecond)}/s`).join(', ')}`);
    const inMemory = results[0].perSecond;
    return {
      id: 'fanout',
      title: `Fan-out: messages/s delivered to ${CLIENTS} subscribers by one publisher, one in-memory instance vs. instances sharing Redis`,
      columns: ['server', 'delivered messages/s', 'vs. one in-memory instance'],
      rows: results.map((r) => [r.name, integer(r.perSecond), `${(r.perSecond / inMemory).toFixed(2)}x`]),
      notes: [
        `Each round: ${CLIENTS} \`ws\` clients subscribe to one channel, spread round-robin over the setup's instances; one more client ` +
          `on instance 0 publishes ${MESSAGES} \`channel.publish\` frames back to back; the figure is ${CLIENTS} x ${MESSAGES} deliveries divided by ` +
          'the time from the first publish to the last delivery. Median of the rounds; the setups alternate order round by round.',
        'Instances are `node demo/server/main.mjs` processes; with Redis every publish is one XADD to the shared fan-out stream and every ' +
          'instance reads the stream (XREAD BLOCK, batches of up to 1,000) and delivers to its own subscribers. Redis is Debian\'s redis-server ' +
          'on 127.0.0.1 with persistence off. On this 2-core machine more instances add processes, not cores: the figures show the cost of the ' +
          'Redis hop and of more processes sharing two cores, not the scaling a machine (or machines) with a core per instance would show.',
      ],
      chart: {
        title: `Fan-out: deliveries/s to ${CLIENTS} subscribers (higher is better)`,
        groups: [{ label: 'deliveries/s', bars: results.map((r) => ({ series: r.name, value: r.perSecond })) }],
        format: (value) => integer(value),
      },
      results,
    };
  } finally {
    for (const setup of setups) {
      await setup.stop();
    }
  }
}

async function startSetup({ name, instances, redis: withRedis }) {
  const redis = withRedis ? new RedisProcess() : null;
  await redis?.start();
  const servers = [];
  for (let i = 0; i < instances; i++) {
    servers.push(await spawnReferenceServer({ env: { LIMITS, ...(redis ? { REDIS_URL: redis.url } : {}) } }));
  }
  return {
    name,
    servers,
    stop: async () => {
      await Promise.all(servers.map((server) => server.kill()));
      await redis?.dispose();
    },
  };
}

/** One round on one setup: resolves with deliveries per second. */
async function measure({ servers }, channel) {
  const subscribers = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => open(servers[i % servers.length].socketUrl)));
  const publisher = await open(servers[0].socketUrl);
  try {
    for (const subscriber of subscribers) subscriber.socket.send(JSON.stringify({ type: 'sub', channel }));
    // An echo after the sub comes back once the server handled the sub (a connection's frames are handled in order).
    await Promise.all(subscribers.map((subscriber) => subscriber.synced()));
    // A probe publish reaches every subscriber: the fan-out path is warm before the clock starts.
    publisher.socket.send(JSON.stringify({ type: 'channel.publish', channel, payload: { probe: true } }));
    await Promise.all(subscribers.map((subscriber) => subscriber.until(1)));
    const started = performance.now();
    for (let n = 0; n < MESSAGES; n++) {
      publisher.socket.send(JSON.stringify({ type: 'channel.publish', channel, payload: { n } }));
    }
    await Promise.all(subscribers.map((subscriber) => subscriber.until(1 + MESSAGES)));
    return (CLIENTS * MESSAGES) / ((performance.now() - started) / 1000);
  } finally {
    for (const client of [...subscribers, publisher]) client.socket.terminate();
  }
}

/** A client that counts the channel messages it gets; `until(n)` resolves once it has n. */
function open(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let count = 0;
    let waiter = null;
    let echoed = null;
    socket.on('message', (data) => {
      if (data.toString().startsWith('{"type":"echo"')) {
        echoed?.();
      } else if (data.toString().startsWith('{"type":"channel.message"')) {
        count++;
        if (waiter !== null && count >= waiter.n) waiter.resolve();
      }
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        synced: () =>
          new Promise((done) => {
            echoed = done;
            socket.send(JSON.stringify({ type: 'echo', payload: 'sync' }));
          }),
        until: (n) =>
          count >= n
            ? Promise.resolve()
            : new Promise((done, fail) => {
                const timer = setTimeout(() => fail(new Error(`fan-out: ${count} of ${n} messages after 60 s`)), 60_000);
                waiter = { n, resolve: () => (clearTimeout(timer), done()) };
              }),
      }),
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const startedAt = performance.now();
  const result = await runFanout({ rounds: Number(process.env.BENCH_ROUNDS) || 3 });
  console.log(`\n## ${result.title}\n\n${markdownTable(result.columns, result.rows)}\n`);
  console.log(`(${((performance.now() - startedAt) / 1000).toFixed(0)} s; rounds: ${result.results[0].samples.length})`);
}
