/**
 * Sessions by id, created on first use and forgotten `ttlMs` after their last connection left: what the
 * in-memory store (sessions.mjs) and the Redis store (scale/redis-sessions.mjs) both keep locally.
 *
 * @template {{ detachedAt: number | null }} S
 */
export class SessionMap {
  /** @type {Map<string, S>} */
  #sessions = new Map();

  /** @param {(id: string) => S} create @param {number} ttlMs */
  constructor(create, ttlMs) {
    this.create = create;
    this.ttlMs = ttlMs;
  }

  /** The session with this id, created when new (forgetting expired ones first). @param {string} id */
  open(id) {
    this.expire();
    return this.sessionFor(id);
  }

  /** @param {string} id */
  get(id) {
    return this.#sessions.get(id);
  }

  get size() {
    return this.#sessions.size;
  }

  values() {
    return this.#sessions.values();
  }

  /** Forgets sessions nobody has resumed for `ttlMs`. */
  expire(now = Date.now()) {
    for (const [id, session] of this.#sessions) {
      if (session.detachedAt !== null && now - session.detachedAt > this.ttlMs) {
        this.#sessions.delete(id);
      }
    }
  }

  /** @param {string} id @returns {S} */
  sessionFor(id) {
    let session = this.#sessions.get(id);
    if (session === undefined) {
      session = this.create(id);
      this.#sessions.set(id, session);
    }
    return session;
  }
}
