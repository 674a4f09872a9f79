import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { combineLatest, pairwise, startWith } from 'rxjs';
import { DEMO_SOCKET } from '../live/demo-socket';
import { type LogLine, describeChange } from './connection-log';
import { RttSparklineComponent } from './rtt-sparkline.component';
import { addSample, isRoundTrip } from './rtt-samples';

/** How many lines the reconnect log keeps. */
const MAX_LOG_LINES = 20;

/** The close code and reason "Go offline" uses: an app close, so the library does not reconnect. */
export const OFFLINE_CLOSE_CODE = 4000;
export const OFFLINE_CLOSE_REASON = 'offline (demo)';
/**
 * Makes the server cut this very link without a close frame. Sent raw, never with `send()`: a queued
 * message would wait for the next link and, with acks, be sent again after every reconnect, dropping each
 * new link in turn.
 */
export const DROP_FRAME = JSON.stringify({ type: 'debug.drop' });

interface LogEntry extends LogLine {
  readonly id: number;
  readonly at: number;
}

/** What the panel calls each transport (`stats().transport`); `none` before the first link opened. */
const TRANSPORT_NAMES = { websocket: 'WebSocket', http: 'HTTP', none: '—' } as const;

/**
 * The connection as a visitor can watch it: state, heartbeat round trips, the reconnect log with close
 * codes, and buttons that break the link on purpose (a real drop by the server, or going offline).
 */
@Component({
  selector: 'app-connection-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RttSparklineComponent],
  template: `
    <section class="panel" aria-labelledby="connection-title">
      <h2 id="connection-title">Connection</h2>
      <p class="state" [attr.data-state]="state()">
        <span class="dot" aria-hidden="true"></span>
        <strong data-testid="state">{{ state() }}</strong>
      </p>

      <dl class="figures">
        <div>
          <dt>Round trip</dt>
          <dd data-testid="rtt">{{ rttText() }}</dd>
        </div>
        <div>
          <dt>Transport</dt>
          <dd data-testid="connection-transport">{{ transportText() }}</dd>
        </div>
        @if (tabRole(); as role) {
          <div>
            <dt>This tab</dt>
            <dd data-testid="tab-role" [attr.title]="aloneReason()">{{ role }}</dd>
          </div>
        }
        @if (sharedTabs() !== undefined) {
          <div>
            <dt>Tabs sharing</dt>
            <dd data-testid="shared-tabs">{{ sharedTabs() }}</dd>
          </div>
        }
        <div>
          <dt>Reconnects</dt>
          <dd data-testid="reconnects">{{ socket.stats().reconnects }}</dd>
        </div>
        <div>
          <dt>Queued</dt>
          <dd data-testid="queue-depth">{{ socket.stats().queuedMessages }}</dd>
        </div>
      </dl>
      <app-rtt-sparkline [samples]="rttSamples()" />

      <div class="actions">
        <button type="button" data-testid="drop" [disabled]="state() !== 'open'" (click)="drop()">Drop connection</button>
        <button type="button" data-testid="offline-toggle" [attr.aria-pressed]="offline()" (click)="toggleOffline()">
          {{ offline() ? 'Go online' : 'Go offline' }}
        </button>
      </div>
      <p class="hint">
        <strong>Drop</strong> asks the server to cut this link without a close frame (1006): watch it reconnect.
        <strong>Go offline</strong> closes it yourself ({{ offlineCode }}): no reconnect until you go online.
        <strong>Queued</strong> counts the messages waiting for a link or for the server's ack.
        @if (tabRole() !== undefined) {
          The tabs of this browser share one link: the <strong>leader</strong> holds it for the
          <strong>followers</strong>, and another tab takes over when it closes. Drop in any tab drops it for all.
        }
      </p>

      <h3 id="log-title">Reconnect log</h3>
      <ol class="log" aria-labelledby="log-title" aria-live="polite" data-testid="reconnect-log">
        @for (entry of log(); track entry.id) {
          <li [attr.data-kind]="entry.kind">
            <time [attr.datetime]="entry.at | date: 'yyyy-MM-ddTHH:mm:ss'">{{ entry.at | date: 'HH:mm:ss' }}</time>
            <span>{{ entry.text }}</span>
          </li>
        } @empty {
          <li class="empty">Nothing yet.</li>
        }
      </ol>
    </section>
  `,
  styleUrl: './connection-panel.component.css',
})
export class ConnectionPanelComponent {
  protected readonly socket = inject(DEMO_SOCKET);

  protected readonly state = this.socket.state;
  protected readonly offline = computed(() => this.state() === 'closed' || this.state() === 'idle');
  protected readonly offlineCode = OFFLINE_CLOSE_CODE;
  protected readonly rttText = computed(() => {
    const rtt = this.socket.stats().lastRttMs;
    return rtt === null ? 'measuring…' : `${rtt} ms`;
  });

  protected readonly transportText = computed(() => TRANSPORT_NAMES[this.socket.stats().transport ?? 'none']);
  /** With a shared connection only: this tab's part in it, and how many tabs share it (this one included). */
  protected readonly tabRole = computed(() => this.socket.stats().tabRole);
  protected readonly sharedTabs = computed(() => this.socket.stats().sharedTabs);
  /** Why a tab that was asked to share holds its own link (the browser lacks Web Locks or BroadcastChannel). */
  protected readonly aloneReason = computed(() => {
    const reason = this.socket.stats().sharedFallback;
    return reason ? `not shared: ${reason === 'no-locks' ? 'no Web Locks' : 'no BroadcastChannel'} in this browser` : null;
  });

  private readonly logEntries = signal<LogEntry[]>([]);
  /** Newest first. */
  protected readonly log = this.logEntries.asReadonly();
  private readonly rttSampleList = signal<number[]>([]);
  protected readonly rttSamples = this.rttSampleList.asReadonly();

  constructor() {
    let lastLogId = 0;
    combineLatest({ state: this.socket.state$, stats: this.socket.stats$ })
      .pipe(startWith(null), pairwise(), takeUntilDestroyed())
      .subscribe(([previous, next]) => {
        const snapshot = next!; // only the seed of pairwise() is null
        const line = describeChange(previous, snapshot, Date.now());
        if (line !== null) {
          this.logEntries.update((entries) => [{ ...line, id: ++lastLogId, at: Date.now() }, ...entries].slice(0, MAX_LOG_LINES));
        }
        if (previous !== null && isRoundTrip(previous.stats, snapshot.stats)) {
          this.rttSampleList.update((samples) => addSample(samples, snapshot.stats.lastRttMs as number));
        }
      });
  }

  protected drop(): void {
    this.socket.sendRaw(DROP_FRAME);
  }

  protected toggleOffline(): void {
    if (this.offline()) {
      this.socket.connect();
    } else {
      this.socket.close(OFFLINE_CLOSE_CODE, OFFLINE_CLOSE_REASON);
    }
  }
}
