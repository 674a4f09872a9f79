import type { Envelope } from './envelope';

/**
 * Describes what flows on one connection, once, so every call site is typed without casts:
 * message types the server sends (`incoming`), the ones the app sends (`outgoing`), and request/reply pairs
 * (`requests`). Keys are the envelope `type`s; values are their payloads.
 *
 * @usageNotes
 * ```ts
 * interface ChatProtocol {
 *   incoming: { 'chat.message': ChatMessage; 'chat.presence': { online: string[] } };
 *   outgoing: { 'chat.send': { text: string }; 'chat.typing': void };
 *   requests: { 'chat.join': { request: { name: string }; reply: { history: ChatMessage[] } } };
 * }
 * ```
 */
export interface SocketProtocol {
  readonly incoming: object;
  readonly outgoing: object;
  readonly requests?: object;
}

/**
 * The protocol when none is given: any type string, payloads `unknown`. `SocketProtocol` itself reads the
 * same way, so `inject(WebSocketService)` without a protocol is usable as is.
 */
export type UntypedProtocol = SocketProtocol;

/** The string keys of a message map; any string when the map names none (an untyped protocol). */
type KeysOf<T> = [keyof T] extends [never] ? string : Extract<keyof T, string>;
/** The payload under a key; `unknown` when the map does not name it (an untyped protocol). */
type ValueOf<T, K> = K extends keyof T ? T[K] : unknown;
/** The request map (`object`, so any string, for an untyped protocol). */
type RequestsOf<P extends SocketProtocol> = NonNullable<P['requests']>;

export type IncomingType<P extends SocketProtocol> = KeysOf<P['incoming']>;
export type IncomingPayload<P extends SocketProtocol, K extends string> = ValueOf<P['incoming'], K>;
export type OutgoingType<P extends SocketProtocol> = KeysOf<P['outgoing']>;
export type OutgoingPayload<P extends SocketProtocol, K extends string> = ValueOf<P['outgoing'], K>;
/** The request types; none when the protocol declares no `requests`. */
export type RequestType<P extends SocketProtocol> = 'requests' extends keyof P ? KeysOf<RequestsOf<P>> : never;
export type RequestPayload<P extends SocketProtocol, K extends string> = ValueOf<RequestsOf<P>, K> extends { request: infer R } ? R : unknown;
export type ReplyPayload<P extends SocketProtocol, K extends string> = ValueOf<RequestsOf<P>, K> extends { reply: infer R } ? R : unknown;

/** An incoming envelope whose `type` narrows its `payload`. */
export type IncomingEnvelope<P extends SocketProtocol> = [keyof P['incoming']] extends [never]
  ? Envelope
  : { [K in IncomingType<P>]: Envelope & { readonly type: K; readonly payload: ValueOf<P['incoming'], K> } }[IncomingType<P>];

/** A payload argument that may be left out when the payload type allows `undefined` (or is `void`). */
export type PayloadArgument<T> = undefined extends T ? [payload?: T] : [payload: T];
