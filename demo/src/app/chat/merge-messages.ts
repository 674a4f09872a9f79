import type { ChatMessage } from '../live/demo-protocol';

/** How many messages the page keeps; older ones scroll away for good. */
export const MAX_SHOWN_MESSAGES = 200;

/**
 * Adds `incoming` to `shown`, skipping messages already shown (same id), in server-time order, keeping the
 * newest {@link MAX_SHOWN_MESSAGES}. After a reconnect the join reply's history overlaps what is shown and
 * fills in what was missed while the link was down; merging makes every message appear exactly once.
 */
export function mergeMessages(shown: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const known = new Set(shown.map((message) => message.id));
  const fresh: ChatMessage[] = [];
  for (const message of incoming) {
    if (!known.has(message.id)) {
      known.add(message.id);
      fresh.push(message);
    }
  }
  if (fresh.length === 0) {
    return shown as ChatMessage[];
  }
  // A stable sort: messages with the same timestamp keep the order the server sent them in.
  return [...shown, ...fresh].sort((a, b) => a.at - b.at).slice(-MAX_SHOWN_MESSAGES);
}
