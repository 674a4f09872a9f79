import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { DEMO_SOCKET } from '../live/demo-socket';
import { CounterStore } from './counter-store';

/** Counter-sync: one number on the server, shared by everyone who has the page open. */
@Component({
  selector: 'app-counter-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Counter</h1>
    <p class="lead">One number on the server, shared by everyone. Open this page in a second window and click.</p>

    <div class="counter" role="group" aria-labelledby="counter-label">
      <span id="counter-label" class="visually-hidden">Shared counter</span>
      <button type="button" class="step" aria-label="Decrease by one" data-testid="counter-minus" [disabled]="!live()" (click)="store.add(-1)">−</button>
      <output class="value" aria-live="polite" data-testid="counter-value">{{ store.value() ?? '…' }}</output>
      <button type="button" class="step" aria-label="Increase by one" data-testid="counter-plus" [disabled]="!live()" (click)="store.add(1)">+</button>
    </div>

    <p class="users" data-testid="users-count">{{ usersText() }}</p>
    @if (!live()) {
      <p class="offline" role="status">The connection is {{ socket.state() }}: the buttons come back with it.</p>
    }
  `,
  styles: `
    h1 {
      margin: 0 0 0.25rem;
    }
    .lead {
      color: var(--muted);
      margin: 0 0 2rem;
    }
    .counter {
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 2rem;
    }
    .step {
      width: 3.5rem;
      height: 3.5rem;
      border-radius: 50%;
      font-size: 1.75rem;
      line-height: 1;
      padding: 0;
    }
    .value {
      min-width: 3ch;
      text-align: center;
      font-size: clamp(3rem, 12vw, 5rem);
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    .users {
      text-align: center;
      color: var(--muted);
      margin-top: 1.5rem;
    }
    .offline {
      text-align: center;
      color: var(--warn);
      font-weight: 600;
    }
  `,
})
export class CounterPageComponent {
  protected readonly store = inject(CounterStore);
  protected readonly socket = inject(DEMO_SOCKET);
  /**
   * The buttons work only on an open link, although the queue would keep clicks made offline: a click
   * answers the value on screen, which is stale while offline, and a burst of queued clicks flushed at
   * once on reconnect could exceed the server's rate limit (60 messages), which closes the link for good.
   */
  protected readonly live = computed(() => this.socket.state() === 'open');
  protected readonly usersText = computed(() => {
    const users = this.store.users();
    return users === null ? 'Counting who is here…' : users === 1 ? '1 user connected (you)' : `${users} users connected`;
  });
}
