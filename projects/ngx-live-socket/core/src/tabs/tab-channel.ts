import type { TabMessage } from './tab-messages';

/** The part of `BroadcastChannel` the tabs use: every other tab of the origin on the same name hears a post. */
export interface TabChannelLike {
  postMessage(message: TabMessage): void;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  close(): void;
}

/**
 * A `BroadcastChannel` named `name`, looked up now (never at load, so SSR and Node can load the module);
 * `null` where there is none.
 */
export function defaultTabChannel(name: string): TabChannelLike | null {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => TabChannelLike }).BroadcastChannel;
  return typeof Channel === 'function' ? new Channel(name) : null;
}
