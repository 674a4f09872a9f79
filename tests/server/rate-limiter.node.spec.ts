import { TokenBucket } from '../../demo/server/rate-limiter.mjs';

describe('TokenBucket (the per-connection rate limit)', () => {
  let now = 0;
  const bucket = () => new TokenBucket({ perSecond: 4, burst: 3, now: () => now });
  const takeMany = (limiter: TokenBucket, count: number) => Array.from({ length: count }, () => limiter.take());

  beforeEach(() => (now = 1_000));

  it('allows a burst at once, then refuses', () => {
    expect(takeMany(bucket(), 4)).toEqual([true, true, true, false]);
  });

  it('refills perSecond tokens a second, pro rata', () => {
    const limiter = bucket();
    takeMany(limiter, 3);
    now += 250; // one token at 4/s
    expect(takeMany(limiter, 2)).toEqual([true, false]);
    now += 500;
    expect(takeMany(limiter, 3)).toEqual([true, true, false]);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const limiter = bucket();
    now += 60_000;
    expect(takeMany(limiter, 4)).toEqual([true, true, true, false]);
  });

  it('sustains exactly perSecond messages a second', () => {
    const limiter = bucket();
    takeMany(limiter, 3);
    let allowed = 0;
    for (let ms = 0; ms < 10_000; ms += 50) {
      now += 50;
      allowed += limiter.take() ? 1 : 0;
    }
    expect(allowed).toBe(40);
  });
});
