import type { FrameScheduler } from 'ngx-live-socket';

/**
 * Animation frames that come only when the test says so: `latest(type)` and message resources write their
 * signals in a frame, and a test flushes it instead of waiting for a real one (jsdom and Node have none).
 */
export class ManualFrames {
  private waiting = new Set<() => void>();

  readonly schedule: FrameScheduler = (callback) => {
    const entry = () => callback();
    this.waiting.add(entry);
    return () => this.waiting.delete(entry);
  };

  /**
   * Runs every frame callback waiting now, in the order they were requested. One asked for meanwhile waits for
   * the next flush, as a browser puts it in the next frame.
   */
  flush(): void {
    const due = this.waiting;
    this.waiting = new Set();
    due.forEach((callback) => callback());
  }
}
