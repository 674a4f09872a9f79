import type { ConnectionState, ConnectionStats } from 'ngx-live-socket';

/** The connection at one moment, as the service's `state$` and `stats$` tell it. */
export interface ConnectionSnapshot {
  readonly state: ConnectionState;
  readonly stats: ConnectionStats;
}

/** One line of the reconnect log. */
export interface LogLine {
  readonly kind: 'connecting' | 'open' | 'drop' | 'retry' | 'closed';
  readonly text: string;
  /** The close code behind a drop, failed attempt or close. */
  readonly code: number | null;
}

/**
 * What a change of the connection means for the reconnect log, or `null` when it is not worth a line
 * (heartbeat round trips, the intermediate stats updates that come before a state change).
 *
 * The library updates `stats` before it announces the state a drop leads to, so when `reconnecting` arrives
 * the close code and the next retry time are already there.
 */
export function describeChange(previous: ConnectionSnapshot | null, next: ConnectionSnapshot, now: number): LogLine | null {
  const { state, stats } = next;
  if (previous?.state === state) {
    const attemptFailed = state === 'reconnecting' && stats.failedAttempts > previous.stats.failedAttempts;
    return attemptFailed
      ? { kind: 'retry', text: `attempt ${stats.failedAttempts - 1} failed${closeText(stats)}${retryText(stats, now)}`, code: stats.lastCloseCode }
      : null;
  }
  switch (state) {
    case 'idle':
      return null;
    case 'connecting':
      return { kind: 'connecting', text: 'connecting', code: null };
    case 'open':
      return { kind: 'open', text: previous?.state === 'reconnecting' ? `reconnected (#${stats.reconnects})` : 'connected', code: null };
    case 'reconnecting':
      return {
        kind: 'drop',
        text: `${previous?.state === 'open' ? 'dropped' : 'could not connect'}${closeText(stats)}${retryText(stats, now)}`,
        code: stats.lastCloseCode,
      };
    case 'closed':
      return { kind: 'closed', text: `closed${closeText(stats)}`, code: stats.lastCloseCode };
  }
}

function closeText({ lastCloseCode, lastCloseReason }: ConnectionStats): string {
  if (lastCloseCode === null) {
    return '';
  }
  return lastCloseReason ? `: ${lastCloseCode} "${lastCloseReason}"` : `: ${lastCloseCode}`;
}

function retryText({ nextRetryAt }: ConnectionStats, now: number): string {
  return nextRetryAt === null ? '' : `; retry in ${(Math.max(0, nextRetryAt - now) / 1000).toFixed(1)} s`;
}
