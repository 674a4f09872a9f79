import { isPromise, when } from './maybe-async.mjs';
import { ClientError, errorEnvelope, parseEnvelope } from './protocol.mjs';
import { fenceConnection } from './delivery/session-fence.mjs';

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./protocol.mjs').Envelope} Envelope
 *
 * @typedef {object} Feature  One part of the server (counter, chat, channels, ...).
 * @property {string} name
 * @property {Record<string, (connection: Connection, envelope: Envelope) => void | Promise<void>>} [messages]
 *   fire-and-forget message types it handles; a returned promise holds the ack until it settles
 * @property {Record<string, (connection: Connection, envelope: Envelope) => unknown>} [requests]
 *   request types it answers: the returned value (or what a returned promise resolves to) is the reply's payload
 * @property {(connection: Connection) => void} [connected]
 * @property {(connection: Connection) => void} [disconnected]
 */

/**
 * Routes every incoming frame to the feature that registered its type, and tells each feature when a
 * client comes and goes. A handler rejects bad input by throwing a {@link ClientError}; the client then gets
 * an error envelope naming the problem, and its connection stays up.
 *
 * Handlers may be asynchronous (with Redis they wait for it): a connection's frames are still handled
 * strictly one after another, in arrival order, so a session's messages are processed in id order.
 */
export class Dispatcher {
  /** Per connection, the frame being handled asynchronously, if any: later frames wait behind it. */
  #busy = new WeakMap();

  /** @type {Feature[]} */
  #features = [];
  /** @type {Map<string, { feature: Feature, isRequest: boolean, handle: Function }>} */
  #handlers = new Map();

  /** @param {Feature} feature */
  use(feature) {
    const entries = [
      ...Object.entries(feature.messages ?? {}).map(([type, handle]) => [type, { feature, isRequest: false, handle }]),
      ...Object.entries(feature.requests ?? {}).map(([type, handle]) => [type, { feature, isRequest: true, handle }]),
    ];
    for (const [type, handler] of entries) {
      const existing = this.#handlers.get(type);
      if (existing) {
        throw new Error(`message type "${type}" is handled by both "${existing.feature.name}" and "${feature.name}"`);
      }
      this.#handlers.set(type, handler);
    }
    this.#features.push(feature);
    return this;
  }

  /** The message types this server understands, for error messages and docs. */
  get knownTypes() {
    return [...this.#handlers.keys()].sort();
  }

  /** @param {Connection} connection */
  connected(connection) {
    for (const feature of this.#features) {
      this.#guard(feature.name, () => feature.connected?.(connection));
    }
  }

  /** @param {Connection} connection */
  disconnected(connection) {
    for (const feature of this.#features) {
      this.#guard(feature.name, () => feature.disconnected?.(connection));
    }
  }

  /**
   * Handles one incoming frame: parse, route, reply. Never throws. Frames of one connection are handled
   * in order, each after the previous one finished (at once when nothing asynchronous is pending).
   *
   * @param {Connection} connection
   * @param {import('ws').RawData} data
   * @param {boolean} isBinary
   */
  receive(connection, data, isBinary) {
    const pending = this.#busy.get(connection);
    const result = pending === undefined ? this.#handle(connection, data, isBinary) : pending.then(() => this.#handle(connection, data, isBinary));
    if (isPromise(result)) {
      const done = result.then(
        () => {},
        (error) => console.error(`reference server: handling a frame from connection ${connection.id} failed:`, error),
      );
      this.#busy.set(connection, done);
      done.then(() => this.#busy.get(connection) === done && this.#busy.delete(connection));
    }
  }

  /** @returns {void | Promise<void>} */
  #handle(connection, data, isBinary) {
    if (connection.fenced) {
      // Its session moved to another connection (delivery/session-fence.mjs): what this one still had
      // waiting is not handled; the client resends what was not acknowledged, under the new holder.
      return;
    }
    let envelope;
    try {
      envelope = parseEnvelope(data, isBinary);
    } catch (error) {
      connection.sendError(error.message);
      return;
    }
    // With delivery, a message with an id the session already processed is a resend after a reconnect:
    // answer it again (ack, or the stored reply) and do not process it twice.
    const session = envelope.type === 'resume' ? undefined : connection.session;
    const tracked = session !== undefined && envelope.id !== undefined;
    if (tracked && session.alreadyProcessed(envelope.id)) {
      return when(session.answerAgain(envelope.id), (answer) => connection.send(answer));
    }
    const failed = (error) => {
      if (!(error instanceof ClientError)) {
        console.error(`reference server: handling "${envelope.type}" from connection ${connection.id} failed:`, error);
      }
      return errorEnvelope(error instanceof ClientError ? error.message : `the server failed to handle "${envelope.type}"`, envelope);
    };
    let answer;
    try {
      answer = this.#dispatch(connection, envelope);
    } catch (error) {
      answer = failed(error);
    }
    if (isPromise(answer)) {
      answer = answer.catch(failed);
    }
    return when(answer, (answer) => {
      if (!tracked) {
        if (answer !== undefined) connection.send(answer);
        return;
      }
      // Recorded before the ack or reply goes out: an acknowledged message is never processed again.
      return when(session.processed(envelope.id, answer?.re === undefined ? undefined : answer), (recorded) => {
        if (recorded === false) {
          // Another instance holds this session now (the client resumed there): this link is stale.
          fenceConnection(connection);
          return;
        }
        connection.send(answer ?? { type: 'ack', id: envelope.id });
      });
    });
  }

  /**
   * Runs the handler. Returns the reply envelope for a request, nothing for a plain message (or a promise
   * of either, when the handler is asynchronous).
   *
   * @param {Connection} connection @param {Envelope} envelope @returns {Envelope | undefined | Promise<Envelope | undefined>}
   */
  #dispatch(connection, envelope) {
    const handler = this.#handlers.get(envelope.type);
    if (handler === undefined) {
      throw new ClientError(`unknown message type "${envelope.type}"; this server understands: ${this.knownTypes.join(', ')}`);
    }
    if (!handler.isRequest) {
      return when(handler.handle(connection, envelope), () => undefined);
    }
    if (envelope.id === undefined) {
      throw new ClientError(`"${envelope.type}" is a request: send it with an "id" so the reply can name it in "re"`);
    }
    return when(handler.handle(connection, envelope), (payload) => ({ type: envelope.type, re: envelope.id, payload }));
  }

  #guard(featureName, run) {
    const report = (error) => console.error(`reference server: feature "${featureName}" failed:`, error);
    try {
      const result = run();
      if (isPromise(result)) result.catch(report);
    } catch (error) {
      report(error);
    }
  }
}
