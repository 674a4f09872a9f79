/** A source of uniform numbers in [0, 1), like `Math.random`. Injected so backoff tests can seed it. */
export type RandomSource = () => number;

export const mathRandom: RandomSource = () => Math.random();
