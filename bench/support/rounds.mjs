/**
 * How every figure is taken: the contenders of one table run side by side in the same process, round after
 * round, in an order that alternates (forward, then reversed), so a noisy neighbour slows them alike; each
 * figure is then the median over the rounds.
 */

/** At least 5 rounds; `BENCH_ROUNDS` may ask for more. */
export const ROUNDS = Math.max(5, Math.floor(Number(process.env.BENCH_ROUNDS)) || 5);

/** The order to run `items` in, in round `round` (0-based): forward on even rounds, reversed on odd ones. */
export function alternatingOrder(items, round) {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

export function median(values) {
  if (values.length === 0) {
    throw new Error('median of nothing');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The first and third quartiles: half the rounds lie between them. */
export function middleHalf(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (share) => sorted[Math.round(share * (sorted.length - 1))];
  return [at(0.25), at(0.75)];
}
