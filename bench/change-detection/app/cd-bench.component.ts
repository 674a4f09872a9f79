import { ChangeDetectionStrategy, Component, afterEveryRender, signal } from '@angular/core';
import { type Subscription, animationFrameScheduler, auditTime, tap } from 'rxjs';
import { injectWebSocket } from 'ngx-live-socket';
import type { TickerProtocol } from './ticker-protocol';

/**
 * How a subscriber uses incoming ticks: `unbound` keeps them in a plain field, `signal` writes a signal the
 * template shows, `frame` writes that signal at most once per animation frame (rxjs `auditTime` on the
 * animation-frame scheduler), the app-side way to coalesce.
 */
export type ListenMode = 'unbound' | 'signal' | 'frame';

/** What the bench page drives from outside Angular (`window.cdBench`). */
export interface CdBenchControls {
  state(): string;
  listen(mode: ListenMode): void;
  stop(): void;
  requestTicks(count: number, durationMs: number): void;
  /** Render passes (`afterEveryRender` calls) so far. */
  renders(): number;
  /** Ticks that reached the subscriber so far. */
  delivered(): number;
}

/**
 * The change-detection bench app: a component that uses the library like the demo does (the service, a
 * signal bound in an OnPush template) and counts Angular's render passes.
 */
@Component({
  selector: 'cd-bench',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p>Connection: {{ socket.state() }}</p>
    <p>Last price: {{ price() }}</p>`,
})
export class CdBenchComponent {
  protected readonly socket = injectWebSocket<TickerProtocol>();
  protected readonly price = signal(0);
  private renderCount = 0;
  private deliveredCount = 0;
  private lastUnboundPrice = 0;
  private subscription: Subscription | null = null;

  constructor() {
    afterEveryRender(() => this.renderCount++);
    const controls: CdBenchControls = {
      state: () => this.socket.state(),
      listen: (mode) => this.listen(mode),
      stop: () => this.subscription?.unsubscribe(),
      requestTicks: (count, durationMs) => this.socket.send('bench.paced', { count, durationMs }),
      renders: () => this.renderCount,
      delivered: () => this.deliveredCount,
    };
    (globalThis as { cdBench?: CdBenchControls }).cdBench = controls;
  }

  private listen(mode: ListenMode): void {
    this.subscription?.unsubscribe();
    this.deliveredCount = 0;
    const ticks = this.socket.on('tick').pipe(tap(() => this.deliveredCount++));
    if (mode === 'unbound') {
      this.subscription = ticks.subscribe(({ price }) => (this.lastUnboundPrice = price));
    } else if (mode === 'signal') {
      this.subscription = ticks.subscribe(({ price }) => this.price.set(price));
    } else {
      this.subscription = ticks.pipe(auditTime(0, animationFrameScheduler)).subscribe(({ price }) => this.price.set(price));
    }
  }
}
