import {
  DestroyRef,
  type Injector,
  NgZone,
  type ProviderToken,
  type Resource,
  type ResourceSnapshot,
  type ResourceStatus,
  type Signal,
  assertInInjectionContext,
  computed,
  inject,
  signal,
  untracked,
} from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import { type IncomingEnvelope, type IncomingPayload, type IncomingType, type SocketProtocol, WebSocketArgumentError } from 'ngx-live-socket/core';
import { type FrameCoalescer, frameCoalescer } from './frame-coalesced-signal';
import { type FrameScheduler, ɵWEB_SOCKET_FRAME_SCHEDULER } from './frame-scheduler';
import type { WebSocketService } from './web-socket.service';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * The latest message of a type or a channel as an Angular {@link Resource}, `T` including `undefined` (no
 * message yet): `loading` until the first message, then `resolved` with it (`value()`); `error` when the
 * connection closed and will not reconnect by itself; `reload()` subscribes again (and connects again after a
 * close). Made by {@link messageResource} and {@link channelResource}.
 *
 * It is a plain `Resource`, so everything written for `resource()`/`rxResource()` reads it (`hasValue()`,
 * `isLoading()`, `snapshot()`), but unlike a `stream` resource it never holds the application unstable while it
 * waits: a message may never come, and SSR, hydration and `whenStable()` must not wait for one.
 */
export interface SocketResource<T> extends Resource<T> {
  /** Whether a message has arrived and no error came since; narrows `value()` to exclude `undefined`. */
  hasValue(this: T extends undefined ? this : never): this is SocketResource<Exclude<T, undefined>>;
  hasValue(): boolean;
  /**
   * Subscribes again (a channel sends `unsub` and `sub`), and connects again if the connection closed. The
   * value is kept, status `reloading`, until the next message. Returns `false` once destroyed.
   */
  reload(): boolean;
  /** Unsubscribes for good; the resource goes `idle` with no value. Done by itself when its injector is destroyed. */
  destroy(): void;
}

/** Where a resource is made: `{ injector }`, or the injection context of the call. */
export interface SocketResourceOptions {
  /** The injector whose end destroys the resource; needed outside an injection context. */
  readonly injector?: Injector;
}

/**
 * The latest payload of one incoming message type as an Angular `Resource`, typed by the connection's
 * protocol: `loading` until the first message, then `resolved` with the latest (written at most once per
 * animation frame, as `latest(type)` is); `error` when the connection closed and will not reconnect;
 * `reload()` subscribes again. Nothing subscribes, and with `autoConnect: false` nothing connects, until
 * something reads it; it never holds the app unstable, so SSR, hydration and `whenStable()` do not wait for a
 * message. Call it in an injection context or pass `{ injector }`; it stops with that injector. A function
 * rather than a service method, so an app that uses no resource does not ship it.
 *
 * @usageNotes
 * ```ts
 * readonly tick = messageResource(inject(MARKET_SOCKET), 'tick');   // SocketResource<Tick | undefined>
 * // @if (tick.hasValue()) { {{ tick.value().price }} } @else if (tick.error()) { offline } @else { waiting… }
 * ```
 */
