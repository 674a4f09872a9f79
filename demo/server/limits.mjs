import { ClientError, describeJson } from './protocol.mjs';

/**
 * @typedef {object} Limits
 * @property {number} maxPayloadBytes
 * @property {number} messagesPerSecond
 * @property {number} messageBurst
 * @property {number} nameMaxLength
 * @property {number} textMaxLength
 * @property {number} channelNameMaxLength
 * @property {number} channelsPerConnection
 */

/**
 * What one client may do. A real server needs every one of these: without them a single client can
 * exhaust memory (huge frames, endless history text) or CPU (a flood of messages).
 */
export const DEFAULT_LIMITS = /** @type {Readonly<Limits>} */ (Object.freeze({
  /** Largest frame accepted; a larger one closes the socket with 1009 (done by `ws`). */
  maxPayloadBytes: 16 * 1024,
  /** Sustained messages per second per connection (token bucket refill rate)... */
  messagesPerSecond: 20,
  /** ...and the burst allowed on top, e.g. an offline queue flushed after a reconnect. Beyond: close 1008. */
  messageBurst: 60,
  /** Chat display names, in characters. */
  nameMaxLength: 24,
  /** Chat message texts, in characters. */
  textMaxLength: 500,
  /** Channel names, in characters. */
  channelNameMaxLength: 64,
  /** Channels one connection may be subscribed to at once. */
  channelsPerConnection: 20,
}));

/**
 * The defaults with `overrides` applied. Throws naming the option when one is unknown or not a positive
 * number, so a typo never silently leaves a limit off.
 *
 * @param {Partial<Limits>} [overrides]
 * @returns {Limits}
 */
export function resolveLimits(overrides = {}) {
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_LIMITS)) {
      throw new Error(`unknown limit "${key}"; known limits: ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`limit ${key} must be a number > 0, got ${String(value)}`);
    }
  }
  return Object.freeze({ ...DEFAULT_LIMITS, ...overrides });
}

/**
 * A non-blank string of at most `maxLength` characters (code points, so an emoji counts once), trimmed.
 * Otherwise a {@link ClientError} naming the field, the length found and the length allowed.
 *
 * @param {string} field e.g. `"name"`, as the client wrote it in the payload
 * @param {unknown} value
 * @param {number} maxLength
 * @returns {string}
 */
export function checkedText(field, value, maxLength) {
  if (typeof value !== 'string') {
    throw new ClientError(`"${field}" must be a string, got ${describeJson(value)}`);
  }
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    throw new ClientError(`"${field}" must not be empty`);
  }
  const length = [...trimmed].length;
  if (length > maxLength) {
    throw new ClientError(`"${field}" is ${length} characters long; at most ${maxLength} are allowed`);
  }
  return trimmed;
}
