import type { ConnectionStats } from 'ngx-live-socket';

/** How many round trips the sparkline shows. */
export const MAX_RTT_SAMPLES = 30;

/**
 * Whether `next` is the stats update a heartbeat pong makes: only `lastRttMs` is set, on an open link.
 * Counting those (rather than changes of the value) keeps two equal round trips as two samples; any other
 * update (open, drop, retry) changes another field and is not a sample.
 */
export function isRoundTrip(previous: ConnectionStats, next: ConnectionStats): boolean {
  if (next === previous || next.lastRttMs === null || next.openedAt === null) {
    return false;
  }
  return (Object.keys(next) as (keyof ConnectionStats)[]).every((key) => key === 'lastRttMs' || next[key] === previous[key]);
}

/** `samples` with `rttMs` added, keeping the newest {@link MAX_RTT_SAMPLES}. */
export function addSample(samples: readonly number[], rttMs: number): number[] {
  return [...samples, rttMs].slice(-MAX_RTT_SAMPLES);
}
