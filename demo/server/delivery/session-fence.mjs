/**
 * The fence (docs/protocol.md, "Shared connection"): a delivery session has one holder at a time. When a
 * `resume` moves it to another connection (a successor tab, or a reconnect whose old link the server still
 * thinks open, or another instance with Redis), the connection that held it is closed with 4503 and nothing
 * it sends afterwards is handled, so two connections never send or receive under one session.
 */

/** docs/protocol.md: "this instance cannot serve you, try another" (here: your session moved on). */
export const CLOSE_GO_ELSEWHERE = 4503;

/** The close reason of a fenced connection, alike in memory and with Redis. */
export const SESSION_MOVED_REASON = 'session resumed on another connection';

/**
 * Closes a connection whose session another connection took over, and marks it so the dispatcher handles
 * none of the frames it still has waiting (with Redis, frames queue behind asynchronous handlers).
 *
 * @param {{ fenced?: boolean, close(code: number, reason: string): void }} connection
 */
export function fenceConnection(connection) {
  if (connection.fenced) {
    return;
  }
  connection.fenced = true;
  connection.close(CLOSE_GO_ELSEWHERE, SESSION_MOVED_REASON);
}
