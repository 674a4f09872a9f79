import { DestroyRef, NgZone, type Resource, type ResourceSnapshot, type ResourceStatus, type Signal, computed, signal, untracked } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import type { ConnectionState } from '../core/connection-state';
import type { ConnectionStats } from '../core/connection-stats';
import { type FrameCoalescer, frameCoalescer } from './frame-coalesced-signal';
import type { FrameScheduler } from './frame-scheduler';

/**
 * The latest message of a type or a channel as an Angular {@link Resource}, `T` including `undefined` (no
 * message yet): `loading` until the first message, then `resolved` with it (`value()`); `error` when the
 * connection closed and will not reconnect by itself; `reload()` subscribes again (and connects again after a
 * close). Made by `WebSocketService.resource(type)` and `WebSocketService.channelResource(name)`.
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

/** What a {@link SocketResource} needs of its connection. */
export interface SocketResourceSource<T> {
  /** The messages, subscribed to on the first read and again on each reload. */
  readonly messages: () => Observable<T>;
  /** Opens the connection (a no-op while it is open or opening, and on the server). */
  readonly connect: () => void;
  readonly state$: Observable<ConnectionState>;
  readonly stats: () => ConnectionStats;
  /** `on('chat.message')` or `channel('room:42')`: how error messages name the resource. */
  readonly description: string;
}

/**
 * Builds a {@link SocketResource}. Nothing is subscribed (and, with `autoConnect: false`, nothing connects)
 * until something reads one of its signals.
 */
export function ɵsocketResource<T>(source: SocketResourceSource<T>, destroyRef: DestroyRef, zone: NgZone, scheduleFrame: FrameScheduler): SocketResource<T | undefined> {
  return new LiveSocketResource(source, destroyRef, zone, scheduleFrame);
}

class LiveSocketResource<T> implements SocketResource<T | undefined> {
  private readonly state = signal<ResourceSnapshot<T | undefined>>({ status: 'loading', value: undefined });
  private readonly coalescer: FrameCoalescer<T>;
  private subscriptions: Subscription[] | null = null;
  private destroyed = false;

  readonly snapshot: Signal<ResourceSnapshot<T | undefined>> = computed(() => {
    // Reading is what starts it: a resource nobody reads neither subscribes nor connects.
    if (this.subscriptions === null && !this.destroyed) {
      untracked(() => this.start());
    }
    return this.state();
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

  constructor(
    private readonly source: SocketResourceSource<T>,
    destroyRef: DestroyRef,
    zone: NgZone,
    scheduleFrame: FrameScheduler,
  ) {
    // Messages are written at most once per frame, as latest(type) does: one render per frame, not per message.
    this.coalescer = frameCoalescer<T>((value) => this.state.set({ status: 'resolved', value }), scheduleFrame, zone);
    destroyRef.onDestroy(() => this.destroy());
  }

  hasValue(this: T | undefined extends undefined ? this : never): this is SocketResource<Exclude<T | undefined, undefined>>;
  hasValue(): boolean;
  hasValue(): boolean {
    const snapshot = this.snapshot();
    return snapshot.status !== 'error' && snapshot.value !== undefined;
  }

  reload(): boolean {
    if (this.destroyed) {
      return false;
    }
    this.stop();
    const current = untracked(this.state);
    const value = current.status === 'error' ? undefined : current.value;
    this.state.set(value === undefined ? { status: 'loading', value } : { status: 'reloading', value });
    this.start();
    return true;
  }

  destroy(): void {
    this.destroyed = true;
    this.stop();
    this.state.set({ status: 'idle', value: undefined });
  }

  private start(): void {
    this.source.connect();
    this.subscriptions = [
      this.source.messages().subscribe({
        next: (message) => this.coalescer.push(message),
        error: (error: unknown) => this.fail(error instanceof Error ? error : new Error(`ngx-live-socket: ${this.source.description} failed: ${String(error)}`)),
      }),
      this.source.state$.subscribe((state) => {
        if (state === 'closed') {
          const { lastCloseCode, lastCloseReason } = this.source.stats();
          const close = lastCloseCode === null ? '' : ` (code ${lastCloseCode}${lastCloseReason ? `, ${JSON.stringify(lastCloseReason)}` : ''})`;
          this.fail(new Error(`ngx-live-socket: ${this.source.description}: the connection closed${close} and will not reconnect by itself; reload() connects again.`));
        }
      }),
    ];
  }

  private stop(): void {
    this.subscriptions?.forEach((subscription) => subscription.unsubscribe());
    this.subscriptions = null;
    this.coalescer.cancel();
  }

  private fail(error: Error): void {
    this.coalescer.cancel();
    this.state.set({ status: 'error', error });
  }
}
