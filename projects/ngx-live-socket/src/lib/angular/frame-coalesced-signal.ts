import { DestroyRef, NgZone, type Signal, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { FrameScheduler } from './frame-scheduler';

/** Hands the latest of many values to `write` at most once per frame; see {@link frameCoalescedSignal}. */
export interface FrameCoalescer<T> {
  /** Keeps `latest` for the next frame (a value pushed before it replaces the one waiting). */
  push(latest: T): void;
  /** Forgets the value waiting and cancels its frame. */
  cancel(): void;
}

/**
 * Calls `write` with the latest value pushed, at most once per frame. The frame runs outside NgZone: in a
 * zone.js app the frame callback must not trigger a second change-detection pass of its own.
 */
export function frameCoalescer<T>(write: (latest: T) => void, scheduleFrame: FrameScheduler, zone: NgZone): FrameCoalescer<T> {
  let pending: { latest: T } | null = null;
  let cancelFrame: (() => void) | null = null;
  const flush = () => {
    cancelFrame = null;
    if (pending !== null) {
      const { latest } = pending;
      pending = null;
      write(latest);
    }
  };
  return {
    push(latest) {
      pending = { latest };
      cancelFrame ??= zone.runOutsideAngular(() => scheduleFrame(flush));
    },
    cancel() {
      pending = null;
      cancelFrame?.();
      cancelFrame = null;
    },
  };
}

/**
 * A signal holding the latest value of `source`, written at most once per animation frame.
 *
 * Angular renders after every task that wrote a signal a template reads, and each WebSocket message is a task
 * of its own: a signal written per message renders per message. Coalescing to frames renders at most once per
 * frame, which is all a screen can show; a hidden tab (no frames) does no work until it is shown again.
 */
export function frameCoalescedSignal<T>(source: Observable<T>, initialValue: T, destroyRef: DestroyRef, zone: NgZone, scheduleFrame: FrameScheduler): Signal<T> {
  const value = signal(initialValue);
  const coalescer = frameCoalescer<T>((latest) => value.set(latest), scheduleFrame, zone);
  const subscription = source.subscribe((latest) => coalescer.push(latest));
  destroyRef.onDestroy(() => {
    subscription.unsubscribe();
    coalescer.cancel();
  });
  return value.asReadonly();
}
