import { seededRandom } from '../../../../../tests/support/seeded-random';
import { DEFAULT_RECONNECT_POLICY, nextReconnectDelay, resolveReconnectPolicy } from './backoff';
import { WebSocketArgumentError } from '../errors/argument-error';

describe('nextReconnectDelay (full jitter)', () => {
  const policy = resolveReconnectPolicy();

  it('has the storm-tested defaults: 750 ms base, x2, 10 s cap, unlimited attempts', () => {
    expect(DEFAULT_RECONNECT_POLICY).toMatchObject({ baseDelayMs: 750, factor: 2, maxDelayMs: 10_000, maxAttempts: Infinity });
  });

  it.each([0, 1, 2, 5, 6, 10, 60, 2000])('stays in [0, min(cap, base*factor^%i)) over 10,000 draws and spreads over it', (attempt) => {
    const random = seededRandom(attempt + 1);
    const ceiling = Math.min(10_000, 750 * 2 ** attempt);
    const draws = Array.from({ length: 10_000 }, () => nextReconnectDelay(attempt, policy, random));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(ceiling);
    // Uniform over the window: each tenth of it holds about a tenth of the draws (no lockstep clustering).
    const buckets = new Array<number>(10).fill(0);
    for (const delay of draws) buckets[Math.floor((delay / ceiling) * 10)]++;
    for (const count of buckets) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
    const mean = draws.reduce((sum, d) => sum + d, 0) / draws.length;
    expect(mean / ceiling).toBeCloseTo(0.5, 1);
  });

  it('uses the random source at its edges: 0 gives 0, just under 1 gives just under the ceiling', () => {
    expect(nextReconnectDelay(3, policy, () => 0)).toBe(0);
    expect(nextReconnectDelay(3, policy, () => 0.999_999)).toBe(5_999);
  });

  it('reaches the cap and stays there', () => {
    const custom = resolveReconnectPolicy({ baseDelayMs: 100, factor: 3, maxDelayMs: 1_000 });
    expect(nextReconnectDelay(2, custom, () => 0.999_999)).toBe(899);
    expect(nextReconnectDelay(3, custom, () => 0.999_999)).toBe(999);
    expect(nextReconnectDelay(50, custom, () => 0.999_999)).toBe(999);
  });
});

describe('resolveReconnectPolicy', () => {
  it('keeps defaults for options left undefined', () => {
    expect(resolveReconnectPolicy({ factor: undefined, maxAttempts: 3 })).toMatchObject({ factor: 2, maxAttempts: 3 });
  });

  it.each([
    [{ baseDelayMs: 0 }, 'reconnect baseDelayMs'],
    [{ baseDelayMs: Number.NaN }, 'reconnect baseDelayMs'],
    [{ factor: 0.5 }, 'reconnect factor'],
    [{ baseDelayMs: 1_000, maxDelayMs: 500 }, 'reconnect maxDelayMs'],
    [{ maxAttempts: -1 }, 'reconnect maxAttempts'],
    [{ maxAttempts: 1.5 }, 'reconnect maxAttempts'],
    [{ stableAfterMs: -5 }, 'reconnect stableAfterMs'],
  ])('rejects %j naming %s', (options, name) => {
    expect(() => resolveReconnectPolicy(options)).toThrow(WebSocketArgumentError);
    expect(() => resolveReconnectPolicy(options)).toThrow(`invalid ${name}`);
  });
});
