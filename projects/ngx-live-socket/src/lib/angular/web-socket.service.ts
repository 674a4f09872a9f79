import { DOCUMENT, isPlatformBrowser } from '@angular/common';
import { DestroyRef, Injectable, Injector, NgZone, PLATFORM_ID, type Signal, assertInInjectionContext, inject, runInInjectionContext, signal } from '@angular/core';
import type { Observable, Observer, Subscribable, Subscription } from 'rxjs';
import { type ConnectionState, type Envelope, type IncomingEnvelope, type IncomingPayload, type IncomingType, type LiveSocketStats, type MessagingClientOptions, type MessagingParts, type OutgoingFrame, type OutgoingPayload, type OutgoingType, type PayloadArgument, type ReplyPayload, type RequestOptions, type RequestPayload, type RequestType, type SendHandle, type SocketProtocol, type UntypedProtocol, type WebSocketError, type ɵLiveSocketCore, ɵbrowserConnectivityEvents as browserConnectivityEvents, ɵINITIAL_LIVE_SOCKET_STATS as INITIAL_LIVE_SOCKET_STATS, ɵlibraryMessage as libraryMessage, ɵnoConnectivityEvents as noConnectivityEvents, ɵMessagingCore } from 'ngx-live-socket/core';
import { frameCoalescedSignal } from './frame-coalesced-signal';
import { ɵWEB_SOCKET_FRAME_SCHEDULER } from './frame-scheduler';
import { WEB_SOCKET_FACTORY, ɵWEB_SOCKET_CLOCK, ɵWEB_SOCKET_RANDOM } from './seams';
import { WEB_SOCKET_CONFIG, ɵWEB_SOCKET_NAME } from './web-socket-config';
import { ɵWEB_SOCKET_FEATURES } from './web-socket-feature';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

function missingProvider(): never {
  throw new Error(
    libraryMessage(
      typeof ngDevMode === 'undefined' || !!ngDevMode
        ? 'no WebSocket connection is configured. Add provideWebSocket({ url }) to your application providers (app.config.ts).'
        : 'NLS501 not configured (see docs/errors.md)',
    ),
  );
}

/**
 * The app's WebSocket connection, configured by {@link provideWebSocket}; typed by the protocol `P` the app
 * describes once (see {@link SocketProtocol} and {@link createWebSocketToken}).
 *
 * It connects when first injected (unless `autoConnect: false`), reconnects, watches liveness, queues and
 * delivers as the features say, and is closed when its injector is destroyed. On the server platform it
 * never connects and starts no timer, so SSR and hydration are not held up.
 *
 * Socket events and timers run outside NgZone: an incoming message does not run change detection by itself;
 * what the app puts in a signal or the template does.
 *
 * It is an RxJS Subject at heart, like rxjs `webSocket()`: `next()` sends, `subscribe()` receives every
 * incoming message, `multiplex()` works as there.
 *
 * @usageNotes
 * ```ts
 * export class ChatComponent {
 *   private readonly socket = inject(CHAT_SOCKET);              // WebSocketService<ChatProtocol>
 *   readonly messages = toSignal(this.socket.on('chat.message').pipe(scan((all, m) => [...all, m], [] as ChatMessage[])), { initialValue: [] });
 *   readonly state = this.socket.state;
 *   send(text: string) { this.socket.send('chat.send', { text }); }  // payload type-checked
 *   join(name: string) { return this.socket.request('chat.join', { name }, { timeoutMs: 5_000 }); }
 * }
 * ```
 */
@Injectable({ providedIn: 'root', useFactory: missingProvider })
export class WebSocketService<P extends SocketProtocol = UntypedProtocol> implements Subscribable<IncomingEnvelope<P>>, Observer<Envelope> {
  readonly #zone = inject(NgZone);
  readonly #scheduleFrame = inject(ɵWEB_SOCKET_FRAME_SCHEDULER);
  readonly #isBrowser = isPlatformBrowser(inject(PLATFORM_ID));
  readonly #client: ɵLiveSocketCore<P>;
  readonly #stateSignal = signal<ConnectionState>('idle');
  readonly #statsSignal = signal<LiveSocketStats>(INITIAL_LIVE_SOCKET_STATS);

