import { describeError } from './library-message';
import { WebSocketError } from './web-socket-error';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Bounds of what is kept for the first `errors$` subscriber. */
export interface EarlyErrorLimits {
  /** Most errors kept; later ones are dropped. */
  readonly maxErrors: number;
  /** Most raw data (`details.data`) kept in total; an error beyond it is kept without its data. */
  readonly maxDataBytes: number;
}

export const DEFAULT_EARLY_ERROR_LIMITS: EarlyErrorLimits = { maxErrors: 50, maxDataBytes: 64 * 1024 };

/**
 * Errors raised while nobody subscribes to `errors$`, kept for the first subscriber. Bounded in count and
 * in bytes whatever the app does: an app that never subscribes must not keep megabytes of malformed frames
 * alive. In dev mode the first error of each kind is also printed with `console.warn`, as Angular prints its
 * own, so a problem nobody listens to is still seen; production stays silent.
 */
export class EarlyErrors {
  readonly #kept: WebSocketError[] = [];
  #keptBytes = 0;
  readonly #warnedKinds = new Set<WebSocketError['kind']>();

  readonly #limits: EarlyErrorLimits;

  constructor(limits: EarlyErrorLimits = DEFAULT_EARLY_ERROR_LIMITS) {
    this.#limits = limits;
  }

  /** Keeps an error nobody heard, within the bounds, and warns once per kind in dev mode. */
  hold(error: WebSocketError): void {
    // Written out, not a helper function: a production build's minifier then drops the whole warning.
    if ((typeof ngDevMode === 'undefined' || !!ngDevMode) && !this.#warnedKinds.has(error.kind)) {
      this.#warnedKinds.add(error.kind);
      console.warn(`${error.message} (errors$ has no subscriber; the first "${error.kind}" error is shown in dev mode only)`);
    }
    if (this.#kept.length >= this.#limits.maxErrors) {
      return;
    }
    const bytes = rawDataBytes(error.details.data);
    if (this.#keptBytes + bytes <= this.#limits.maxDataBytes) {
      this.#keptBytes += bytes;
      this.#kept.push(error);
      return;
    }
    const { data: _notKept, ...details } = error.details;
    this.#kept.push(
      new WebSocketError(error.kind, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${describeError(error)} (its ${describeBytes(bytes)}raw data were not kept: errors$ had no subscriber)`, details),
    );
  }

  /** Hands every kept error over (to the first subscriber) and forgets them. */
  takeAll(): WebSocketError[] {
    this.#keptBytes = 0;
    return this.#kept.splice(0);
  }
}

/** About how much memory an error's raw data holds: a string's length, a buffer's or blob's bytes, JSON for the rest. */
export function rawDataBytes(data: unknown): number {
  if (data === undefined || data === null) {
    return 0;
  }
  if (typeof data === 'string') {
    return data.length;
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return data.byteLength;
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return data.size;
  }
  try {
    return JSON.stringify(data)?.length ?? 0;
  } catch {
    return Infinity; // a cycle, a BigInt: nothing to measure it by, so nothing to keep
  }
}

/** `10 MB of ` (to precede "raw data"), or nothing when the size could not be measured. */
function describeBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) {
    return '';
  }
  const size = bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
  return `${size} of `;
}
