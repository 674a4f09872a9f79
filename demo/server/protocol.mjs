// The wire format (docs/architecture.md, "Wire protocol"): JSON text frames, one envelope per frame.
//   client -> server  {"type": "chat.send", "payload": {...}, "id": 17}      id for requests (and acks)
//   server -> client  {"type": "chat.message", "payload": {...}}
//   reply             {"type": "chat.join", "re": 17, "payload": {...}}  or  {"type": "error", "re": 17, ...}

/** Longest message type we accept: types are short names like `chat.send`, never data. */
const MAX_TYPE_LENGTH = 64;

/**
 * Bad input from a client. Its message goes back to that client verbatim, so it must say what was wrong
 * and what is allowed; it never carries server internals.
 */
export class ClientError extends Error {
  name = 'ClientError';
}

/**
 * @typedef {object} Envelope
 * @property {string} type
 * @property {unknown} [payload]
 * @property {number} [id]       set by the client on requests (and on every message when acks are on)
 * @property {number} [re]       set by the server on the reply to the request with that id
 * @property {string} [channel]  on `sub`, `unsub`, `channel.publish` and `channel.message`
 */

/**
 * Reads one incoming frame as an envelope. Throws a {@link ClientError} naming the problem: a binary frame,
 * text that is not JSON, or JSON that is not `{"type": "<name>", ...}` with a well-formed `id`.
 *
 * @param {import('ws').RawData} data
 * @param {boolean} isBinary
 * @returns {Envelope}
 */
export function parseEnvelope(data, isBinary) {
  if (isBinary) {
    throw new ClientError('binary frames are not supported: send a JSON text frame {"type": "...", "payload": ...}');
  }
  let value;
  try {
    value = JSON.parse(data.toString());
  } catch (error) {
    throw new ClientError(`the frame is not valid JSON (${error.message}); expected {"type": "...", "payload": ...}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ClientError(`expected a JSON object {"type": "...", "payload": ...}, got ${describeJson(value)}`);
  }
  if (typeof value.type !== 'string' || value.type.length === 0 || value.type.length > MAX_TYPE_LENGTH) {
    throw new ClientError(`"type" must be a non-empty string of at most ${MAX_TYPE_LENGTH} characters, got ${describeJson(value.type)}`);
  }
  if (value.id !== undefined && !(Number.isSafeInteger(value.id) && value.id >= 0)) {
    throw new ClientError(`"id" must be a non-negative integer when present, got ${describeJson(value.id)}`);
  }
  return value;
}

/** @param {Envelope} envelope */
export function serializeEnvelope(envelope) {
  return JSON.stringify(envelope);
}

/**
 * The error a client gets for a message it sent: correlated by `re` when the message had an `id`, else
 * naming the message type as `cause`.
 *
 * @param {string} message
 * @param {Partial<Envelope>} [about] the message the error answers, when it could be read
 * @returns {Envelope}
 */
export function errorEnvelope(message, about = {}) {
  if (about.id !== undefined) {
    return { type: 'error', re: about.id, payload: { message } };
  }
  return { type: 'error', payload: about.type === undefined ? { message } : { message, cause: about.type } };
}

/**
 * The payload of an envelope as an object, or a {@link ClientError} naming the type that needs one.
 *
 * @param {Envelope} envelope
 * @returns {Record<string, unknown>}
 */
export function objectPayload(envelope) {
  const { payload } = envelope;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new ClientError(`${envelope.type} needs an object payload, got ${describeJson(payload)}`);
  }
  return payload;
}

/** A short, safe description of a JSON value for an error message. */
export function describeJson(value) {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${typeof value} ${text.slice(0, 37)}...` : text;
}
