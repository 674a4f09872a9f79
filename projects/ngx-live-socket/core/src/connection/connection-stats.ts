import type { TransportKind } from './web-socket-like';

/** Counters a connection keeps for dashboards and debugging. */
export interface ConnectionStats {
  /** Successful re-opens after a dropped link. */
  readonly reconnects: number;
  /** Consecutive failed attempts since the last stable connection (drives the backoff). */
  readonly failedAttempts: number;
  /** Round trip of the last heartbeat ping, in ms; `null` before the first pong. */
  readonly lastRttMs: number | null;
  /** Close code of the last close, ours or the server's. */
  readonly lastCloseCode: number | null;
  /** Close reason of the last close (may be empty). */
  readonly lastCloseReason: string | null;
  /** Wall-clock time (ms) the current connection opened; `null` while not open. */
  readonly openedAt: number | null;
  /** Wall-clock time (ms) of the next reconnect attempt; `null` when none is scheduled. */
  readonly nextRetryAt: number | null;
  /**
   * The subprotocol the server chose for the current connection (`''` when it chose none, although
   * `protocols` were offered); `null` while not open.
   */
  readonly protocol: string | null;
  /**
   * What carries the current or latest link: `'websocket'`, or `'http'` when `withHttpFallback()` fell back;
   * `null` before the first link opened.
   */
  readonly transport: TransportKind | null;
  /** The URL of the current or latest attempt, with query values and passwords redacted; `null` before one. */
  readonly url: string | null;
}

export const INITIAL_CONNECTION_STATS: ConnectionStats = {
  reconnects: 0,
  failedAttempts: 0,
  lastRttMs: null,
  lastCloseCode: null,
  lastCloseReason: null,
  openedAt: null,
  nextRetryAt: null,
  protocol: null,
  transport: null,
  url: null,
};