  /** The connection state as a signal. */
  readonly state: Signal<ConnectionState> = this.#stateSignal.asReadonly();
  /**
   * Counters as a signal: reconnects, last heartbeat round trip, last close code/reason, next retry, queue
   * depth and bytes, dropped, malformed, unhandled and duplicate messages. Changes on connection events and
   * app sends, never per incoming message.
   */
  readonly stats: Signal<LiveSocketStats> = this.#statsSignal.asReadonly();
  /** The connection state as an observable; replays the current state. */
  readonly state$: Observable<ConnectionState>;
  /** The counters as an observable; replays the current ones. */
  readonly stats$: Observable<LiveSocketStats>;
  /** Every incoming frame as delivered, except heartbeat pongs (the raw stream). Emits outside NgZone. */
  readonly messages$: Observable<unknown>;
  /** Every incoming message, decoded. Emits outside NgZone. */
  readonly incoming$: Observable<IncomingEnvelope<P>>;
  /** Binary frames, untouched. */
  readonly binary$: Observable<ArrayBuffer | Blob>;
  /** What went wrong, as it happens; never thrown. Errors from before the first subscriber are kept for it. */
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
    // Each feature's options and the code that runs them: only what the app provided is in its bundle.
    const features = inject(ɵWEB_SOCKET_FEATURES);
    const name = inject(ɵWEB_SOCKET_NAME);
    const featureOptions: Partial<MessagingClientOptions> = Object.assign({}, ...features.map((feature) => feature.options));
    const parts: MessagingParts = Object.assign({}, ...features.map((feature) => feature.parts));
    const options: MessagingClientOptions = {
      ...featureOptions,
      // The server platform never connects, so its URL is neither resolved nor checked there.
      url: !this.#isBrowser ? () => '' : typeof config.url === 'function' ? inInjectionContext(config.url) : config.url,
      protocols: config.protocols,
      binaryType: config.binaryType,
      connectTimeoutMs: config.connectTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      baseUrl: this.#isBrowser ? document.baseURI : undefined,
      requireTls: config.requireTls,
      // Nothing is restored from storage on the server: there is no page reload to survive there.
      queue: this.#isBrowser && featureOptions.queue ? { ...featureOptions.queue, persist: features.find((feature) => feature.persist)?.persist ?? false } : null,
      storageKey: `ngx-live-socket:queue:${name}`,
      webSocketFactory: inject(WEB_SOCKET_FACTORY),
      clock: inject(ɵWEB_SOCKET_CLOCK),
      random: inject(ɵWEB_SOCKET_RANDOM),
      connectivity: this.#isBrowser ? browserConnectivityEvents(document) : noConnectivityEvents,
    };
    // Tabs share a connection only in the browser: the server platform never connects.
    const shared = this.#isBrowser ? features.find((feature) => feature.shared)?.shared : undefined;
    // A shared tab listens to its channel and locks from the start: outside the zone, as its socket events are,
    // so another tab's post never runs change detection by itself.
    this.#client = ((shared && this.#zone.runOutsideAngular(() => shared(options, parts, name))) ?? new ɵMessagingCore(options, parts)) as ɵLiveSocketCore<P>;
    this.state$ = this.#client.state$;
    this.stats$ = this.#client.stats$;
    this.messages$ = this.#client.messages$;
    this.incoming$ = this.#client.incoming$;
    this.binary$ = this.#client.binary$;
    this.errors$ = this.#client.errors$;
    this.#client.state$.subscribe((state) => this.#stateSignal.set(state));
    this.#client.stats$.subscribe((stats) => this.#statsSignal.set(stats));
    inject(DestroyRef).onDestroy(() => this.#client.dispose());
    if (config.autoConnect !== false) {
      this.connect();
    }
  }

  /** Opens the connection (a no-op while connecting, open or reconnecting, and on the server platform). */
  connect(): void {
    if (this.#isBrowser) {
      // Socket events and timers are registered here; outside the zone they never trigger change detection.
      this.#zone.runOutsideAngular(() => this.#client.connect());
    }
  }

  /**
   * Closes the connection without reconnecting; queued messages wait for the next `connect()`. `code` must
   * be 1000 or 3000-4999 and `reason` at most 123 UTF-8 bytes; anything else throws a
   * `WebSocketArgumentError` at once and changes nothing.
   */
  close(code?: number, reason?: string): void {
    this.#client.close(code, reason);
  }

  /** The payloads of one incoming message type, typed by the protocol. */
  on<K extends IncomingType<P>>(type: K): Observable<IncomingPayload<P, K>> {
    return this.#client.on(type);
  }

