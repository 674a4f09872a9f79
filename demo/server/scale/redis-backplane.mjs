import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { HISTORY_SIZE } from './backplane-limits.mjs';

/** Every key this server writes starts with this, so one Redis can hold other data too. */
export const KEY_PREFIX = 'nls:';
/** The one stream every instance publishes its broadcasts to and reads everyone's from, in one order. */
const FANOUT = `${KEY_PREFIX}fanout`;
/** Entries kept in the fan-out stream: enough for an instance cut off for a while to catch up. */
const FANOUT_KEEP = 100_000;
const COUNTER = `${KEY_PREFIX}counter`;
const HISTORY = `${KEY_PREFIX}chat:history`;
const PRESENCE_INSTANCES = `${KEY_PREFIX}presence:instances`;
const PRESENCE_COUNTS = `${KEY_PREFIX}presence:counts`;
const PRESENCE_TOTAL = `${KEY_PREFIX}presence:total`;
/** Chat members online: member (`<instance>:<connection>`) -> name; name ignoring case -> member; member -> that key. */
const CHAT_MEMBERS = `${KEY_PREFIX}chat:members`;
const CHAT_NAMES = `${KEY_PREFIX}chat:names`;
const CHAT_NAME_KEYS = `${KEY_PREFIX}chat:name-keys`;

/** Lua: removes one chat member (KEYS[1..3] = members, names, name keys); returns 1 if it was there. */
const LEAVE_CHAT = `local function leave(member, members, names, nameKeys)
  local key = redis.call('HGET', nameKeys, member)
  if not key then return 0 end
  redis.call('HDEL', members, member)
  redis.call('HDEL', nameKeys, member)
  if redis.call('HGET', names, key) == member then redis.call('HDEL', names, key) end
  return 1
end
local function publishOnline(members, fanout, origin, maxlen)
  local online = redis.call('HVALS', members)
  redis.call('XADD', fanout, 'MAXLEN', '~', maxlen, '*', 'm', cjson.encode({ o = origin, l = 0, t = 'chat.presence', p = online }))
end`;

/**
 * An instance that stops reporting its connection count (it crashed) is forgotten after this long; it
 * reports every PRESENCE_REFRESH_MS, so its clients leave the total within
 * PRESENCE_TTL_MS + PRESENCE_REFRESH_MS (8 s) of the crash.
 */
export const PRESENCE_TTL_MS = 6_000;
export const PRESENCE_REFRESH_MS = 2_000;

/**
 * The Lua scripts run atomically in Redis: a change and its broadcast enter the fan-out stream together,
 * so every instance sees counter values and chat messages in the order Redis applied them.
 */
const SCRIPTS = {
  counterAdd: {
    numberOfKeys: 2,
    lua: `local v = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'm', '{"o":"' .. ARGV[2] .. '","l":0,"t":"counter","p":' .. v .. '}')
return v`,
  },
  chatAppend: {
    numberOfKeys: 2,
    lua: `redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'm', ARGV[3])
return 1`,
  },
  chatJoin: {
    numberOfKeys: 4,
    lua: `${LEAVE_CHAT}
local holder = redis.call('HGET', KEYS[2], ARGV[3])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
publishOnline(KEYS[1], KEYS[4], ARGV[4], ARGV[5])
return 1`,
  },
  chatLeave: {
    numberOfKeys: 4,
    lua: `${LEAVE_CHAT}
if leave(ARGV[1], KEYS[1], KEYS[2], KEYS[3]) == 1 then publishOnline(KEYS[1], KEYS[4], ARGV[2], ARGV[3]) end
return 1`,
  },
  presenceReport: {
    numberOfKeys: 7,
    lua: `${LEAVE_CHAT}
local now = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
local chatLeft = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[1], id)
  -- The instance is gone: so are its chat members, and their names are free again.
  for _, member in ipairs(redis.call('HKEYS', KEYS[5])) do
    if string.sub(member, 1, #id + 1) == id .. ':' then chatLeft = chatLeft + leave(member, KEYS[5], KEYS[6], KEYS[7]) end
  end
end
if chatLeft > 0 then publishOnline(KEYS[5], KEYS[4], ARGV[1], ARGV[5]) end
local total = 0
for _, count in ipairs(redis.call('HVALS', KEYS[2])) do total = total + tonumber(count) end
if ARGV[6] == '1' or redis.call('GET', KEYS[3]) ~= tostring(total) then
  redis.call('SET', KEYS[3], total)
  redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[5], '*', 'm', '{"o":"' .. ARGV[1] .. '","l":0,"t":"presence","p":' .. total .. '}')
end
return total`,
  },
};

