import { WebSocketArgumentError } from '../errors/argument-error';
import type { MessagingClientOptions, MessagingParts } from '../messaging/messaging-core';
import { type LockManagerLike, webLocks } from '../queue/session-locks';
import { SharedCore } from './shared-core';
import { LEADER_BEAT_MS } from './tab-election';
import { type TabChannelLike, defaultTabChannel } from './tab-channel';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** How the tabs of a browser share a connection (`withSharedConnection()`). */
export interface SharedConnectionOptions {
  /**
   * Names the lock and the channel of the group: tabs of one origin share the link when their names are
   * equal. Give two apps on one origin, or two connections that must not share, names of their own.
   * @default `nls:<the connection's name>` (`nls:default` for the app's default connection)
   */
  readonly name?: string;
  /**
   * A leader tab the browser froze keeps its lock: a visible tab that hears nothing from it for this long takes
   * the link over (Web Locks `steal`); the thawed leader steps down. `null`: never.
   * @default 10_000
   */
  readonly frozenLeaderAfterMs?: number | null;
  /**
   * Message types whose latest message describes the current state, as servers send on connect (a counter's
   * value, who is online): a tab that joins the group after the link opened gets the latest of each from the
   * leader, as it would have got them on a connection of its own. Other types are events: a tab hears those
   * from the moment it joins.
   * @default []
   */
  readonly stateTypes?: readonly string[];
  /** The origin's locks; `null`: none (every tab is then `alone`). @default `navigator.locks`, looked up when the service is made */
  readonly locks?: LockManagerLike | null;
  /** Makes the group's channel; `null`: none (every tab is then `alone`). @default a `BroadcastChannel` of that name */
  readonly channel?: ((name: string) => TabChannelLike | null) | null;
}

/** Checks the options when the app config is read: a bad one throws, naming it. */
export function checkSharedConnectionOptions(options: SharedConnectionOptions): void {
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
    throw new WebSocketArgumentError('withSharedConnection name', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(options.name)} is not allowed; expected a non-empty string.`);
  }
  if (options.stateTypes !== undefined && !(Array.isArray(options.stateTypes) && options.stateTypes.every((type) => typeof type === 'string' && type !== ''))) {
    throw new WebSocketArgumentError('withSharedConnection stateTypes', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(options.stateTypes)} is not allowed; expected a list of message types.`);
  }
  const frozen = options.frozenLeaderAfterMs;
  if (frozen != null && !(Number.isFinite(frozen) && frozen >= 2 * LEADER_BEAT_MS)) {
    throw new WebSocketArgumentError(
      'withSharedConnection frozenLeaderAfterMs',
      (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(frozen)} is not allowed; expected null or at least ${2 * LEADER_BEAT_MS} ms (two of the leader's beats).`,
    );
  }
}

/**
 * The connection of one tab when the tabs share it: the part `withSharedConnection()` gives. The browser's
 * Web Locks and `BroadcastChannel` are looked up now, never at load (SSR and Node load this module too).
 */
export function createSharedConnection(options: MessagingClientOptions, parts: MessagingParts, shared: SharedConnectionOptions, connectionName: string): SharedCore {
  const name = shared.name ?? `nls:${connectionName}`;
  const manager = shared.locks === undefined ? (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks : shared.locks;
  return new SharedCore(options, parts, {
    tabId: newTabId(),
    locks: manager != null && typeof manager.request === 'function' ? webLocks(manager, name) : null,
    channel: shared.channel === null ? null : (shared.channel ?? defaultTabChannel)(name),
    frozenLeaderAfterMs: shared.frozenLeaderAfterMs === undefined ? 10_000 : shared.frozenLeaderAfterMs,
    stateTypes: shared.stateTypes,
    isVisible: () => (globalThis as { document?: { visibilityState?: string } }).document?.visibilityState !== 'hidden',
  });
}

/**
 * A tab's id, unique among the origin's tabs. Not from the client's random source: tests seed that one alike
 * in every tab, and two tabs with one id would take each other's answers.
 */
function newTabId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  return crypto?.randomUUID?.() ?? `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
