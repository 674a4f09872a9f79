import { keyOf } from '../test-streams.mjs';
import { KEY_PREFIX } from './redis-backplane.mjs';
import { FENCE, sessionKeys } from './redis-sessions.mjs';

/** A message without a session: every processing is recorded (nothing can tell a resend from a new one). */
const RECORD = {
  numberOfKeys: 1,
  lua: `redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], 3600000)
return 1`,
};
/**
 * A message of a delivery session: the sink's entry and the session's processed id are written by one
 * script, so an instance that dies in between cannot leave one without the other. Every processing is
 * recorded: nothing is deduplicated here, so a message the server processed twice would show twice.
 */
const RECORD_PROCESSED = {
  numberOfKeys: 2,
  lua: `${FENCE}
if tonumber(ARGV[2]) <= tonumber(redis.call('HGET', KEYS[1], 'last') or '0') then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], 'last', ARGV[2])
redis.call('PEXPIRE', KEYS[2], 3600000)
return 1`,
};
/** How far back in a session's stream to look for the last item a stream produced. */
const SCAN_BACK = 2_000;

/**
 * The test streams of test-streams.mjs (same message types) for instances sharing Redis:
 *
 * - `test.data` is recorded in Redis (every processing, with the session's processed id in the same script),
 *   `test.report` reads it from there;
 * - a `test.stream` of a delivery session is kept in Redis and runs on whichever instance the session is
 *   attached to: it stops when the session leaves, and the instance where it resumes starts it again after
 *   the last item found in the session's stream (what was stored is what counts: nothing is produced twice).
 * A stream without a session runs on the instance that got the request and ends with it.
 *
 * @param {{ redis: import('ioredis').Redis, sessions: import('./redis-sessions.mjs').RedisSessionStore }} context
 * @returns {import('../dispatcher.mjs').Feature & { stop(): void }}
 */
export function redisTestStreamsFeature({ redis: client, sessions }) {
  const redis = /** @type {any} */ (client);
  redis.defineCommand('testRecord', RECORD);
  redis.defineCommand('testRecordProcessed', RECORD_PROCESSED);
  /** Streams running on this instance, by key. */
  const running = new Map();
  const streamKey = (key) => `${KEY_PREFIX}ts:${key}`;

  const run = (key, { count, intervalMs, next, target }) => {
    const stream = { target, next, timer: /** @type {any} */ (null) };
    running.set(key, stream);
    stream.timer = setInterval(() => {
      const session = stream.target.deliver ? stream.target : null;
      if (stream.next >= count || (session !== null && !session.attached)) {
        stop(key);
        return;
      }
      const item = { type: 'test.item', payload: { key, n: stream.next } };
      if (session !== null) {
        session.deliver(item); // numbered, stored, then sent
      } else {
        stream.target.send(item); // a bare connection: lost while it is gone
      }
      stream.next++;
    }, intervalMs);
  };
  const stop = (key) => {
    clearInterval(running.get(key)?.timer);
    running.delete(key);
  };

  /** Where the session's stream got to: one after the last item of this key stored in its stream. */
  const nextOf = async (session, key) => {
    const entries = await redis.xrevrange(session.keys.out, '+', '-', 'COUNT', SCAN_BACK);
    for (const [, fields] of entries) {
      const message = JSON.parse(fields[1]);
      if (message.type === 'test.item' && message.payload.key === key) {
        return message.payload.n + 1;
      }
    }
    return 0;
  };

  const resumeStreams = async (session) => {
    for (const key of await redis.smembers(sessionKeys(session.id).streams)) {
      const definition = await redis.hgetall(streamKey(key));
      if (!session.attached || running.has(key) || definition.count === undefined) continue;
      const next = await nextOf(session, key);
      if (session.attached && !running.has(key)) {
        run(key, { count: Number(definition.count), intervalMs: Number(definition.intervalMs), next, target: session });
      }
    }
  };
  sessions.on('attached', (session) => resumeStreams(session).catch((error) => console.error('reference server: resuming test streams failed:', error)));
  sessions.on('detached', (session) => {
    for (const [key, stream] of running) if (stream.target === session) stop(key);
  });

  // A bare connection has `send`, a session `deliver`: give the session's `deliver` only to sessions.
  const targetOf = (connection) => connection.session ?? { send: (envelope) => connection.send(envelope), connection };

  return {
    name: 'test-streams',
    messages: {
      'test.data': (connection, envelope) => {
        const list = `${KEY_PREFIX}td:${keyOf(envelope)}:list`;
        const { session } = connection;
        const recorded =
          session !== undefined && envelope.id !== undefined
            ? redis.testRecordProcessed(session.keys.state, list, session.epoch, envelope.id, envelope.payload.n)
            : redis.testRecord(list, envelope.payload.n);
        return recorded.then(() => undefined);
      },
      'test.attach': (connection, envelope) => {
        const stream = running.get(keyOf(envelope));
        if (stream && !stream.target.deliver) stream.target = targetOf(connection);
      },
    },
    requests: {
      'test.report': async (_connection, envelope) => ({
        received: (await redis.lrange(`${KEY_PREFIX}td:${keyOf(envelope)}:list`, 0, -1)).map(Number),
      }),
      'test.stream': async (connection, envelope) => {
        const key = keyOf(envelope);
        const { count, intervalMs } = envelope.payload;
        const session = connection.session;
        if (session === undefined) {
          if (!running.has(key)) run(key, { count, intervalMs, next: 0, target: targetOf(connection) });
          return { started: true };
        }
        const created = await redis.hsetnx(streamKey(key), 'count', count);
        if (created === 1) {
          await redis.multi().hset(streamKey(key), 'intervalMs', intervalMs, 'session', session.id).pexpire(streamKey(key), 3_600_000).sadd(sessionKeys(session.id).streams, key).pexpire(sessionKeys(session.id).streams, 3_600_000).exec();
          if (!running.has(key)) run(key, { count, intervalMs, next: 0, target: session });
        }
        return { started: true };
      },
    },
    disconnected: (connection) => {
      // Without a session the stream runs on and its items are lost until a `test.attach` from a new connection.
      for (const stream of running.values()) if (stream.target.connection === connection) stream.target = { send: () => false };
    },
    stop: () => [...running.keys()].forEach(stop),
  };
}
