/**
 * Features and sessions answer at once with the in-memory store and with a promise with Redis. `when`
 * continues synchronously in the first case, so the embedded server keeps its exact, synchronous order of
 * events, and asynchronously in the second.
 */

/** @param {unknown} value */
export function isPromise(value) {
  return typeof value?.then === 'function';
}

/**
 * Calls `then(value)` now, or once `value` resolves when it is a promise.
 *
 * @template T, R
 * @param {T | Promise<T>} value
 * @param {(value: T) => R} then
 * @returns {R | Promise<Awaited<R>>}
 */
export function when(value, then) {
  return isPromise(value) ? value.then(then) : then(value);
}
