import { SessionMap } from '../delivery/session-map.mjs';
import { KEY_PREFIX } from './redis-backplane.mjs';

/**
 * Delivery sessions kept in Redis (docs/protocol.md, "Delivery"; the in-memory twin is
 * delivery/sessions.mjs), so a client that resumes on another instance finds its session there:
 *
 * - `nls:s:<id>`          hash: `epoch` (which attachment owns the session), `last` (highest client id
 *                          processed), `next` (next seq), `resumes`
 * - `nls:s:<id>:out`      stream of the numbered messages, entry id `<seq>-0`, the last `keep` kept: the replay
 * - `nls:s:<id>:replies`  hash: client request id -> the reply, to answer a resent request the same way
 *
 * Every attach increments `epoch`; every write checks it in the same Lua script. An instance whose client
 * has resumed elsewhere is refused ("fenced") on its next write, so two instances never number or record
 * for one session at once; its stale connection is closed with 4503. So that an idle stale link (a frozen
 * tab) is closed at once too, not at its next write, each attach announces its epoch on the backplane
 * (topic `session.resumed`): an instance that holds the session under an older epoch fences it then.
 * (A takeover on the same instance is fenced by delivery/delivery-feature.mjs, as in memory.)
 *
 * Persist before ack, persist before send: `processed` resolves once Redis recorded the id (the dispatcher
 * acks after that), and a numbered message goes to the client only once it is in the session's stream. While
 * Redis is down both wait (the client sees no ack and keeps the message queued).
 */

const UNNUMBERED_TYPES = new Set(['pong', 'ack', 'resumed', 'error']);

/** Opens a script that writes to a session (KEYS[1], its state hash, ARGV[1] the writer's epoch): refuses a stale writer. */
export const FENCE = `local e = redis.call('HGET', KEYS[1], 'epoch')
if e and e ~= ARGV[1] then return 0 end
if not e then redis.call('HSET', KEYS[1], 'epoch', ARGV[1]) end`;

const SCRIPTS = {
  sessionAttach: {
    numberOfKeys: 3,
    lua: `local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
return { epoch, redis.call('HGET', KEYS[1], 'last') or '0', redis.call('HGET', KEYS[1], 'next') or '1', redis.call('HGET', KEYS[1], 'resumes') or '0' }`,
  },
  sessionDeliver: {
    numberOfKeys: 2,
    lua: `${FENCE}
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], ARGV[2] .. '-0', 'm', ARGV[3])
redis.call('HSET', KEYS[1], 'next', tonumber(ARGV[2]) + 1, 'resumes', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1`,
  },
  sessionProcessed: {
    numberOfKeys: 2,
    lua: `${FENCE}
if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], 'last') or '0') then redis.call('HSET', KEYS[1], 'last', ARGV[2]) end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`,
  },
  sessionTouch: {
    numberOfKeys: 3,
    lua: `for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
return 1`,
  },
};

/** The keys of one session. @param {string} id */
export function sessionKeys(id) {
  const base = `${KEY_PREFIX}s:${id}`;
  return { state: base, out: `${base}:out`, replies: `${base}:replies`, streams: `${base}:streams` };
}

/**
 * One client's delivery session, as seen by this instance. Same interface as delivery/sessions.mjs's
 * `Session`, but `attach`, `processed` and `answerAgain` return promises.
 */
export class RedisSession {
  /** @type {((envelope: object) => boolean) | null} */
  #transmit = null;
  /** Numbered messages go out one after another, each once stored. */
  #tail = /** @type {Promise<unknown>} */ (Promise.resolve());
  /** Resolves once the current attach has its epoch. */
  #attached = /** @type {Promise<unknown>} */ (Promise.resolve());
  /** Counts attaches: a message delivered before the current one is the current one's to replay. */
  #attachments = 0;
  /** The `lastSeq` the current attach replays after; `null` when it replays nothing. */
  #replaysAfter = /** @type {number | null} */ (null);

  /** @param {string} id @param {RedisSessionStore} store */
  constructor(id, store) {
    this.id = id;
    this.store = store;
    this.keys = sessionKeys(id);
    this.epoch = '0';
    this.resumes = false;
    this.lastClientId = 0;
    this.nextSeq = 1;
    this.detachedAt = null;
    /** Set when another instance took the session over; this instance then writes nothing more for it. */
    this.fenced = false;
  }

