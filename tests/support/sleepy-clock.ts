import type { Clock } from 'ngx-live-socket';

interface PendingTimer {
  readonly due: number;
  readonly callback: () => void;
  handle: ReturnType<typeof setTimeout>;
}

/**
 * The real clock, plus `sleep(ms)`: the wall clock jumps ahead as when a laptop wakes up, and every timer
 * that came due meanwhile fires at once, as the OS fires overdue timers after a suspend.
 */
export class SleepyClock implements Clock {
  private offset = 0;
  private readonly pending = new Set<PendingTimer>();

  now(): number {
    return Date.now() + this.offset;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const timer: PendingTimer = {
      due: this.now() + delayMs,
      callback,
      handle: setTimeout(() => {
        this.pending.delete(timer);
        callback();
      }, delayMs),
    };
    this.pending.add(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    const timer = handle as PendingTimer;
    clearTimeout(timer.handle);
    this.pending.delete(timer);
  }

  sleep(ms: number): void {
    this.offset += ms;
    for (const timer of [...this.pending]) {
      if (timer.due <= this.now()) {
        this.clearTimeout(timer);
        timer.callback();
      }
    }
  }
}
