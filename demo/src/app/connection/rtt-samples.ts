import type { LiveSocketStats } from 'ngx-live-socket';

/** How many round trips the sparkline shows. */
export const MAX_RTT_SAMPLES = 30;

/**
 * Whether `next` is the stats update a heartbeat pong makes: only `lastRttMs` is set, on an open link.
 * Counting those (rather than changes of the value) keeps two equal round trips as two samples; any other
 * update (open, drop, retry, queue) changes another field and is not a sample.
 *
 * One update changes nothing at all yet is no pong: with acks, sending a message updates the stats with the
 * same figures while the message waits for its ack. The queue holds that message then, so an update that
 * changes nothing counts only when the queue is empty.
 */
export function isRoundTrip(previous: LiveSocketStats, next: LiveSocketStats): boolean {
  if (next === previous || next.lastRttMs === null || next.openedAt === null) {
    return false;
  }
  const onlyRoundTripChanged = (Object.keys(next) as (keyof LiveSocketStats)[]).every((key) => key === 'lastRttMs' || next[key] === previous[key]);
  return onlyRoundTripChanged && (next.lastRttMs !== previous.lastRttMs || next.queuedMessages === 0);
}

/** `samples` with `rttMs` added, keeping the newest {@link MAX_RTT_SAMPLES}. */
export function addSample(samples: readonly number[], rttMs: number): number[] {
  return [...samples, rttMs].slice(-MAX_RTT_SAMPLES);
}
