import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { WebSocketService } from 'ngx-live-socket';

/** Skeleton shell: shows the live connection state. The counter and chat pages come with the demo issue. */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main>
      <h1>ngx-live-socket demo</h1>
      <p>Connection: <strong data-testid="state">{{ socket.state() }}</strong></p>
      <p>Round trip: <span data-testid="rtt">{{ rtt() }}</span></p>
    </main>
  `,
  styles: `
    main {
      max-width: 40rem;
      margin: 2rem auto;
      padding: 0 1rem;
    }
  `,
})
export class AppComponent {
  protected readonly socket = inject(WebSocketService);
  protected readonly rtt = computed(() => {
    const rtt = this.socket.stats().lastRttMs;
    return rtt === null ? 'not measured yet' : `${rtt} ms`;
  });
}
