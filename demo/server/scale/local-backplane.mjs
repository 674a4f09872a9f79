import { HISTORY_SIZE } from './backplane-limits.mjs';

/**
 * @typedef {'counter' | 'chat' | 'chat.presence' | 'channel' | 'presence' | 'session.resumed'} Topic
 *   (`session.resumed`: scale/redis-sessions.mjs announces an attach, so other instances fence a stale holder)
 *
 * @typedef {object} Backplane  What the features share across server instances: fan-out and shared state.
 *   Every method may answer at once (in memory) or with a promise (Redis); see maybe-async.mjs.
 * @property {string} instanceId
 * @property {(topic: Topic, handler: (payload: any) => void) => void} subscribe
 *   `handler` runs on every instance for every publish, in one order for all instances
 * @property {(topic: Topic, payload: any) => void | Promise<void>} publish
 * @property {(delta: number) => void | Promise<void>} addToCounter  publishes the new value on 'counter'
 * @property {() => number | Promise<number>} counterValue
 * @property {(message: object) => void | Promise<void>} appendChat  keeps it in the history, publishes it on 'chat'
 * @property {() => object[] | Promise<object[]>} chatHistory  the last HISTORY_SIZE messages, oldest first
 * @property {(member: string, name: string) => boolean | Promise<boolean>} chatJoin
 *   `member` (instance and connection) takes `name` unless someone else online has it, ignoring case; on
 *   success the names online are published on 'chat.presence'
 * @property {(member: string) => void | Promise<void>} chatLeave  frees the member's name, publishes 'chat.presence'
 * @property {() => string[] | Promise<string[]>} chatOnline  the names online, on every instance, unsorted
 * @property {(count: number) => void | Promise<void>} reportConnections
 *   this instance's connection count; the total over live instances is published on 'presence'
 * @property {() => object} health
 * @property {() => Promise<void> | void} close
 */

/**
 * The embedded backplane: one process, everything in memory, every call answered at once. What
 * `npm start` uses, and what the server did before it could scale out.
 *
 * @implements {Backplane}
 */
export class LocalBackplane {
  instanceId = 'local';
  /** @type {Map<string, Array<(payload: any) => void>>} */
  #handlers = new Map();
  #counter = 0;
  /** @type {object[]} */
  #history = [];
  /** Chat members online: member -> name. @type {Map<string, string>} */
  #online = new Map();

  subscribe(topic, handler) {
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler]);
  }

  publish(topic, payload) {
    for (const handler of this.#handlers.get(topic) ?? []) {
      handler(payload);
    }
  }

  addToCounter(delta) {
    this.#counter += delta;
    this.publish('counter', this.#counter);
  }

  counterValue() {
    return this.#counter;
  }

  appendChat(message) {
    this.#history.push(message);
    if (this.#history.length > HISTORY_SIZE) {
      this.#history.shift();
    }
    this.publish('chat', message);
  }

  chatHistory() {
    return [...this.#history];
  }

  chatJoin(member, name) {
    const wanted = name.toLowerCase();
    for (const [other, taken] of this.#online) {
      if (other !== member && taken.toLowerCase() === wanted) {
        return false;
      }
    }
    this.#online.set(member, name);
    this.publish('chat.presence', this.chatOnline());
    return true;
  }

  chatLeave(member) {
    if (this.#online.delete(member)) {
      this.publish('chat.presence', this.chatOnline());
    }
  }

  chatOnline() {
    return [...this.#online.values()];
  }

  reportConnections(count) {
    this.publish('presence', count);
  }

  health() {
    return { backplane: 'memory', instance: this.instanceId };
  }

  close() {}
}