  get attached() {
    return this.#transmit !== null && !this.fenced;
  }

  /**
   * Takes the session over (a new epoch fences any other holder), loads its state and replays what the
   * client missed from the session's stream.
   *
   * @param {(envelope: object) => boolean} transmit
   * @param {number | undefined} lastSeq
   * @returns {Promise<{ replayed: number, complete: boolean }>}
   */
  attach(transmit, lastSeq) {
    this.#transmit = transmit;
    this.#attachments++;
    this.#replaysAfter = lastSeq ?? null;
    this.detachedAt = null;
    const { redis, ttlMs } = this.store;
    const previous = this.#tail;
    const attaching = previous.then(async () => {
      const [epoch, last, next, resumes] = await redis.sessionAttach(this.keys.state, this.keys.out, this.keys.replies, ttlMs);
      Object.assign(this, { epoch: String(epoch), lastClientId: Number(last), nextSeq: Number(next), resumes: resumes === '1', fenced: false });
      this.store.announce(this);
    });
    this.#attached = attaching;
    const result = attaching.then(async () => {
      if (lastSeq === undefined) {
        return { replayed: 0, complete: true };
      }
      this.resumes = true;
      if (lastSeq > this.nextSeq - 1) {
        this.nextSeq = lastSeq + 1; // the client saw more than Redis kept (Redis lost data): number on from there
        return { replayed: 0, complete: false };
      }
      const missed = await redis.xrange(this.keys.out, `${lastSeq + 1}-0`, '+');
      for (const [, fields] of missed) {
        transmit(JSON.parse(fields[1]));
      }
      const [oldest] = await redis.xrange(this.keys.out, '-', '+', 'COUNT', 1);
      const oldestSeq = oldest === undefined ? this.nextSeq : Number(oldest[0].split('-')[0]);
      return { replayed: missed.length, complete: lastSeq + 1 >= oldestSeq };
    });
    this.#tail = result.then(
      () => this.store.attached(this),
      () => {},
    );
    return result;
  }

  /** @param {(envelope: object) => boolean} transmit */
  detach(transmit, now = Date.now()) {
    if (this.#transmit === transmit) {
      this.#transmit = null;
      this.detachedAt = now;
      this.store.detached(this);
    }
  }

  /**
   * Numbers, stores, then sends (in that order, one message after another). Control answers go out at once.
   *
   * @returns {boolean} true: it is on its way (numbered messages reach the client once stored)
   */
  deliver(envelope) {
    if (UNNUMBERED_TYPES.has(envelope.type) || envelope.re !== undefined) {
      return this.#transmit?.(envelope) ?? false;
    }
    const attachment = this.#attachments;
    this.#tail = this.#tail.then(() => this.#store(envelope, attachment)).catch((error) => this.#failed(error));
    return true;
  }

  /** @param {object} envelope @param {number} attachment  the attach it was delivered under */
  async #store(envelope, attachment) {
    if (this.fenced) {
      return;
    }
    if (!this.resumes) {
      this.#transmit?.(envelope);
      return;
    }
    const numbered = { ...envelope, seq: this.nextSeq++ };
    const { redis, keep, ttlMs } = this.store;
    const stored = await redis.sessionDeliver(this.keys.state, this.keys.out, this.epoch, numbered.seq, JSON.stringify(numbered), keep, ttlMs);
    if (stored === 1) {
      // Delivered before the current attach, it was stored before that attach reads its replay, which then
      // sends it (once) if its client had not seen it: sent live as well, it would arrive twice under one seq.
      const inReplay = attachment !== this.#attachments && this.#replaysAfter !== null && numbered.seq > this.#replaysAfter;
      if (!inReplay) {
        this.#transmit?.(numbered);
      }
    } else {
      this.#fence();
    }
  }

  /** @param {number} id */
  alreadyProcessed(id) {
    return id <= this.lastClientId;
  }

  /**
   * Records in Redis that this id was handled. Resolves `true` once recorded (then the ack may go),
   * `false` when another instance holds the session now.
   */
  processed(id, reply) {
    this.lastClientId = Math.max(this.lastClientId, id);
    const { redis, ttlMs } = this.store;
    return this.#attached
      .then(() => redis.sessionProcessed(this.keys.state, this.keys.replies, this.epoch, id, reply === undefined ? '' : JSON.stringify(reply), ttlMs))
      .then((recorded) => recorded === 1 || (this.#fence(), false));
  }

  /** The stored reply to a resent request, or a plain ack. */
  async answerAgain(id) {
    const reply = await this.store.redis.hget(this.keys.replies, String(id));
    return reply === null ? { type: 'ack', id: this.lastClientId } : JSON.parse(reply);
  }

  /**
   * Another instance attached this session under `epoch`: if this instance still holds it under an older
   * one, it is fenced now. Judged once this instance's own attach (if one is under way) has its epoch, so
   * a late announcement never fences a newer local holder.
   *
   * @param {number} epoch
   */
  resumedElsewhere(epoch) {
    this.#attached.then(
      () => this.attached && Number(this.epoch) < epoch && this.#fence(),
      () => {},
    );
  }

  /** Keeps an idle but connected session's keys alive. */
  touch() {
    return this.store.redis.sessionTouch(this.keys.state, this.keys.out, this.keys.replies, this.store.ttlMs);
  }

  #fence() {
    if (!this.fenced) {
      this.fenced = true;
      this.store.fenced(this);
    }
  }

  #failed(error) {
    // A write Redis refused (not a fence): the stream and this instance disagree. Let the client resume afresh.
    console.error(`reference server: storing a message of session ${this.id} failed:`, error);
    this.#fence();
  }
}

