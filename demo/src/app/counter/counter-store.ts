import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { DEMO_SOCKET } from '../live/demo-socket';

/**
 * The shared counter and how many people are connected, as the server last said. Created at start-up (see
 * app.config.ts) so the values the server sends on connect are kept even before the page is shown.
 */
@Injectable({ providedIn: 'root' })
export class CounterStore {
  private readonly socket = inject(DEMO_SOCKET);
  private readonly valueSignal = signal<number | null>(null);
  private readonly usersSignal = signal<number | null>(null);

  /** `null` until the server has told us. */
  readonly value = this.valueSignal.asReadonly();
  /** Connected clients, this one included; `null` until the server has told us. */
  readonly users = this.usersSignal.asReadonly();

  constructor() {
    this.socket
      .on('counter.state')
      .pipe(takeUntilDestroyed())
      .subscribe(({ value }) => this.valueSignal.set(value));
    this.socket
      .on('presence.count')
      .pipe(takeUntilDestroyed())
      .subscribe(({ users }) => this.usersSignal.set(users));
  }

  /** Asks the server to change the value; everyone (us included) then gets the new one. */
  add(delta: 1 | -1): void {
    this.socket.send('counter.add', { delta });
  }
}
