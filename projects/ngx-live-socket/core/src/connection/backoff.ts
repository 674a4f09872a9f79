import { WebSocketArgumentError } from '../errors/argument-error';
import type { CloseInfo } from './close-info';
import type { RandomSource } from '../platform/random-source';
import { withoutUndefined } from '../platform/without-undefined';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** How to retry after the link drops. Every field is optional; see {@link DEFAULT_RECONNECT_POLICY}. */
export interface ReconnectOptions {
  /** Ceiling of the first delay, in ms. */
  readonly baseDelayMs?: number;
  /** Growth of the ceiling per failed attempt. */
  readonly factor?: number;
  /** Largest ceiling, in ms. */
  readonly maxDelayMs?: number;
  /**
   * Give up (state `closed`, a `gave-up` error) after this many consecutive failed attempts: `3` makes 3
   * attempts when the server is down from the start (the first attempt of `connect()` counts), and 3 reconnect
   * attempts after an open link drops. `0`: never retry.
   */
  readonly maxAttempts?: number;
  /** The failed-attempt counter resets once a connection stayed open this long, in ms. */
  readonly stableAfterMs?: number;
  /**
   * Called when the server closes with a policy/auth code (1008, 4401, 4403). Refresh credentials here
   * (the URL factory runs again on the next attempt) and return `true` to reconnect; `false` stays closed.
   * Given to `withReconnect()`, it runs in an injection context, so it may `inject()` (before its first `await`).
   */
  readonly onAuthFailure?: (close: CloseInfo) => boolean | Promise<boolean>;
}

/** {@link ReconnectOptions} with every default filled in and checked. */
export interface ReconnectPolicy extends Required<Omit<ReconnectOptions, 'onAuthFailure'>> {
  readonly onAuthFailure?: ReconnectOptions['onAuthFailure'];
}

/**
 * The defaults come from the reconnect-storm benchmark (bench/RESULTS.md): 10,000 clients dropped together
 * against a server that accepts 2,000/s come back with a peak of about 1.2x its capacity and 99% within
 * 15 s. A 500 ms base left them bunched (1.6x), a 30 s cap left a 20 s tail.
 */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  baseDelayMs: 750,
  factor: 2,
  maxDelayMs: 10_000,
  maxAttempts: Infinity,
  stableAfterMs: 5_000,
};

/** Fills in defaults and rejects values that would make the backoff meaningless. */
export function resolveReconnectPolicy(options: ReconnectOptions = {}): ReconnectPolicy {
  const policy: ReconnectPolicy = { ...DEFAULT_RECONNECT_POLICY, ...withoutUndefined(options) };
  // The allowed values are spelled out in dev mode only: each guard written out, so a production build drops them.
  assertNumber(policy, 'baseDelayMs', (v) => v > 0, (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'a number of ms > 0');
  assertNumber(policy, 'factor', (v) => v >= 1, (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'a number >= 1');
  assertNumber(policy, 'maxDelayMs', (v) => v >= policy.baseDelayMs, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `a number of ms >= baseDelayMs (${policy.baseDelayMs})`);
  assertNumber(policy, 'maxAttempts', (v) => v === Infinity || (Number.isInteger(v) && v >= 0), (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'an integer >= 0 or Infinity');
  assertNumber(policy, 'stableAfterMs', (v) => v >= 0, (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'a number of ms >= 0');
  return policy;
}

/**
 * Delay before reconnect attempt number `attempt` (0-based): full jitter, a uniform draw from
 * [0, min(maxDelayMs, baseDelayMs * factor^attempt)). Spreading clients over the whole window is what
 * keeps thousands of clients dropped together from coming back in lockstep.
 */
export function nextReconnectDelay(attempt: number, policy: ReconnectPolicy, random: RandomSource): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** attempt);
  return Math.floor(random() * ceiling);
}

/** Throws a `WebSocketArgumentError` naming `reconnect <key>` unless the policy's value is a number `ok` accepts. */
function assertNumber(policy: ReconnectPolicy, key: Exclude<keyof ReconnectPolicy, 'onAuthFailure'>, ok: (value: number) => boolean, allowed: string | false): void {
  const value = policy[key];
  if (typeof value !== 'number' || Number.isNaN(value) || !ok(value)) {
    throw new WebSocketArgumentError(`reconnect ${key}`, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(value)} is not allowed; expected ${allowed}.`);
  }
}
