import { WebSocketArgumentError } from '../errors/argument-error';
import { withoutUndefined } from '../platform/without-undefined';
import type { QueueStorage } from './queue-storage';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** What happens when a message does not fit: drop the oldest held, drop the new one, or drop it and report. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** Bounds of the offline queue. Every field is optional; see {@link DEFAULT_OFFLINE_QUEUE_POLICY}. */
export interface OfflineQueueOptions {
  /** Most messages held (queued plus awaiting an ack). */
  readonly maxMessages?: number;
  /** Most bytes held, counting each encoded frame's UTF-8 length. */
  readonly maxBytes?: number;
  /** A message not sent within this many ms fails with `expired`. */
  readonly maxAgeMs?: number;
  /** See {@link OverflowPolicy}; `error` also reports `queue-overflow` on `errors$`. */
  readonly overflow?: OverflowPolicy;
  /**
   * Keep the queue where the page's end cannot lose it: `true` for `localStorage`, or your own
   * {@link QueueStorage}. Each page keeps its own record; what a page still holds when it is reloaded, closed
   * or crashes is sent by another page of the app (at the latest the next one loaded), once, and exactly once
   * with acks, under the session and ids it was given (docs/protocol.md, "One page, one session").
   * @default false
   */
  readonly persist?: boolean | QueueStorage;
}

export interface OfflineQueuePolicy {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  readonly overflow: OverflowPolicy;
  readonly persist: boolean | QueueStorage;
}

export const DEFAULT_OFFLINE_QUEUE_POLICY: OfflineQueuePolicy = {
  maxMessages: 1_000,
  maxBytes: 1_048_576,
  maxAgeMs: Infinity,
  overflow: 'error',
  persist: false,
};

const OVERFLOW_POLICIES: readonly OverflowPolicy[] = ['drop-oldest', 'drop-newest', 'error'];

export function resolveOfflineQueuePolicy(options: OfflineQueueOptions = {}): OfflineQueuePolicy {
  const policy: OfflineQueuePolicy = { ...DEFAULT_OFFLINE_QUEUE_POLICY, ...withoutUndefined(options) };
  const positive = (name: keyof OfflineQueuePolicy, value: number, integer: boolean) => {
    if (typeof value !== 'number' || !(value > 0) || (integer && value !== Infinity && !Number.isInteger(value))) {
      throw new WebSocketArgumentError(`offline queue ${name}`, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(value)} is not allowed; expected ${integer ? 'an integer' : 'a number'} > 0.`);
    }
  };
  positive('maxMessages', policy.maxMessages, true);
  positive('maxBytes', policy.maxBytes, true);
  positive('maxAgeMs', policy.maxAgeMs, false);
  if (!OVERFLOW_POLICIES.includes(policy.overflow)) {
    throw new WebSocketArgumentError('offline queue overflow', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(policy.overflow)} is not allowed; expected one of ${OVERFLOW_POLICIES.join(', ')}.`);
  }
  const { persist } = policy;
  const storageMethods = ['keys', 'load', 'save', 'remove'] as const;
  if (typeof persist !== 'boolean' && !(typeof persist === 'object' && persist !== null && storageMethods.every((name) => typeof persist[name] === 'function'))) {
    throw new WebSocketArgumentError('offline queue persist', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `expected true, false, or a QueueStorage: an object with ${storageMethods.map((name) => `${name}()`).join(', ')} (and optionally watch()).`);
  }
  return policy;
}