/**
 * Every delivery session this instance serves, backed by Redis. `attached`/`detached` listeners let a
 * feature follow where a session lives (the test streams run where their session is attached).
 */
export class RedisSessionStore extends SessionMap {
  #listeners = { attached: /** @type {Function[]} */ ([]), detached: /** @type {Function[]} */ ([]), fenced: /** @type {Function[]} */ ([]) };
  #touchTimer;

  /**
   * @param {{ redis: import('ioredis').Redis, backplane?: Pick<import('./local-backplane.mjs').Backplane, 'publish' | 'subscribe' | 'instanceId'>, keep?: number, ttlMs?: number }} options
   *   `backplane`: where attaches are announced to the other instances (without it a stale holder on another
   *   instance is fenced only at its next write); `keep`: numbered messages kept per session for replay;
   *   `ttlMs`: how long Redis keeps an idle session (and this instance its local copy of a detached one)
   */
  constructor({ redis, backplane, keep = 10_000, ttlMs = 5 * 60_000 }) {
    super((id) => new RedisSession(id, this), ttlMs);
    this.backplane = backplane;
    backplane?.subscribe('session.resumed', ({ session, epoch, instance }) => {
      if (instance !== backplane.instanceId) this.get(session)?.resumedElsewhere(epoch);
    });
    for (const [name, { numberOfKeys, lua }] of Object.entries(SCRIPTS)) {
      redis.defineCommand(name, { numberOfKeys, lua });
    }
    this.redis = /** @type {any} */ (redis);
    this.keep = keep;
    this.#touchTimer = setInterval(() => {
      for (const session of this.values()) {
        if (session.attached) session.touch().catch(() => {});
      }
    }, ttlMs / 3);
    this.#touchTimer.unref();
  }

  /** @param {'attached' | 'detached' | 'fenced'} event @param {(session: RedisSession) => void} listener */
  on(event, listener) {
    this.#listeners[event].push(listener);
  }

  /** Tells the other instances this one now holds the session under its new epoch. @param {RedisSession} session */
  announce(session) {
    this.backplane?.publish('session.resumed', { session: session.id, epoch: Number(session.epoch), instance: this.backplane.instanceId })?.catch?.((error) => {
      console.error(`reference server: announcing the resume of session ${session.id} failed:`, error);
    });
  }

  attached(session) {
    this.#listeners.attached.forEach((listener) => listener(session));
  }

  detached(session) {
    this.#listeners.detached.forEach((listener) => listener(session));
  }

  fenced(session) {
    this.#listeners.fenced.forEach((listener) => listener(session));
  }

  close() {
    clearInterval(this.#touchTimer);
  }
}
