import type { Clock, TimerHandle } from '../platform/clock';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Bounds of the reorder buffer. */
export interface SequenceLimits {
  /** Most messages held while a gap is open; one more gives the gap up. */
  readonly maxHeld: number;
  /** A gap not filled this long after it opened (time without a link not counted) is given up. */
  readonly gapTimeoutMs: number;
}

export const DEFAULT_SEQUENCE_LIMITS: SequenceLimits = { maxHeld: 1_000, gapTimeoutMs: 5_000 };

/** What the checker asks of its owner. */
export interface SequenceHooks<T> {
  /** The next message in seq order: hand it to the app. */
  deliver(message: T, seq: number): void;
  /** A message already delivered or already held arrived again; it was dropped. */
  duplicate(seq: number): void;
  /** A gap opened (`seq-gap`) or could not be filled (`resume-gap`): say so on `errors$`. */
  report(kind: 'seq-gap' | 'resume-gap', message: string | false): void;
  /** Ask the server, on the current link, to replay everything after `lastSeq` (a `resume`). */
  askReplay(lastSeq: number): void;
}

/**
 * Puts a session's numbered messages (`seq` 1, 2, 3..., contiguous: docs/protocol.md) back in order and
 * delivers each exactly once. A message from beyond the next expected seq is held, the gap is reported once
 * and the server is asked to replay it; each time the next seq arrives the held ones that follow are
 * delivered in order. A gap that cannot be filled (the server says it no longer has the messages, its replay
 * ended with the gap still open, the buffer filled up, or the gap outlived `gapTimeoutMs`) is reported as
 * `resume-gap` naming what is missing, and the held messages are delivered after it.
 *
 * `lastSeq` is the highest seq delivered in order: what a persisted queue keeps and a `resume` names.
 */
export class SequenceChecker<T> {
  /** The highest seq delivered in order; `null` before the first. */
  lastSeq: number | null = null;
  /** Messages from beyond a gap, by seq. Non-empty exactly while a gap is open. */
  readonly #held = new Map<number, T>();
  /** `resume`s sent on the current link whose `resumed` answer has not come yet. */
  #pendingReplays = 0;
  /** Whether a `resume` was sent after the open gap opened, so its answer settles the gap. */
  #replayAsked = false;
  /** After a `resumed` with `complete: false` and nothing held, the next seq may jump: the loss is reported. */
  #jumpAllowed = false;
  #gapTimer: TimerHandle | null = null;

  readonly #limits: SequenceLimits;
  readonly #clock: Clock;
  readonly #hooks: SequenceHooks<T>;

  constructor(
    limits: SequenceLimits,
    clock: Clock,
    hooks: SequenceHooks<T>,
  ) {
    this.#limits = limits;
    this.#clock = clock;
    this.#hooks = hooks;
  }

  /** Messages held beyond a gap. */
  get heldCount(): number {
    return this.#held.size;
  }

  /** One numbered message arrived. */
  receive(seq: number, message: T): void {
    const last = this.lastSeq ?? 0;
    if (seq <= last || this.#held.has(seq)) {
      this.#hooks.duplicate(seq);
      return;
    }
    const jumpAllowed = this.#jumpAllowed;
    this.#jumpAllowed = false;
    if (seq === last + 1 || (jumpAllowed && this.#held.size === 0)) {
      this.#deliver(seq, message);
      this.#drain();
      return;
    }
    this.#held.set(seq, message);
    if (this.#held.size === 1) {
      this.#gapOpened(last + 1, seq);
    } else if (this.#held.size > this.#limits.maxHeld) {
      this.#giveUp(`the reorder buffer is full (${this.#limits.maxHeld} messages)`);
    }
  }

  /**
   * The server answered a `resume`: it has sent again everything it kept after the `lastSeq` we named.
   * `complete: false` says some of it was no longer kept.
   */
  replayEnded(complete: boolean): void {
    this.#pendingReplays = Math.max(0, this.#pendingReplays - 1);
    if (this.#held.size === 0) {
      if (!complete) {
        this.#hooks.report('resume-gap', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'the server could not replay every message missed (it no longer had them); the next one follows the loss.');
        this.#jumpAllowed = true;
      }
      return;
    }
    if (!complete) {
      this.#giveUp('the server no longer had them');
    } else if (this.#pendingReplays === 0) {
      if (this.#replayAsked) {
        this.#giveUp('the server replayed what it kept and they were not among it');
      } else {
        // The replay that was under way when the gap opened began before it: ask for this one.
        this.#askReplay();
      }
    }
  }

  /** A `resume` went out on a new link (it names `lastSeq`); its replay may fill the open gap. */
  resumeSent(): void {
    this.#pendingReplays++;
    if (this.#held.size > 0) {
      this.#replayAsked = true;
      this.#startGapTimer();
    }
  }

  /**
   * The link dropped. The held messages are kept: the next link's `resume` names `lastSeq`, so the server
   * replays the gap and everything after it, the held ones among it, and those count as duplicates here
   * instead of being lost with the buffer or delivered twice. Answers to `resume`s sent on the dead link
   * never come, and time without a link is not held against the gap.
   */
  linkDropped(): void {
    this.#pendingReplays = 0;
    this.#replayAsked = false;
    this.#stopGapTimer();
  }

  /** Stops the gap timer for good (the client is disposed). */
  stop(): void {
    this.#stopGapTimer();
  }

  #gapOpened(expected: number, got: number): void {
    this.#hooks.report('seq-gap', (typeof ngDevMode === 'undefined' || !!ngDevMode) && gapMessage(expected, got));
    this.#replayAsked = false;
    if (this.#pendingReplays === 0) {
      this.#askReplay();
    }
    this.#startGapTimer();
  }