  /**
   * The latest payload of one incoming type as a signal, written at most once per animation frame: bind a
   * high-rate stream (prices, positions, cursors) to a template with at most one render per frame instead of
   * one per message. Call it in an injection context (a field initializer, a constructor) or pass
   * `{ injector }`; it unsubscribes when that injector is destroyed.
   *
   * @usageNotes
   * ```ts
   * readonly tick = inject(MARKET_SOCKET).latest('tick');          // Signal<Tick | undefined>
   * readonly price = computed(() => this.tick()?.price ?? 0);
   * ```
   */
  latest<K extends IncomingType<P>>(type: K, options: { injector?: Injector } = {}): Signal<IncomingPayload<P, K> | undefined> {
    if (options.injector === undefined) {
      assertInInjectionContext(this.latest);
    }
    const destroyRef = options.injector?.get(DestroyRef) ?? inject(DestroyRef);
    return frameCoalescedSignal<IncomingPayload<P, K> | undefined>(this.#client.on(type), undefined, destroyRef, this.#zone, this.#scheduleFrame);
  }

  /** Whole envelopes of one incoming type (with `channel`, `seq`...). */
  envelopesOf<K extends IncomingType<P>>(type: K): Observable<Extract<IncomingEnvelope<P>, { type: K }>> {
    return this.#client.envelopesOf(type);
  }

  /**
   * The messages of one channel. Reference-counted: the first subscriber sends `sub`, the last unsubscribe
   * sends `unsub`, and each active channel is subscribed again after every reconnect.
   */
  channel(name: string): Observable<IncomingEnvelope<P>> {
    return this.#client.channel(name);
  }

  /**
   * Sends one message of the protocol, its payload type-checked. Returns a {@link SendHandle} whose
   * `status$` goes queued -> sent (-> acked with `withDelivery()`), or failed with a reason.
   */
  send<K extends OutgoingType<P>>(type: K, ...payload: PayloadArgument<OutgoingPayload<P, K>>): SendHandle {
    return this.#client.send(type, ...payload);
  }

  /**
   * Sends a request and emits the reply, typed by the protocol's `requests`. Nothing is sent until
   * subscribed; unsubscribing cancels. Fails with a `WebSocketRequestError` (`timeout`, `error-reply`, `not-sent`).
   */
  request<K extends RequestType<P>>(type: K, payload: RequestPayload<P, K>, options?: RequestOptions): Observable<ReplyPayload<P, K>> {
    return this.#client.request(type, payload, options);
  }

  /**
   * Sends a raw frame now, bypassing codec and queue. Returns `false` when the link is not open; the frame
   * is then not sent and `send-failed` is reported on `errors$`.
   */
  sendRaw(frame: OutgoingFrame): boolean {
    return this.#client.sendRaw(frame);
  }

  /** As rxjs `WebSocketSubject.multiplex`: see {@link MessagingClient.multiplex}. */
  multiplex(subscribeMessage: () => Envelope, unsubscribeMessage: () => Envelope, messageFilter: (message: IncomingEnvelope<P>) => boolean): Observable<IncomingEnvelope<P>> {
    return this.#client.multiplex(subscribeMessage, unsubscribeMessage, messageFilter);
  }

  /** Subject-style send: the message goes through the codec and the queue, like rxjs `WebSocketSubject.next`. */
  next(message: Envelope): void {
    this.#client.sendMessage(message);
  }

  /**
   * Subject-style close with an error, as rxjs `WebSocketSubject.error({ code, reason })` does: closes with
   * that code and reason if given, normally otherwise.
   */
  error(error: unknown): void {
    const { code, reason } = (error ?? {}) as { code?: number; reason?: string };
    this.#client.close(typeof code === 'number' ? code : undefined, typeof reason === 'string' ? reason : undefined);
  }

  /** Subject-style close: a normal close (1000), no reconnect. */
  complete(): void {
    this.#client.close();
  }

  /** Subject-style receive: every incoming message (see `incoming$`). */
  subscribe(observer?: Partial<Observer<IncomingEnvelope<P>>> | ((message: IncomingEnvelope<P>) => void)): Subscription {
    return this.incoming$.subscribe(observer);
  }

  /** Every incoming message, as an observable to pipe. */
  asObservable(): Observable<IncomingEnvelope<P>> {
    return this.incoming$;
  }
}
