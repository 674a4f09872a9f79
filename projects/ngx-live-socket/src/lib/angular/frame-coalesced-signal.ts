import { DestroyRef, NgZone, type Signal, signal } from '@angular/core';
import type { Observable } from 'rxjs';

/** Runs a callback before the next repaint; where there are no frames (server, tests), soon after. */
function nextFrame(callback: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(callback, 16);
  return () => clearTimeout(handle);
}

/**
 * A signal holding the latest value of `source`, written at most once per animation frame.
 *
 * Angular renders after every task that wrote a signal a template reads, and each WebSocket message is a task
 * of its own: a signal written per message renders per message. Coalescing to frames renders at most once per
 * frame, which is all a screen can show; a hidden tab (no frames) does no work until it is shown again.
 */
export function frameCoalescedSignal<T>(source: Observable<T>, initialValue: T, destroyRef: DestroyRef, zone: NgZone): Signal<T> {
  const value = signal(initialValue);
  let pending: { latest: T } | null = null;
  let cancelFrame: (() => void) | null = null;
  const flush = () => {
    cancelFrame = null;
    if (pending !== null) {
      value.set(pending.latest);
      pending = null;
    }
  };
  const subscription = source.subscribe((latest) => {
    pending = { latest };
    // Outside the zone: in a zone.js app the frame callback must not trigger a second pass of its own.
    cancelFrame ??= zone.runOutsideAngular(() => nextFrame(flush));
  });
  destroyRef.onDestroy(() => {
    subscription.unsubscribe();
    cancelFrame?.();
  });
  return value.asReadonly();
}
