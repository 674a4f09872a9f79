/**
 * Delivery sessions (docs/protocol.md, "Delivery"): what lets a client reconnect without losing or
 * duplicating a message. A session outlives its connections: it remembers the highest client id it
 * processed (so a resent message is acknowledged again, not processed again) and numbers what the server
 * sends it (`seq`), keeping the recent messages to replay after a reconnect.
 */

import { SessionMap } from './session-map.mjs';

/** Control types never numbered: they answer the current connection, not the session's stream. */
const UNNUMBERED_TYPES = new Set(['pong', 'ack', 'resumed', 'error']);

/**
 * @typedef {import('../protocol.mjs').Envelope} Envelope
 * @typedef {{ append(event: object): void }} EventLog
 * @typedef {(envelope: Envelope) => boolean} Transmit  sends on the session's current connection
 */

export class Session {
  /** The connection's transmit function while one is attached. @type {Transmit | null} */
  #transmit = null;
  /** Recent numbered messages, oldest first. @type {Array<Envelope & { seq: number }>} */
  #kept = [];
  /** Replies to recent requests by id, to answer a resent request the same way. @type {Map<number, Envelope>} */
  #replies = new Map();

  /**
   * @param {string} id
   * @param {{ log: EventLog, keep: number, keepReplies: number }} options
   */
  constructor(id, { log, keep, keepReplies }) {
    this.id = id;
    this.log = log;
    this.keep = keep;
    this.keepReplies = keepReplies;
    /** Whether the client asked for `seq` and replay. */
    this.resumes = false;
    this.lastClientId = 0;
    this.nextSeq = 1;
    /** When the last connection left (for expiry); null while attached. */
    this.detachedAt = null;
  }

  get attached() {
    return this.#transmit !== null;
  }

  /**
   * Binds the session to a (new) connection and replays what the client missed.
   *
   * @param {Transmit} transmit
   * @param {number | undefined} lastSeq the last seq the client saw; undefined: it does not resume
   * @returns {{ replayed: number, complete: boolean }}
   */
  attach(transmit, lastSeq) {
    this.#transmit = transmit;
    this.detachedAt = null;
    if (lastSeq === undefined) {
      return { replayed: 0, complete: true };
    }
    this.resumes = true;
    if (lastSeq > this.nextSeq - 1) {
      // The client has seen more than this server remembers sending (its state was lost): number on from
      // the client's position, or every new message would look like a duplicate to it.
      this.nextSeq = lastSeq + 1;
      return { replayed: 0, complete: false };
    }
    const missed = this.#kept.filter((message) => message.seq > lastSeq);
    for (const message of missed) {
      transmit(message);
    }
    const oldestKept = this.#kept[0]?.seq ?? this.nextSeq;
    return { replayed: missed.length, complete: lastSeq + 1 >= oldestKept };
  }

  /** @param {Transmit} transmit the connection that left; ignored if another has taken over since */
  detach(transmit, now = Date.now()) {
    if (this.#transmit === transmit) {
      this.#transmit = null;
      this.detachedAt = now;
    }
  }

  /**
   * Sends an envelope to the client: numbered and kept when the session resumes (and it is not a control
   * answer), so it reaches the client even if this connection dies before the client reads it.
   *
   * @param {Envelope} envelope
   * @returns {boolean} whether it went out now (a numbered one is kept either way)
   */
  deliver(envelope) {
    if (!this.resumes || UNNUMBERED_TYPES.has(envelope.type) || envelope.re !== undefined) {
      return this.#transmit?.(envelope) ?? false;
    }
    const numbered = { ...envelope, seq: this.nextSeq++ };
    this.log.append({ event: 'delivered', session: this.id, message: numbered });
    this.#remember(numbered);
    return this.#transmit?.(numbered) ?? false;
  }

  /** @param {number} id */
  alreadyProcessed(id) {
    return id <= this.lastClientId;
  }

  /**
   * Records that the message with this id was handled (with its reply, for a request). Logged before the
   * ack goes out, so an acknowledged message is never processed twice, even across a crash.
   *
   * @param {number} id
   * @param {Envelope} [reply]
   */
  processed(id, reply) {
    this.lastClientId = Math.max(this.lastClientId, id);
    this.log.append({ event: 'processed', session: this.id, id, reply });
    this.#rememberReply(id, reply);
  }

  /** The stored answer for a resent request id, or a plain ack. @param {number} id @returns {Envelope} */
  answerAgain(id) {
    return this.#replies.get(id) ?? { type: 'ack', id: this.lastClientId };
  }

  /** Rebuilds state from a logged event (at startup). @param {any} event */
  replay(event) {
    if (event.event === 'delivered') {
      this.resumes = true;
      this.nextSeq = Math.max(this.nextSeq, event.message.seq + 1);
      this.#remember(event.message);
    } else if (event.event === 'processed') {
      this.lastClientId = Math.max(this.lastClientId, event.id);
      this.#rememberReply(event.id, event.reply);
    }
  }

  #remember(message) {
    this.#kept.push(message);
    if (this.#kept.length > this.keep) {
      this.#kept.shift();
    }
  }

  #rememberReply(id, reply) {
    if (reply === undefined) return;
    this.#replies.set(id, reply);
    if (this.#replies.size > this.keepReplies) {
      this.#replies.delete(this.#replies.keys().next().value);
    }
  }
}

/**
 * Every delivery session, by id. Sessions whose client has been gone longer than `ttlMs` are forgotten.
 *
 * @extends {SessionMap<Session>}
 */
export class SessionStore extends SessionMap {
  /**
   * @param {{ log?: EventLog, keep?: number, keepReplies?: number, ttlMs?: number, events?: object[] }} [options]
   *   `events`: a journal's events to rebuild from
   */
  constructor({ log = { append() {} }, keep = 10_000, keepReplies = 1_000, ttlMs = 5 * 60_000, events = [] } = {}) {
    super((id) => new Session(id, { log, keep, keepReplies }), ttlMs);
    for (const event of events) {
      if (typeof event.session === 'string') {
        this.sessionFor(event.session).replay(event);
      }
    }
    const now = Date.now();
    for (const session of this.values()) {
      session.detachedAt = now; // nobody is connected after a restart
    }
  }
}

/**
 * Shrinks a journal at startup: per session, the `keep` most recent delivered messages, the highest
 * processed id, and the `keepReplies` most recent replies. Events of other kinds are kept as they are.
 *
 * @param {any[]} events
 * @param {{ keep?: number, keepReplies?: number }} [limits]
 */
export function compactSessionEvents(events, { keep = 10_000, keepReplies = 1_000 } = {}) {
  const delivered = new Map();
  const processed = new Map();
  const others = [];
  for (const event of events) {
    const bucket = event.event === 'delivered' ? delivered : event.event === 'processed' ? processed : null;
    if (bucket === null) {
      others.push(event);
      continue;
    }
    const list = bucket.get(event.session) ?? [];
    list.push(event);
    bucket.set(event.session, list);
  }
  const kept = [...others];
  for (const list of delivered.values()) kept.push(...list.slice(-keep));
  for (const list of processed.values()) {
    const highest = list.reduce((max, event) => (event.id > max.id ? event : max));
    const withReplies = list.filter((event) => event.reply !== undefined).slice(-keepReplies);
    kept.push(...new Set([...withReplies, highest]));
  }
  return kept;
}