/**
 * Opens an ioredis client that never gives up on a command: while Redis is down, commands wait in the
 * client's queue and run when it is back, so whatever waits for them (an ack) waits too instead of lying.
 *
 * @param {string} url redis://host:port
 * @param {string} role for log lines
 */
export function connectRedis(url, role) {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
    connectionName: `ngx-live-socket-${role}`,
  });
  for (const [name, { numberOfKeys, lua }] of Object.entries(SCRIPTS)) {
    redis.defineCommand(name, { numberOfKeys, lua });
  }
  return redis;
}

/**
 * The backplane over Redis (see local-backplane.mjs for the contract): every broadcast goes into one Redis
 * Stream that each instance reads from, so all instances see all broadcasts in one order and an instance
 * that lost Redis for a while catches up from where it stopped reading. The counter, the chat history and
 * the per-instance connection counts live in Redis.
 *
 * While Redis is down, `publish` delivers to this instance's own clients at once and queues the entry for
 * the others (marked, so this instance does not deliver it twice); operations whose result lives in Redis
 * (the counter, the chat history) wait for it. `health()` says which state it is in.
 *
 * @implements {import('./local-backplane.mjs').Backplane}
 */
export class RedisBackplane {
  instanceId = randomUUID().slice(0, 8);
  /** @type {Map<string, Array<(payload: any) => void>>} */
  #handlers = new Map();
  #closed = false;
  #downSince = /** @type {number | null} */ (null);
  #connections = 0;
  #refreshTimer = /** @type {NodeJS.Timeout | undefined} */ (undefined);
  #reading = /** @type {Promise<void>} */ (Promise.resolve());

