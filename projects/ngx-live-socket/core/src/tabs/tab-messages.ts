/**
 * What the tabs of one shared connection say to each other over their channel (docs/design/shared-connection.md,
 * "The tab protocol"). This is the election's part of it; the relayed calls, frames, handles and replies
 * come with the relay.
 */
export type TabMessage =
  /** A tab introduces itself: as it starts, and again to every new leader. */
  | { readonly kind: 'hello'; readonly tab: string }
  /**
   * The leader's word on who shares the link: sent as a tab becomes leader (then `tabs` is itself alone),
   * and again whenever a tab joins or goes. `term` grows by one with each leader, so a word from an older
   * leader is told apart and ignored.
   */
  | { readonly kind: 'roster'; readonly leader: string; readonly term: number; readonly tabs: readonly string[] };

/** Reads a message from the channel; anything else (another library's traffic, a newer version's) is `null`. */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) {
    return null;
  }
  const message = data as Record<string, unknown>;
  if (message['kind'] === 'hello' && typeof message['tab'] === 'string') {
    return { kind: 'hello', tab: message['tab'] };
  }
  if (
    message['kind'] === 'roster' &&
    typeof message['leader'] === 'string' &&
    Number.isSafeInteger(message['term']) &&
    Array.isArray(message['tabs']) &&
    message['tabs'].every((tab) => typeof tab === 'string')
  ) {
    return { kind: 'roster', leader: message['leader'], term: message['term'] as number, tabs: message['tabs'] as string[] };
  }
  return null;
}
