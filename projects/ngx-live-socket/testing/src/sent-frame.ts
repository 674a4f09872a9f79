import type { OutgoingFrame } from 'ngx-live-socket';

/**
 * A frame the app sent, with the default JSON envelope (`{"type": ..., "payload": ...}`) read out of it when
 * there is one. Binary frames and text that is not an envelope keep only `data` (and `json` for other JSON).
 */
export interface SentFrame<Payload = unknown> {
  /** The frame exactly as the app passed it to `WebSocket.send()`. */
  readonly data: OutgoingFrame;
  /** The parsed JSON of a text frame; `undefined` for binary frames and for text that is not JSON. */
  readonly json: unknown;
  /** The envelope's `type`, when the frame is a JSON object with a string `type`. */
  readonly type: string | undefined;
  /**
   * The envelope's `payload`, when the frame is an envelope (`undefined` if it has none). Typed as the test
   * says: `connection.expectSent<ChatSend>('chat.send').payload.text`; nothing checks it at run time.
   */
  readonly payload: Payload;
  /** The envelope's `id` when it has a numeric one: a request's, or any message's with `withDelivery()`. */
  readonly id: number | undefined;
}

/**
 * Which sent frame a test expects: an envelope `type` (`'chat.send'`), or a predicate for anything else,
 * raw frames included (`(frame) => frame.data === 'PING'`).
 */
export type SentFrameMatch = string | ((frame: SentFrame) => boolean);

export function readSentFrame(data: OutgoingFrame): SentFrame {
  const json = typeof data === 'string' ? parseJson(data) : undefined;
  const type = isEnvelope(json) ? json.type : undefined;
  const payload = isEnvelope(json) ? json.payload : undefined;
  const id = isEnvelope(json) && typeof json.id === 'number' ? json.id : undefined;
  return Object.freeze({ data, json, type, payload, id });
}

export function sentFrameMatches(frame: SentFrame, match: SentFrameMatch): boolean {
  return typeof match === 'string' ? frame.type === match : match(frame);
}

/** `of type "chat.send"`, or the test's own description of its predicate. */
export function describeSentFrameMatch(match: SentFrameMatch, description?: string): string {
  if (description !== undefined) {
    return `matching ${JSON.stringify(description)}`;
  }
  return typeof match === 'string' ? `of type ${JSON.stringify(match)}` : 'matching the predicate';
}

/** A frame as a failure message shows it: text as it is (shortened), binary by kind and size. */
export function describeFrame(data: OutgoingFrame): string {
  if (typeof data === 'string') {
    return data.length > 200 ? `${data.slice(0, 200)}… (${data.length} characters)` : data;
  }
  if (ArrayBuffer.isView(data)) {
    return `<${data.constructor.name}, ${data.byteLength} bytes>`;
  }
  return 'byteLength' in data ? `<ArrayBuffer, ${data.byteLength} bytes>` : `<Blob, ${data.size} bytes>`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isEnvelope(json: unknown): json is { type: string; payload?: unknown; id?: unknown } {
  return typeof json === 'object' && json !== null && typeof (json as { type?: unknown }).type === 'string';
}
