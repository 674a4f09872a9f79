import { InjectionToken } from '@angular/core';

/** Angular's dev-mode flag, `false` in production builds, which then drop token names as Angular's own tokens do. */
declare const ngDevMode: unknown;

/**
 * Runs `callback` once, before the next repaint, and returns a function that cancels it. The seam through
 * which `latest(type)` and message resources coalesce their writes to animation frames; the testing entry
 * point replaces it with frames the test flushes (`WebSocketTestingController.flushFrames()`).
 */
export type FrameScheduler = (callback: () => void) => () => void;

/** `requestAnimationFrame`; where there are no frames (server, some test environments), a 16 ms timer. */
export const animationFrameScheduler: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const handle = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(handle);
  }
  const handle = setTimeout(callback, 16);
  return () => clearTimeout(handle);
};

/** When signals fed by the connection are written. Replaced by the testing entry point. */
export const ɵWEB_SOCKET_FRAME_SCHEDULER = new InjectionToken<FrameScheduler>(typeof ngDevMode === 'undefined' || !!ngDevMode ? 'WEB_SOCKET_FRAME_SCHEDULER' : '', {
  providedIn: 'root',
  factory: () => animationFrameScheduler,
});