export function messageResource<P extends SocketProtocol, K extends IncomingType<P>>(
  socket: WebSocketService<P>,
  type: K,
  options: SocketResourceOptions = {},
): SocketResource<IncomingPayload<P, K> | undefined> {
  if (typeof type !== 'string' || type === '') {
    throw new WebSocketArgumentError('messageResource type', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(type)} is not allowed; expected a non-empty message type.`);
  }
  return createSocketResource(socket, () => socket.on(type), `messageResource(${JSON.stringify(type)})`, options, messageResource);
}

/**
 * The latest message of one channel as an Angular `Resource`, like {@link messageResource}: the first read
 * sends `sub`, `destroy()` (or the injector's end) sends `unsub`, and `reload()` both.
 */
export function channelResource<P extends SocketProtocol>(
  socket: WebSocketService<P>,
  name: string,
  options: SocketResourceOptions = {},
): SocketResource<IncomingEnvelope<P> | undefined> {
  socket.channel(name); // checks the name now; nothing is subscribed until the first read
  return createSocketResource(socket, () => socket.channel(name), `channelResource(${JSON.stringify(name)})`, options, channelResource);
}

/** What a resource uses of its connection besides the messages (none of it depends on the protocol). */
type ResourceConnection = Pick<WebSocketService, 'connect' | 'state$' | 'stats'>;

function createSocketResource<T>(
  socket: ResourceConnection,
  messages: () => Observable<T>,
  description: string,
  options: SocketResourceOptions,
  caller: Function,
): SocketResource<T | undefined> {
  if (options.injector === undefined) {
    assertInInjectionContext(caller);
  }
  const get = <V>(token: ProviderToken<V>): V => (options.injector ? options.injector.get(token) : inject(token));
  return new LiveSocketResource<T>(socket, messages, description, get(DestroyRef), get(NgZone), get(ɵWEB_SOCKET_FRAME_SCHEDULER));
}

class LiveSocketResource<T> implements SocketResource<T | undefined> {
  readonly #state = signal<ResourceSnapshot<T | undefined>>({ status: 'loading', value: undefined });
  readonly #coalescer: FrameCoalescer<T>;
  #subscriptions: Subscription[] | null = null;
  #destroyed = false;

  readonly snapshot: Signal<ResourceSnapshot<T | undefined>> = computed(() => {
    // Reading is what starts it: a resource nobody reads neither subscribes nor connects.
    if (this.#subscriptions === null && !this.#destroyed) {
      untracked(() => this.#start());
    }
    return this.#state();
  });
  readonly status: Signal<ResourceStatus> = computed(() => this.snapshot().status);
  readonly isLoading: Signal<boolean> = computed(() => ['loading', 'reloading'].includes(this.status()));
  readonly error: Signal<Error | undefined> = computed(() => {
    const snapshot = this.snapshot();
    return snapshot.status === 'error' ? snapshot.error : undefined;
  });
  /** As in Angular's resources, reading the value of a resource in `error` throws that error: check `hasValue()`. */
  readonly value: Signal<T | undefined> = computed(() => {
    const snapshot = this.snapshot();
    if (snapshot.status === 'error') {
      throw snapshot.error;
    }
    return snapshot.value;
  });

  readonly #socket: ResourceConnection;
  readonly #messages: () => Observable<T>;
  readonly #description: string;

  constructor(
    socket: ResourceConnection,
    messages: () => Observable<T>,
    description: string,
    destroyRef: DestroyRef,
    zone: NgZone,
    scheduleFrame: FrameScheduler,
  ) {
    this.#socket = socket;
    this.#messages = messages;
    this.#description = description;
    // Messages are written at most once per frame, as latest(type) does: one render per frame, not per message.
    this.#coalescer = frameCoalescer<T>((value) => this.#state.set({ status: 'resolved', value }), scheduleFrame, zone);
    destroyRef.onDestroy(() => this.destroy());
  }

  hasValue(this: T | undefined extends undefined ? this : never): this is SocketResource<Exclude<T | undefined, undefined>>;
  hasValue(): boolean;
  hasValue(): boolean {
    const snapshot = this.snapshot();
    return snapshot.status !== 'error' && snapshot.value !== undefined;
  }

  reload(): boolean {
    if (this.#destroyed) {
      return false;
    }
    this.#stop();
    const current = untracked(this.#state);
    const value = current.status === 'error' ? undefined : current.value;
    this.#state.set(value === undefined ? { status: 'loading', value } : { status: 'reloading', value });
    this.#start();
    return true;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#stop();
    this.#state.set({ status: 'idle', value: undefined });
  }

  #start(): void {
    this.#socket.connect();
    this.#subscriptions = [
      this.#messages().subscribe({
        next: (message) => this.#coalescer.push(message),
        error: (error: unknown) => this.#fail(error instanceof Error ? error : new Error(`ngx-live-socket: ${this.#description} failed: ${String(error)}`)),
      }),
      this.#socket.state$.subscribe((state) => {
        if (state === 'closed') {
          const { lastCloseCode, lastCloseReason } = untracked(this.#socket.stats);
          const close = lastCloseCode === null ? '' : ` (code ${lastCloseCode}${lastCloseReason ? `, ${JSON.stringify(lastCloseReason)}` : ''})`;
          this.#fail(new Error(`ngx-live-socket: ${this.#description}: the connection closed${close} and will not reconnect by itself; reload() connects again.`));
        }
      }),
    ];
  }

  #stop(): void {
    this.#subscriptions?.forEach((subscription) => subscription.unsubscribe());
    this.#subscriptions = null;
    this.#coalescer.cancel();
  }

  #fail(error: Error): void {
    this.#coalescer.cancel();
    this.#state.set({ status: 'error', error });
  }
}
