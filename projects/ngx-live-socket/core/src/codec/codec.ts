import type { Envelope } from '../messaging/envelope';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import { ERROR_CODES, errorText } from '../errors/error-codes';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * Maps envelopes to frames and back. Replace it (`withCodec`) when the server speaks another format:
 * plain text, `{event, data}`, arrays... `decode` throws for a frame it cannot read; the library reports
 * that on `errors$` with the raw frame and keeps the connection up.
 *
 * @usageNotes
 * A server that speaks `{"event": "...", "data": ...}`:
 * ```ts
 * const eventDataCodec: WebSocketCodec = {
 *   encode: ({ type, payload }) => JSON.stringify({ event: type, data: payload }),
 *   decode: (frame) => {
 *     const { event, data } = JSON.parse(String(frame));
 *     if (typeof event !== 'string') throw new Error('no "event" string');
 *     return { type: event, payload: data };
 *   },
 * };
 * ```
 */
export interface WebSocketCodec {
  encode(envelope: Envelope): OutgoingFrame;
  decode(frame: string | ArrayBuffer | Blob): Envelope;
  /**
   * Whether binary frames go through `decode` too. By default (`false`) they pass through untouched, on
   * `binary$`.
   */
  readonly decodesBinary?: boolean;
}

/**
 * The default codec: one JSON envelope per text frame, `{"type": "...", "payload": ..., "id"?, "re"?,
 * "seq"?, "channel"?}` (docs/protocol.md).
 *
 * `decode` runs for every incoming message, so it reads each field once and checks it in place (no loop over
 * field names, no copy): a valid envelope costs `JSON.parse` and a few comparisons, and an invalid one still
 * gets a message naming what is wrong.
 */
export const jsonEnvelopeCodec: WebSocketCodec = {
  encode: (envelope) => JSON.stringify(envelope),
  decode: (frame) => {
    // Each text is written out behind its own dev-mode guard, so a production build drops it (the report of a
    // malformed frame carries no text there either).
    if (typeof frame !== 'string') {
      throw malformed((typeof ngDevMode === 'undefined' || !!ngDevMode) && 'a binary frame reached the JSON codec');
    }
    let value: unknown;
    try {
      value = JSON.parse(frame);
    } catch (cause) {
      throw malformed((typeof ngDevMode === 'undefined' || !!ngDevMode) && `not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw malformed((typeof ngDevMode === 'undefined' || !!ngDevMode) && 'not a JSON object envelope');
    }
    const envelope = value as { type?: unknown; id?: unknown; re?: unknown; seq?: unknown; channel?: unknown };
    const type = envelope.type;
    if (typeof type !== 'string' || type === '') {
      throw malformed((typeof ngDevMode === 'undefined' || !!ngDevMode) && 'the envelope has no "type" string to route by');
    }
    checkCount(envelope.id, 'id');
    checkCount(envelope.re, 're');
    checkCount(envelope.seq, 'seq');
    if (envelope.channel !== undefined && typeof envelope.channel !== 'string') {
      throw malformed((typeof ngDevMode === 'undefined' || !!ngDevMode) && 'the envelope\'s "channel" is not a string');
    }
    return envelope as Envelope;
  },
};

/** An envelope's `id`, `re` and `seq` are absent or non-negative integers. */
function checkCount(value: unknown, field: 'id' | 're' | 'seq'): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
    throw malformed((typeof ngDevMode === 'undefined' || !!ngDevMode) && `the envelope's "${field}" is not a non-negative integer`);
  }
}

/** What `decode` throws: `detail` in dev mode; in production, where it is `false`, the code and kind only. */
function malformed(detail: string | false): Error {
  return new Error(errorText(ERROR_CODES['malformed-frame'], 'malformed-frame', detail));
}
