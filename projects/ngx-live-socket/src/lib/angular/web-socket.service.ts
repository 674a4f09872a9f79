import { DOCUMENT, isPlatformBrowser } from '@angular/common';
import { DestroyRef, Injectable, Injector, NgZone, PLATFORM_ID, type Signal, inject, runInInjectionContext, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ConnectionState } from '../core/connection-state';
import { browserConnectivityEvents, noConnectivityEvents } from '../core/connectivity-events';
import { type ConnectionStats, INITIAL_CONNECTION_STATS } from '../core/connection-stats';
import type { OutgoingFrame } from '../core/heartbeat';
import { SocketClient } from '../core/socket-client';
import type { WebSocketError } from '../core/web-socket-error';
import { WEB_SOCKET_FACTORY, ɵWEB_SOCKET_CLOCK, ɵWEB_SOCKET_RANDOM } from './seams';
import { WEB_SOCKET_CONFIG } from './web-socket-config';
import { ɵHEARTBEAT_POLICY } from './with-heartbeat';
import { ɵRECONNECT_POLICY } from './with-reconnect';

function missingProvider(): never {
  throw new Error(
    'ngx-live-socket: no WebSocket connection is configured. Add provideWebSocket({ url }) to your ' +
      'application providers (app.config.ts).',
  );
}

/**
 * The app's WebSocket connection, configured by {@link provideWebSocket}.
 *
 * It connects when first injected (unless `autoConnect: false`), reconnects and watches liveness as the
 * features say, and is closed when its injector is destroyed. On the server platform it never connects and
 * starts no timer, so SSR and hydration are not held up.
 *
 * Socket events and timers run outside NgZone: an incoming frame does not run change detection by itself;
 * what the app puts in a signal or the template does.
 *
 * @usageNotes
 * ```ts
 * export class StatusComponent {
 *   private readonly socket = inject(WebSocketService);
 *   readonly state = this.socket.state;          // Signal<'idle' | 'connecting' | 'open' | ...>
 *   readonly rtt = computed(() => this.socket.stats().lastRttMs);
 *   constructor() {
 *     this.socket.messages$.pipe(takeUntilDestroyed()).subscribe((frame) => console.log(frame));
 *   }
 *   hello() { this.socket.send(JSON.stringify({ type: 'hello' })); }
 * }
 * ```
 */
@Injectable({ providedIn: 'root', useFactory: missingProvider })
export class WebSocketService {
  private readonly zone = inject(NgZone);
  private readonly isBrowser = isPlatformBrowser(inject(PLATFORM_ID));
  private readonly client: SocketClient;
  private readonly stateSignal = signal<ConnectionState>('idle');
  private readonly statsSignal = signal<ConnectionStats>(INITIAL_CONNECTION_STATS);

  /** The connection state as a signal. */
  readonly state: Signal<ConnectionState> = this.stateSignal.asReadonly();
  /** Reconnect count, last heartbeat round trip, last close code and reason, next retry time. */
  readonly stats: Signal<ConnectionStats> = this.statsSignal.asReadonly();
  /** The connection state as an observable; replays the current state. */
  readonly state$: Observable<ConnectionState>;
  /** The counters as an observable; replays the current ones. */
  readonly stats$: Observable<ConnectionStats>;
  /** Every incoming frame except heartbeat pongs, as the socket delivered it. Emits outside NgZone. */
  readonly messages$: Observable<unknown>;
  /** What went wrong, as it happens: failed attempts, dead links, refused sends. Never thrown. */
  readonly errors$: Observable<WebSocketError>;

  constructor() {
    const config = inject(WEB_SOCKET_CONFIG);
    const document = inject(DOCUMENT);
    // The app's hooks may inject() (a token service, say), also when a reconnect calls them much later.
    const injector = inject(Injector);
    const inInjectionContext =
      <A extends unknown[], R>(hook: (...args: A) => R) =>
      (...args: A): R =>
        runInInjectionContext(injector, () => hook(...args));
    const reconnect = inject(ɵRECONNECT_POLICY, { optional: true });
    this.client = new SocketClient({
      // The server platform never connects, so its URL is neither resolved nor checked there.
      url: !this.isBrowser ? () => '' : typeof config.url === 'function' ? inInjectionContext(config.url) : config.url,
      protocols: config.protocols,
      binaryType: config.binaryType,
      connectTimeoutMs: config.connectTimeoutMs,
      baseUrl: this.isBrowser ? document.baseURI : undefined,
      reconnect: reconnect?.onAuthFailure ? { ...reconnect, onAuthFailure: inInjectionContext(reconnect.onAuthFailure) } : reconnect,
      heartbeat: inject(ɵHEARTBEAT_POLICY, { optional: true }),
      webSocketFactory: inject(WEB_SOCKET_FACTORY),
      clock: inject(ɵWEB_SOCKET_CLOCK),
      random: inject(ɵWEB_SOCKET_RANDOM),
      connectivity: this.isBrowser ? browserConnectivityEvents(document) : noConnectivityEvents,
    });
    this.state$ = this.client.state$;
    this.stats$ = this.client.stats$;
    this.messages$ = this.client.messages$;
    this.errors$ = this.client.errors$;
    this.client.state$.subscribe((state) => this.stateSignal.set(state));
    this.client.stats$.subscribe((stats) => this.statsSignal.set(stats));
    inject(DestroyRef).onDestroy(() => this.client.dispose());
    if (config.autoConnect !== false) {
      this.connect();
    }
  }

  /** Opens the connection (a no-op while connecting, open or reconnecting, and on the server platform). */
  connect(): void {
    if (this.isBrowser) {
      // Socket events and timers are registered here; outside the zone they never trigger change detection.
      this.zone.runOutsideAngular(() => this.client.connect());
    }
  }

  /**
   * Closes the connection without reconnecting. `code` must be 1000 or 3000-4999 and `reason` at most
   * 123 UTF-8 bytes; anything else throws a `WebSocketArgumentError` at once and changes nothing.
   */
  close(code?: number, reason?: string): void {
    this.client.close(code, reason);
  }

  /**
   * Sends a raw frame. Returns `false` when the link is not open; the frame is then not sent and a
   * `send-failed` error is reported on `errors$`.
   */
  send(frame: OutgoingFrame): boolean {
    return this.client.send(frame);
  }
}