  #askReplay(): void {
    this.#pendingReplays++;
    this.#replayAsked = true;
    this.#hooks.askReplay(this.lastSeq ?? 0);
  }

  #deliver(seq: number, message: T): void {
    this.lastSeq = seq;
    this.#hooks.deliver(message, seq);
  }

  /**
   * Delivers the held messages that now follow in order; closes the gap when none is left. When the gap
   * filled but held messages remain beyond another one, that one is a new gap: reported too, and asked for
   * unless a replay is under way (it was asked from an earlier seq, so it covers this gap as well).
   */
  #drain(): void {
    if (this.#held.size === 0) {
      return;
    }
    const expected = (this.lastSeq ?? 0) + 1;
    let next = expected;
    for (; this.#held.has(next); next++) {
      const message = this.#held.get(next) as T;
      this.#held.delete(next);
      this.#deliver(next, message);
    }
    if (this.#held.size === 0) {
      this.#stopGapTimer();
    } else if (next > expected) {
      this.#hooks.report('seq-gap', (typeof ngDevMode === 'undefined' || !!ngDevMode) && gapMessage(next, Math.min(...this.#held.keys())));
      if (this.#pendingReplays === 0) {
        this.#askReplay();
      }
    }
  }

  /** The gap cannot be filled: name what is missing, then deliver what is held, in order. */
  #giveUp(why: string): void {
    const seqs = [...this.#held.keys()].sort((a, b) => a - b);
    this.#stopGapTimer();
    this.#hooks.report('resume-gap', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `seq ${missingRanges(this.lastSeq ?? 0, seqs)} never arrived (${why}); delivering the ${seqs.length} messages held after the gap.`);
    for (const seq of seqs) {
      const message = this.#held.get(seq) as T;
      this.#held.delete(seq);
      this.#deliver(seq, message);
    }
  }

  #startGapTimer(): void {
    this.#stopGapTimer();
    this.#gapTimer = this.#clock.setTimeout(() => {
      this.#gapTimer = null;
      this.#giveUp(`not filled within ${this.#limits.gapTimeoutMs} ms`);
    }, this.#limits.gapTimeoutMs);
  }

  #stopGapTimer(): void {
    if (this.#gapTimer !== null) {
      this.#clock.clearTimeout(this.#gapTimer);
      this.#gapTimer = null;
    }
  }
}

/** The seqs missing before and between `held` (sorted), after `lastSeq`: "4, 7-9". Only dev-mode texts use it. */
function missingRanges(lastSeq: number, held: readonly number[]): string {
  const missing: string[] = [];
  let expected = lastSeq + 1;
  for (const seq of held) {
    if (seq > expected) {
      missing.push(seq - 1 === expected ? `${expected}` : `${expected}-${seq - 1}`);
    }
    expected = seq + 1;
  }
  return missing.join(', ');
}

function gapMessage(expected: number, got: number): string {
  return `expected seq ${expected}, got ${got}: asking the server to replay from ${expected}.`;
}
