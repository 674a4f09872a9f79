import { ChangeDetectionStrategy, Component, EnvironmentInjector, type Signal, afterEveryRender, createEnvironmentInjector, inject, signal } from '@angular/core';
import { type Subscription, tap } from 'rxjs';
import { injectWebSocket } from 'ngx-live-socket';
import type { TickerProtocol } from './ticker-protocol';

/**
 * How a subscriber uses incoming ticks: `unbound` keeps them in a plain field, `signal` writes a signal the
 * template shows, `frame` binds the library's `latest('tick')` signal, written at most once per animation frame.
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
    <p>Last price: {{ price() }}</p>
    <p>Latest price: {{ latestTick()?.()?.price }}</p>`,
})
export class CdBenchComponent {
  protected readonly socket = injectWebSocket<TickerProtocol>();
  protected readonly price = signal(0);
  /** The `latest('tick')` signal of the current `frame` run; its injector ends it with the run. */
  protected readonly latestTick = signal<Signal<{ price: number } | undefined> | null>(null);
  private readonly environment = inject(EnvironmentInjector);
  private latestScope: EnvironmentInjector | null = null;
  private renderCount = 0;
  private deliveredCount = 0;
  private lastUnboundPrice = 0;
  private subscription: Subscription | null = null;

  constructor() {
    afterEveryRender(() => this.renderCount++);
    const controls: CdBenchControls = {
      state: () => this.socket.state(),
      listen: (mode) => this.listen(mode),
      stop: () => this.stop(),
      requestTicks: (count, durationMs) => this.socket.send('bench.paced', { count, durationMs }),
      renders: () => this.renderCount,
      delivered: () => this.deliveredCount,
    };
    (globalThis as { cdBench?: CdBenchControls }).cdBench = controls;
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.latestScope?.destroy();
    this.latestScope = null;
    this.latestTick.set(null);
  }

  private listen(mode: ListenMode): void {
    this.stop();
    this.deliveredCount = 0;
    const ticks = this.socket.on('tick').pipe(tap(() => this.deliveredCount++));
    if (mode === 'unbound') {
      this.subscription = ticks.subscribe(({ price }) => (this.lastUnboundPrice = price));
    } else if (mode === 'signal') {
      this.subscription = ticks.subscribe(({ price }) => this.price.set(price));
    } else {
      this.subscription = ticks.subscribe(); // counts deliveries only; the template reads latest()
      this.latestScope = createEnvironmentInjector([], this.environment);
      this.latestTick.set(this.socket.latest('tick', { injector: this.latestScope }));
    }
  }
}
