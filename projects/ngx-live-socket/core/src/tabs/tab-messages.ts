import type { ConnectionState } from '../connection/connection-state';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import type { WebSocketErrorDetails, WebSocketErrorKind } from '../errors/web-socket-error';
import type { Envelope } from '../messaging/envelope';
import type { LiveSocketStats } from '../messaging/messaging-core';
import type { SendStatus } from '../queue/send-handle';

/** A numbered message of the group's session, as every tab knows it until it is acknowledged. */
export interface Mirror {
  readonly id: number;
  /** The tab that sent it, and that tab's own number for the call. */
  readonly tab: string;
  readonly call: number;
  readonly op: 'send' | 'request';
  readonly envelope: Envelope;
}

/**
 * What the tabs of one shared connection say to each other over their channel (docs/architecture.md, "Tabs
 * sharing a connection"). A tab's calls go to the leader; the leader's answers go to every tab, and each tab
 * takes what concerns it: so every tab knows every numbered message of the session, which is what lets the
 * next leader continue it.
 */
export type TabMessage =
  /** A tab introduces itself: as it starts, and again to every new leader. */
  | { readonly kind: 'hello'; readonly tab: string }
  /**
   * The leader's word on who shares the link: sent as a tab becomes leader (then `tabs` is itself alone),
   * and again whenever a tab joins or goes. `term` grows by one with each leader, so a word from an older
   * leader is told apart and ignored.
   */
  | { readonly kind: 'roster'; readonly leader: string; readonly term: number; readonly tabs: readonly string[] }
  /** The leader is alive (only when frozen leaders are watched for: `frozenLeaderAfterMs`). */
  | { readonly kind: 'beat'; readonly tab: string; readonly term: number }
  // A tab to the leader.
  /** Send a message (`request`: and route its reply back); `id` when an earlier leader already numbered it. */
  | { readonly kind: 'call'; readonly tab: string; readonly call: number; readonly op: 'send' | 'request'; readonly envelope: Envelope; readonly id?: number }
  /** A tab no longer wants a call it made (a request unsubscribed before its reply): withdrawn if it has not gone out. */
  | { readonly kind: 'cancel'; readonly tab: string; readonly call: number }
  /** Send a raw frame now (`sendRaw`). */
  | { readonly kind: 'raw'; readonly tab: string; readonly frame: OutgoingFrame }
  /** `connect()` or `close()` of the group's link. */
  | { readonly kind: 'command'; readonly tab: string; readonly op: 'connect' | 'close'; readonly code?: number; readonly reason?: string }
  /** What the tab's app listens to that the leader must keep: its channels, and whether it reads raw frames. */
  | { readonly kind: 'interest'; readonly tab: string; readonly channels: readonly string[]; readonly frames: boolean }
  /** The tab holds every mirror up to `upTo`: the leader may transmit those (cumulative). */
  | { readonly kind: 'mirrored'; readonly tab: string; readonly upTo: number }
  // The leader to the tabs.
  /** A message was numbered: every tab keeps it until it is acknowledged. */
  | ({ readonly kind: 'mirror' } & Mirror)
  /** To a tab that joined: the latest message of each state type (`stateTypes`), as the server sent it before. */
  | { readonly kind: 'state'; readonly to: string; readonly envelopes: readonly Envelope[] }
  /** To a tab that joined: the group's session and what of it is not acknowledged yet. */
  | { readonly kind: 'sync'; readonly to: string; readonly session: string; readonly nextId: number; readonly lastSeq: number | null; readonly entries: readonly Mirror[] }
  /** Where a tab's message is now; `id` when it is numbered. */
  | { readonly kind: 'handle'; readonly tab: string; readonly call: number; readonly id?: number; readonly status: SendStatus }
  /** The server's reply to a tab's request. */
  | { readonly kind: 'reply'; readonly tab: string; readonly call: number; readonly reply: Envelope }
  /** An incoming message, in the order the leader routed it. */
  | { readonly kind: 'incoming'; readonly envelope: Envelope }
  /** An incoming frame as it came, for tabs that read raw frames. */
  | { readonly kind: 'frame'; readonly frame: unknown }
  /** The link's state and the counters, on every change. */
  | { readonly kind: 'status'; readonly state: ConnectionState; readonly stats: LiveSocketStats }
  /**
   * Something went wrong (`errors$`). `details`: what the leader's error knows that can cross the channel
   * (the envelope of a server's refusal, a close), so a follower's app reads it as the leader's does.
   */
  | { readonly kind: 'error'; readonly error: WebSocketErrorKind; readonly message: string; readonly details?: SharedErrorDetails };

/** The details of an error that cross the channel: `cause` stays behind (an exception or event may not clone). */
export type SharedErrorDetails = Pick<WebSocketErrorDetails, 'close' | 'data' | 'httpStatus'>;

type FieldType = 'string' | 'number' | 'object' | 'boolean';

/** The fields every message of a kind must have, and their types; optional fields are checked where read. */
const REQUIRED_FIELDS: Record<TabMessage['kind'], Record<string, FieldType>> = {
  hello: { tab: 'string' },
  roster: { leader: 'string', term: 'number', tabs: 'object' },
  beat: { tab: 'string', term: 'number' },
  call: { tab: 'string', call: 'number', op: 'string', envelope: 'object' },
  cancel: { tab: 'string', call: 'number' },
  raw: { tab: 'string' },
  command: { tab: 'string', op: 'string' },
  interest: { tab: 'string', channels: 'object', frames: 'boolean' },
  mirrored: { tab: 'string', upTo: 'number' },
  mirror: { id: 'number', tab: 'string', call: 'number', op: 'string', envelope: 'object' },
  state: { to: 'string', envelopes: 'object' },
  sync: { to: 'string', session: 'string', nextId: 'number', entries: 'object' },
  handle: { tab: 'string', call: 'number', status: 'object' },
  reply: { tab: 'string', call: 'number', reply: 'object' },
  incoming: { envelope: 'object' },
  frame: {},
  status: { state: 'string', stats: 'object' },
  error: { error: 'string', message: 'string' },
};

/** The same, as lists, made once: every relayed message is checked, and the check is on a follower's receive path. */
const FIELD_LISTS = new Map(Object.entries(REQUIRED_FIELDS).map(([kind, fields]) => [kind, Object.entries(fields)]));

/**
 * Reads a message from the channel: one of a known kind with its fields, or `null` for anything else (another
 * library's traffic, a newer version's), which the tabs ignore. The channel is the origin's own, so this checks
 * shape, not trust.
 */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) {
    return null;
  }
  const message = data as Record<string, unknown>;
  const fields = FIELD_LISTS.get(message['kind'] as string);
  if (fields === undefined) {
    return null;
  }
  for (const [field, type] of fields) {
    const value = message[field];
    // Numbers are ids, counters and terms: whole, or the message is not ours.
    if (typeof value !== type || value === null || (type === 'number' && !Number.isSafeInteger(value))) {
      return null;
    }
  }
  if (message['kind'] === 'roster' && !(Array.isArray(message['tabs']) && message['tabs'].every((tab) => typeof tab === 'string'))) {
    return null;
  }
  return message as unknown as TabMessage;
}
