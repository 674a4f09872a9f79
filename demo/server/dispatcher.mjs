import { ClientError, errorEnvelope, parseEnvelope } from './protocol.mjs';

/**
 * @typedef {import('./connection.mjs').Connection} Connection
 * @typedef {import('./protocol.mjs').Envelope} Envelope
 *
 * @typedef {object} Feature  One part of the server (counter, chat, channels, ...).
 * @property {string} name
 * @property {Record<string, (connection: Connection, envelope: Envelope) => void>} [messages]
 *   fire-and-forget message types it handles
 * @property {Record<string, (connection: Connection, envelope: Envelope) => unknown>} [requests]
 *   request types it answers: the returned value is the reply's payload
 * @property {(connection: Connection) => void} [connected]
 * @property {(connection: Connection) => void} [disconnected]
 */

/**
 * Routes every incoming frame to the feature that registered its type, and tells each feature when a
 * client comes and goes. A handler rejects bad input by throwing a {@link ClientError}; the client then gets
 * an error envelope naming the problem, and its connection stays up.
 */
export class Dispatcher {
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
   * Handles one incoming frame: parse, route, reply. Never throws.
   *
   * @param {Connection} connection
   * @param {import('ws').RawData} data
   * @param {boolean} isBinary
   */
  receive(connection, data, isBinary) {
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
      connection.send(session.answerAgain(envelope.id));
      return;
    }
    let answer;
    try {
      answer = this.#dispatch(connection, envelope);
    } catch (error) {
      if (!(error instanceof ClientError)) {
        console.error(`reference server: handling "${envelope.type}" from connection ${connection.id} failed:`, error);
      }
      answer = errorEnvelope(error instanceof ClientError ? error.message : `the server failed to handle "${envelope.type}"`, envelope);
    }
    if (tracked) {
      // Logged before the ack or reply goes out: an acknowledged message is never processed again.
      session.processed(envelope.id, answer?.re === undefined ? undefined : answer);
      answer ??= { type: 'ack', id: envelope.id };
    }
    if (answer !== undefined) {
      connection.send(answer);
    }
  }

  /**
   * Runs the handler. Returns the reply envelope for a request, nothing for a plain message.
   *
   * @param {Connection} connection @param {Envelope} envelope @returns {Envelope | undefined}
   */
  #dispatch(connection, envelope) {
    const handler = this.#handlers.get(envelope.type);
    if (handler === undefined) {
      throw new ClientError(`unknown message type "${envelope.type}"; this server understands: ${this.knownTypes.join(', ')}`);
    }
    if (!handler.isRequest) {
      handler.handle(connection, envelope);
      return undefined;
    }
    if (envelope.id === undefined) {
      throw new ClientError(`"${envelope.type}" is a request: send it with an "id" so the reply can name it in "re"`);
    }
    return { type: envelope.type, re: envelope.id, payload: handler.handle(connection, envelope) };
  }

  #guard(featureName, run) {
    try {
      run();
    } catch (error) {
      console.error(`reference server: feature "${featureName}" failed:`, error);
    }
  }
}
