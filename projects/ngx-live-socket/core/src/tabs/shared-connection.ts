import { WebSocketArgumentError } from '../errors/argument-error';
import type { MessagingClientOptions, MessagingParts } from '../messaging/messaging-core';
import { mathRandom } from '../platform/random-source';
import { type LockManagerLike, webLocks } from '../queue/session-locks';
import { SharedCore } from './shared-core';
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
}

/**
 * The connection of one tab when the tabs share it: the part `withSharedConnection()` gives. The browser's
 * Web Locks and `BroadcastChannel` are looked up now, never at load (SSR and Node load this module too).
 */
export function createSharedConnection(options: MessagingClientOptions, parts: MessagingParts, shared: SharedConnectionOptions, connectionName: string): SharedCore {
  const name = shared.name ?? `nls:${connectionName}`;
  const manager = shared.locks === undefined ? (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks : shared.locks;
  const random = options.random ?? mathRandom;
  return new SharedCore(options, parts, {
    tabId: `t-${Math.floor(random() * 2 ** 48).toString(36)}-${Math.floor(random() * 2 ** 48).toString(36)}`,
    locks: manager != null && typeof manager.request === 'function' ? webLocks(manager, name) : null,
    channel: shared.channel === null ? null : (shared.channel ?? defaultTabChannel)(name),
  });
}