  /** @param {string} url */
  constructor(url) {
    this.redis = connectRedis(url, 'commands');
    /** A second connection: XREAD BLOCK holds its connection while it waits. */
    this.reader = connectRedis(url, 'fanout-reader');
    this.redis.on('ready', () => this.#up());
    this.redis.on('close', () => this.#down());
    this.redis.on('error', () => {}); // reported once by #down, not on every reconnect attempt
    this.reader.on('error', () => {});
  }

  /**
   * Connects, finds where the fan-out stream ends and starts reading from there.
   *
   * @param {string} url
   */
  static async start(url) {
    const backplane = new RedisBackplane(url);
    const [last] = await backplane.redis.xrevrange(FANOUT, '+', '-', 'COUNT', 1);
    backplane.#reading = backplane.#read(last?.[0] ?? '0-0');
    backplane.#refreshTimer = setInterval(() => backplane.#report(false), PRESENCE_REFRESH_MS);
    backplane.#refreshTimer.unref();
    return backplane;
  }

  get #isUp() {
    return this.redis.status === 'ready';
  }

  subscribe(topic, handler) {
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler]);
  }

  publish(topic, payload) {
    return this.#append(topic, payload, (entry) => this.redis.xadd(FANOUT, 'MAXLEN', '~', FANOUT_KEEP, '*', 'm', entry));
  }

  async addToCounter(delta) {
    await /** @type {any} */ (this.redis).counterAdd(COUNTER, FANOUT, delta, this.instanceId, FANOUT_KEEP);
  }

  async counterValue() {
    return Number((await this.redis.get(COUNTER)) ?? 0);
  }

  appendChat(message) {
    return this.#append('chat', message, (entry) =>
      /** @type {any} */ (this.redis).chatAppend(HISTORY, FANOUT, JSON.stringify(message), HISTORY_SIZE, entry, FANOUT_KEEP),
    );
  }

  async chatHistory() {
    return (await this.redis.lrange(HISTORY, 0, -1)).map((text) => JSON.parse(text));
  }

  async chatJoin(member, name) {
    const joined = await /** @type {any} */ (this.redis).chatJoin(CHAT_MEMBERS, CHAT_NAMES, CHAT_NAME_KEYS, FANOUT, member, name, name.toLowerCase(), this.instanceId, FANOUT_KEEP);
    return joined === 1;
  }

  async chatLeave(member) {
    await /** @type {any} */ (this.redis).chatLeave(CHAT_MEMBERS, CHAT_NAMES, CHAT_NAME_KEYS, FANOUT, member, this.instanceId, FANOUT_KEEP);
  }

  chatOnline() {
    return this.redis.hvals(CHAT_MEMBERS);
  }

  reportConnections(count) {
    this.#connections = count;
    return this.#report(true);
  }

  health() {
    return {
      backplane: 'redis',
      instance: this.instanceId,
      redis: this.#isUp ? 'up' : 'down',
      redisDownSince: this.#downSince === null ? null : new Date(this.#downSince).toISOString(),
      queuedCommands: this.redis.commandQueue?.length ?? 0,
    };
  }

  /** Stops reading, takes this instance's connections out of the total, and disconnects. */
  async close() {
    this.#closed = true;
    clearInterval(this.#refreshTimer);
    if (this.#isUp) {
      this.#connections = 0;
      await Promise.race([this.#report(true, 0), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
    }
    this.reader.disconnect();
    this.redis.disconnect();
    await this.#reading;
  }

  /**
   * Writes a broadcast entry. With Redis up, every instance (this one too) delivers it when it reads the
   * stream. With Redis down, this instance's clients get it now and the others when Redis is back.
   */
  #append(topic, payload, write) {
    const local = !this.#isUp;
    if (local) {
      this.#deliver(topic, payload);
    }
    return write(JSON.stringify({ o: this.instanceId, l: local ? 1 : 0, t: topic, p: payload })).then(() => undefined);
  }

  #report(force, ttl = PRESENCE_TTL_MS) {
    return /** @type {any} */ (this.redis)
      .presenceReport(PRESENCE_INSTANCES, PRESENCE_COUNTS, PRESENCE_TOTAL, FANOUT, CHAT_MEMBERS, CHAT_NAMES, CHAT_NAME_KEYS, this.instanceId, this.#connections, Date.now(), ttl, FANOUT_KEEP, force ? '1' : '0')
      .then(() => undefined);
  }

  async #read(from) {
    let lastId = from;
    while (!this.#closed) {
      try {
        const result = await this.reader.xread('COUNT', 1_000, 'BLOCK', 1_000, 'STREAMS', FANOUT, lastId);
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            lastId = id;
            const entry = JSON.parse(fields[1]);
            if (!(entry.o === this.instanceId && entry.l === 1)) {
              this.#deliver(entry.t, entry.p);
            }
          }
        }
      } catch (error) {
        if (!this.#closed) {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
  }

  #deliver(topic, payload) {
    for (const handler of this.#handlers.get(topic) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        console.error(`reference server: delivering a "${topic}" broadcast failed:`, error);
      }
    }
  }

  #up() {
    if (this.#downSince !== null) {
      console.log(`reference server ${this.instanceId}: Redis is back after ${Date.now() - this.#downSince} ms; catching up`);
      this.#downSince = null;
      this.#report(true).catch(() => {});
    }
  }

  #down() {
    if (this.#downSince === null && !this.#closed) {
      this.#downSince = Date.now();
      console.error(
        `reference server ${this.instanceId}: lost Redis; serving local clients, holding acks and shared state until it is back`,
      );
    }
  }
}
