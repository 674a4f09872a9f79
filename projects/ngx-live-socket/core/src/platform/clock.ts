/** Opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Time as the connection sees it. Injected so tests control it exactly and so the Angular adapter can run
 * timers outside NgZone.
 */
export interface Clock {
  /** Wall-clock milliseconds. Heartbeat judges liveness by this, not by how many timers fired. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The platform clock. Looks up the globals on every call (never captured at load), so Jest fake timers
 * installed after import still apply.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
