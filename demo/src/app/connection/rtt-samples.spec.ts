import type { LiveSocketStats } from 'ngx-live-socket';
import { INITIAL_LIVE_SOCKET_STATS } from '../../../../projects/ngx-live-socket/core/internal';
import { MAX_RTT_SAMPLES, addSample, isRoundTrip } from './rtt-samples';

const OPEN: LiveSocketStats = { ...INITIAL_LIVE_SOCKET_STATS, lastRttMs: 4, openedAt: 1_000 };

describe('RTT samples', () => {
  it('counts a pong update as a sample even when the round trip equals the last one', () => {
    expect(isRoundTrip(OPEN, { ...OPEN })).toBe(true);
    expect(isRoundTrip(OPEN, { ...OPEN, lastRttMs: 7 })).toBe(true);
  });

  it('does not count updates that change anything else, or come while the link is down', () => {
    expect(isRoundTrip(OPEN, OPEN)).toBe(false);
    expect(isRoundTrip(OPEN, { ...OPEN, reconnects: 1, openedAt: 2_000 })).toBe(false);
    expect(isRoundTrip(OPEN, { ...OPEN, lastCloseCode: 1006, openedAt: null })).toBe(false);
    const closed = { ...OPEN, openedAt: null };
    expect(isRoundTrip(closed, { ...closed })).toBe(false);
    expect(isRoundTrip({ ...OPEN, lastRttMs: null }, { ...OPEN, lastRttMs: null })).toBe(false);
    expect(isRoundTrip(OPEN, { ...OPEN, queuedMessages: 1 })).toBe(false);
  });

  it('does not count an update that changes nothing while a message waits for its ack (a send makes one)', () => {
    const waiting = { ...OPEN, queuedMessages: 1 };
    expect(isRoundTrip(waiting, { ...waiting })).toBe(false);
    expect(isRoundTrip(waiting, { ...waiting, lastRttMs: 9 })).toBe(true);
  });

  it(`keeps the newest ${MAX_RTT_SAMPLES} samples`, () => {
    let samples: number[] = [];
    for (let i = 0; i < MAX_RTT_SAMPLES + 3; i++) samples = addSample(samples, i);
    expect(samples).toHaveLength(MAX_RTT_SAMPLES);
    expect(samples[0]).toBe(3);
  });
});
