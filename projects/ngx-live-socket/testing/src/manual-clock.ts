import { WebSocketArgumentError, type Clock } from 'ngx-live-socket';

interface ScheduledTimer {
  readonly dueAt: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when the test says so. Timers run in due order (ties in the order they were set)
 * while {@link ManualClock.advance} moves time, and `now()` reads the time of the timer that is running, so
 * a callback sees the same clock a browser would have shown it.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextHandle = 1;
  private readonly timers = new Map<number, ScheduledTimer>();

  constructor(startAt: number) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): number {
    const handle = this.nextHandle++;
    // Like the browser: a negative or non-numeric delay means "as soon as possible".
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.timers.set(handle, { dueAt: this.current + delay, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /**
   * How many timers are set and have neither run nor been cleared: a test reads 0 to see that a closed or
   * disposed client left no backoff, heartbeat or timeout timer behind.
   */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way, also timers set meanwhile. */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new WebSocketArgumentError('tick ms', `${String(ms)} is not allowed; expected a finite number of ms >= 0.`);
    }
    const target = this.current + ms;
    for (let next = this.nextDue(target); next !== null; next = this.nextDue(target)) {
      const [handle, timer] = next;
      this.timers.delete(handle);
      this.current = timer.dueAt;
      timer.callback();
    }
    this.current = target;
  }

  /** The earliest timer due at or before `limit`; Map order breaks ties in the order timers were set. */
  private nextDue(limit: number): [number, ScheduledTimer] | null {
    let earliest: [number, ScheduledTimer] | null = null;
    for (const entry of this.timers) {
      if (entry[1].dueAt <= limit && (earliest === null || entry[1].dueAt < earliest[1].dueAt)) {
        earliest = entry;
      }
    }
    return earliest;
  }
}
