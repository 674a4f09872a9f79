/**
 * One message as the library routes it. The default codec puts exactly this on the wire as JSON; a custom
 * codec maps its own format to and from it (`type` is the routing key).
 */
export interface Envelope {
  /** Routing key: which stream (`on(type)`) receives it, or which control message it is. */
  readonly type: string;
  readonly payload?: unknown;
  /** Client -> server: correlation id for acks and requests. */
  readonly id?: number;
  /** Server -> client: the request id this replies to. */
  readonly re?: number;
  /** Server -> client: position in the session's stream, for resume and de-duplication. */
  readonly seq?: number;
  /** The channel a message belongs to (`channel(name)`), or that `sub`/`unsub` name. */
  readonly channel?: string;
}

/** Types the library itself speaks; an app's own message types should not reuse them. */
export const CONTROL_TYPES = {
  ping: 'ping',
  pong: 'pong',
  sub: 'sub',
  unsub: 'unsub',
  ack: 'ack',
  resume: 'resume',
  resumed: 'resumed',
  error: 'error',
} as const;
