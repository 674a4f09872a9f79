import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { WebSocketArgumentError } from '../errors/argument-error';
import { type ReconnectOptions, type ReconnectPolicy, nextReconnectDelay, resolveReconnectPolicy } from './backoff';
import { type Clock, type TimerHandle, systemClock } from '../platform/clock';
import { assertValidCloseArguments } from './close-arguments';
import { classifyClose } from './close-classification';
import type { CloseInfo } from './close-info';
import type { ConnectionState } from './connection-state';
import { type ConnectionStats, INITIAL_CONNECTION_STATS } from './connection-stats';
import { type ConnectivityEvents, noConnectivityEvents } from './connectivity-events';
import type { Heartbeat, HeartbeatOptions, createHeartbeat } from '../heartbeat/heartbeat';
import type { HttpFallbackOptions, createHttpFallback } from '../http/http-fallback';
import type { OutgoingFrame } from './outgoing-frame';
import { type RandomSource, mathRandom } from '../platform/random-source';
import { describeError, redactedCause } from '../errors/library-message';
import { type SocketUrlSource, resolveSocketUrl } from './socket-url';
import { redactUrl } from '../errors/url-redaction';
import { SocketLink, type SocketErrorInfo } from './socket-link';
import type { LinkEvent, Transport } from './transport';
import type { SocketBinaryType, TransportKind } from './web-socket-like';
import { GO_ELSEWHERE_CLOSE_CODES, UrlRotation } from './url-rotation';
import { requirePart } from '../errors/missing-part';
import { SubscriberList } from '../platform/subscriber-list';
import { WebSocketError } from '../errors/web-socket-error';
import { type WebSocketFactory, WebSocketUnavailableError, globalWebSocketFactory } from './web-socket-factory';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Everything one connection needs. Only `url` is required; the seams default to the platform's. */
export interface SocketClientOptions {
  readonly url: SocketUrlSource;
  readonly protocols?: string | string[];
  /** How binary frames arrive: `'blob'` (the browser's default) or `'arraybuffer'`. */
  readonly binaryType?: SocketBinaryType;
  /** Base for relative and `http(s):` URLs: the document's base URI in the browser. */
  readonly baseUrl?: string;
  /** Refuse unencrypted `ws:` URLs except to loopback hosts (tokens in the query would travel in clear). */
  readonly requireTls?: boolean;
  /** A handshake that has not finished after this long is abandoned and counts as a failed attempt. */
  readonly connectTimeoutMs?: number;
  /** How to retry after the link drops; `null` (default): a dropped link stays closed. */
  readonly reconnect?: ReconnectOptions | null;
  /** Ping/pong; `null` (default): a half-open link is only noticed when the browser notices it. */
  readonly heartbeat?: HeartbeatOptions | null;
  /**
   * When WebSocket is blocked (a proxy refuses or swallows the upgrade), carry the link over HTTP: a
   * streaming response down, POSTs up (docs/protocol.md). `null` (default): WebSocket only.
   */
  readonly httpFallback?: HttpFallbackOptions | null;
  readonly webSocketFactory?: WebSocketFactory;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly connectivity?: ConnectivityEvents;
}

/**
 * The code of a connection's optional parts: a part not given is not in the bundle (an app without
 * `withHeartbeat()` ships no heartbeat). {@link SocketClient} gives every part.
 */
export interface ConnectionParts {
  readonly heartbeat?: typeof createHeartbeat;
  readonly httpFallback?: typeof createHttpFallback;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The close we record when we drop a link ourselves: no close frame came, as with 1006. */
const ABNORMAL_CLOSE = 1006;
/** Sent to the server when we abandon a link we think is dead (it may still hear us). */
const DEAD_LINK_CLOSE = 4000;

const PROTOCOL_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The WebSocket {@link Transport}: it opens the socket, reconnects with full-jitter backoff when the link
 * drops, watches liveness with the heartbeat (when that part is given), and reports everything as
 * observables. Apps use {@link SocketClient}, which has every part.
 *
 * Nothing here throws into the app after construction except a bad argument to `close()`; failures are
 * reported on `errors$`.
 */
export class SocketConnection implements Transport {
  readonly #stateSubject = new BehaviorSubject<ConnectionState>('idle');
  readonly #statsSubject = new BehaviorSubject<ConnectionStats>(INITIAL_CONNECTION_STATS);
  /** Not a Subject: every frame passes here, and a Subject's `next` costs more per value (see SubscriberList). */
  readonly #frameSubscribers = new SubscriberList<unknown>();
  readonly #linksSubject = new Subject<LinkEvent>();
  readonly #errorsSubject = new Subject<WebSocketError>();

  /** Connection state; replays the current one to new subscribers. */
  readonly state$: Observable<ConnectionState> = this.#stateSubject.asObservable();
  /** Counters; replays the current ones to new subscribers. */
  readonly stats$: Observable<ConnectionStats> = this.#statsSubject.asObservable();
  /** Every incoming frame except heartbeat pongs, as the socket delivered it (string, ArrayBuffer or Blob). */
  readonly frames$: Observable<unknown> = new Observable<unknown>((subscriber) => this.#frameSubscribers.add(subscriber));
  /** The same frames: the name rxjs users know. */
  readonly messages$: Observable<unknown> = this.frames$;
  /** `open` as a link opens (before `state$` says so), `dropped` as an open link drops (before the state changes). */
  readonly links$: Observable<LinkEvent> = this.#linksSubject.asObservable();
  /** What went wrong, as it happens. The connection recovers by itself where it can. */
  readonly errors$: Observable<WebSocketError> = this.#errorsSubject.asObservable();

  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #factory: WebSocketFactory;
  readonly #connectTimeoutMs: number;
  readonly #reconnect: ReconnectPolicy | null;
  readonly #heartbeat: Heartbeat | null;
  /** Unless `url` is a factory: picks each attempt's URL and, given several, fails over among them. */
  readonly #rotation: UrlRotation | null;

  #link: SocketLink | null = null;
  /** The app wants a connection: set by connect(), cleared by close() or when we give up. */
  #wanted = false;
  /** Bumped whenever in-flight async work (URL factory, auth hook) must be ignored when it settles. */
  #generation = 0;
  #retryTimer: TimerHandle | null = null;
  #connectTimer: TimerHandle | null = null;
  #stopConnectivity: (() => void) | null = null;
  #disposed = false;
  /** Whether this connect() has been open once: only then is a later open a reconnect. */
  #openedSinceConnect = false;

  readonly #options: SocketClientOptions;

  constructor(
    options: SocketClientOptions,
    parts: ConnectionParts = {},
  ) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? mathRandom;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    if (!(this.#connectTimeoutMs > 0)) {
      throw new WebSocketArgumentError('connectTimeoutMs', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(options.connectTimeoutMs)} is not allowed; expected a number of ms > 0.`);
    }
    // After the connect timeout's check: the HTTP fallback's own bound is checked against it.
    const factory = options.webSocketFactory ?? globalWebSocketFactory;
    this.#factory = options.httpFallback == null ? factory : requirePart(parts.httpFallback, 'HTTP fallback')(options, factory, this.#clock);
    const url = options.url;
    this.#rotation = typeof url === 'function' ? null : UrlRotation.from(url, options.baseUrl, options.requireTls);
    assertValidProtocols(options.protocols);
    this.#reconnect = options.reconnect == null ? null : resolveReconnectPolicy(options.reconnect);
    this.#heartbeat =
      options.heartbeat == null
        ? null
        : requirePart(parts.heartbeat, 'heartbeat')(options.heartbeat, this.#clock, {
            send: (frame) => this.#link?.send(frame),
            dead: (silentForMs) => this.#dropDeadLink(silentForMs),
            rtt: (ms) => this.#patchStats({ lastRttMs: ms }),
          });
  }

  get state(): ConnectionState {
    return this.#stateSubject.value;
  }

  get stats(): ConnectionStats {
    return this.#statsSubject.value;
  }

  /** Opens the connection. Does nothing while it is already connecting, open or reconnecting. */
  connect(): void {
    if (this.#disposed || this.#wanted) {
      return;
    }
    this.#wanted = true;
    this.#openedSinceConnect = false;
    this.#patchStats({ failedAttempts: 0 });
    // `offline` only probes an open link: a waiting retry keeps its delay, since an attempt now would fail and
    // spend one of `maxAttempts`. Nor is it held until `online`: `navigator.onLine` can say offline on a
    // network that works (VPNs, virtual adapters), and a client waiting for `online` would never come back.
    this.#stopConnectivity ??= (this.#options.connectivity ?? noConnectivityEvents)((event) => (event !== 'offline' || this.state === 'open') && this.checkLiveness());
    this.#setState('connecting');
    this.#startAttempt();
  }

  /**
   * Closes the connection for good (no reconnect) with a code of 1000 or 3000-4999 and a reason of at most
   * 123 UTF-8 bytes. A bad argument throws at once and leaves the connection as it was.
   */
  close(code = 1000, reason = ''): void {
    assertValidCloseArguments(code, reason);
    this.#wanted = false;
    this.#generation++;
    this.#clearTimers();
    this.#heartbeat?.stop();
    if (this.#link !== null) {
      const wasOpen = this.stats.openedAt !== null;
      this.#link.abandon(code, reason);
      this.#link = null;
      this.#patchStats({ lastCloseCode: code, lastCloseReason: reason, openedAt: null, protocol: null });
      if (wasOpen) {
        this.#linksSubject.next('dropped');
      }
    }
    this.#patchStats({ nextRetryAt: null });
    if (this.state !== 'idle') {
      this.#setState('closed');
    }
  }

  /**
   * Sends a frame if the link is open. Returns `false` (and reports `send-failed` on `errors$`) when it is
   * not: without a queue, a frame sent while the link is down is not kept.
   */
  send(frame: OutgoingFrame): boolean {
    if (this.trySend(frame)) {
      return true;
    }
    // An open socket that refused the frame was reported by trySend, with its reason: once is enough.
    if (!this.isOpen) {
      this.#report('send-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `send() while the connection is ${this.state}: the frame was not sent.`, { data: frame });
    }
    return false;
  }

  /** True while a socket is open (also during `links$`'s `open`, before `state$` announces it). */
  get isOpen(): boolean {
    return this.#link?.isOpen ?? false;
  }

  /** Sends a frame if a socket is open; `false` otherwise, with nothing reported (the caller decides). */
  trySend(frame: OutgoingFrame): boolean {
    if (!this.#link?.isOpen) {
      return false;
    }
    try {
      this.#link.send(frame);
      return true;
    } catch (cause) {
      this.#report('send-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the socket refused the frame: ${describeError(cause)}`, { data: frame, cause });
      return false;
    }
  }

  /**
   * Checks the link now instead of waiting for the next timer: called when the browser goes online or the
   * page becomes visible. Waiting for a backoff delay -> retries at once; open -> pings.
   */
  checkLiveness(): void {
    if (!this.#wanted) {
      return;
    }
    if (this.#retryTimer !== null) {
      this.#clock.clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
      this.#startAttempt();
    } else if (this.state === 'open') {
      if (this.#link !== null && !this.#link.isOpen) {
        this.#link.abandon();
        this.#handleDrop({ code: ABNORMAL_CLOSE, reason: 'socket no longer open', wasClean: false });
      } else {
        this.#heartbeat?.probe();
      }
    }
  }

  /** Closes the connection, stops every timer and listener, and completes the observables. */
  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.close();
    this.#disposed = true;
    this.#stopConnectivity?.();
    this.#stopConnectivity = null;
    this.#stateSubject.complete();
    this.#statsSubject.complete();
    this.#frameSubscribers.complete();
    this.#linksSubject.complete();
    this.#errorsSubject.complete();
  }

  #startAttempt(): void {
    const generation = ++this.#generation;
    let source: ReturnType<Extract<SocketUrlSource, () => unknown>> | string | URL;
    try {
      source = this.#rotation?.current ?? (this.#options.url as Extract<SocketUrlSource, () => unknown>)();
    } catch (cause) {
      this.#attemptFailed('url-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the url factory threw: ${describeError(cause)}`, cause);
      return;
    }
    if (isPromiseLike(source)) {
      source.then(
        (url) => generation === this.#generation && this.#openSocket(url),
        (cause: unknown) =>
          generation === this.#generation && this.#attemptFailed('url-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the url factory rejected: ${describeError(cause)}`, cause),
      );
    } else {
      this.#openSocket(source);
    }
  }

  #openSocket(url: string | URL): void {
    let href: string;
    try {
      href = resolveSocketUrl(url, this.#options.baseUrl, this.#options.requireTls);
    } catch (cause) {
      this.#attemptFailed('url-failed', describeError(cause), cause);
      return;
    }
    this.#patchStats({ url: redactUrl(href) });
    let link: SocketLink;
    try {
      link = SocketLink.open(this.#factory, href, this.#options.protocols, this.#options.binaryType, {
        open: (protocol, transport) => this.#handleOpen(protocol, transport),
        message: (data) => this.#handleMessage(data),
        error: (info) => this.#socketError(href, info),
        close: (close) => {
          this.#link = null;
          this.#handleDrop(close);
        },
      });
    } catch (cause) {
      if (cause instanceof WebSocketUnavailableError) {
        this.#giveUp('create-failed', describeError(cause), cause);
      } else {
        // The constructor's message may quote the URL, token and all: message and cause keep a redacted copy.
        this.#attemptFailed('create-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `could not create a socket to ${redactUrl(href)}: ${describeError(cause)}`, cause);
      }
      return;
    }
    this.#link = link;
    this.#connectTimer = this.#clock.setTimeout(() => {
      this.#connectTimer = null;
      link.abandon();
      this.#link = null;
      this.#report('connect-timeout', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `no handshake with ${redactUrl(href)} within ${this.#connectTimeoutMs} ms.`);
      this.#handleDrop({ code: ABNORMAL_CLOSE, reason: 'connect timeout', wasClean: false });
    }, this.#connectTimeoutMs);
  }

  #handleOpen(protocol: string, transport: TransportKind): void {
    this.#clearConnectTimer();
    this.#patchStats({
      openedAt: this.#clock.now(),
      protocol,
      transport,
      nextRetryAt: null,
      reconnects: this.stats.reconnects + (this.#openedSinceConnect ? 1 : 0),
    });
    this.#openedSinceConnect = true;
    this.#rotation?.opened();
    this.#heartbeat?.start();
    this.#linksSubject.next('open');
    this.#setState('open');
  }

  #handleMessage(data: unknown): void {
    if (this.#heartbeat?.frameReceived(data)) {
      return;
    }
    this.#frameSubscribers.next(data);
  }

  /**
   * The browser's error event says nothing; Node's `ws` gives its error (a refused handshake reads
   * "Unexpected server response: 401"): keep it, and the HTTP status it names. URLs in the message and the
   * cause are redacted on the way out (libraryMessage, report).
   */
  #socketError(href: string, { message, cause }: SocketErrorInfo): void {
    const status = /response: (\d{3})/.exec(message);
    this.#report('socket-error', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the socket to ${redactUrl(href)} reported an error${message && `: ${message}`}.`, {
      cause,
      httpStatus: status ? Number(status[1]) : undefined,
    });
  }

  #dropDeadLink(silentForMs: number): void {
    this.#link?.abandon(DEAD_LINK_CLOSE, 'heartbeat timeout');
    this.#link = null;
    this.#report('heartbeat-timeout', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `no frame for ${silentForMs} ms although we pinged: the link is dead.`);
    this.#handleDrop({ code: ABNORMAL_CLOSE, reason: 'heartbeat timeout', wasClean: false });
  }

  /** The link dropped (or never came up) without the app asking. */
  #handleDrop(close: CloseInfo): void {
    this.#clearConnectTimer();
    this.#heartbeat?.stop();
    const { openedAt } = this.stats;
    if (openedAt !== null) {
      this.#linksSubject.next('dropped');
    }
    const policy = this.#reconnect;
    const stable = openedAt !== null && policy != null && this.#clock.now() - openedAt >= policy.stableAfterMs;
    this.#patchStats({
      lastCloseCode: close.code,
      lastCloseReason: close.reason,
      openedAt: null,
      protocol: null,
      ...(stable ? { failedAttempts: 0 } : {}),
    });
    if (!this.#wanted) {
      return;
    }
    const decision = classifyClose(close);
    if (policy != null && decision.action === 'ask-auth') {
      this.#askAuthHook(policy, close);
    } else {
      // With several URLs: a link that never opened, or a server that says "not me", moves on to the next
      // URL at once; only when every URL failed in a row does the backoff apply.
      this.#retryOrClose(openedAt === null || GO_ELSEWHERE_CLOSE_CODES.has(close.code), decision.action === 'retry' ? decision.retryAfterMs : 0);
    }
  }

  #attemptFailed(kind: 'url-failed' | 'create-failed', message: string | false, cause: unknown): void {
    this.#report(kind, message, { cause });
    this.#retryOrClose(true, 0);
  }

  /**
   * After a failure the app did not ask for: without a reconnect policy the connection stays closed; with one
   * it moves to the next URL at once (`moveOn`, when there are several) or retries after the backoff.
   */
  #retryOrClose(moveOn: boolean, minDelayMs: number): void {
    const policy = this.#reconnect;
    if (policy == null) {
      this.#wanted = false;
      this.#setState('closed');
    } else if (!(moveOn && this.#failOver())) {
      this.#scheduleRetry(policy, minDelayMs);
    }
  }

  /** With several URLs, starts an attempt on the next one at once unless each failed in this round. */
  #failOver(): boolean {
    if (!this.#rotation?.moveOn()) {
      return false;
    }
    this.#setState('reconnecting');
    this.#startAttempt();
    return true;
  }

  #scheduleRetry(policy: ReconnectPolicy, minDelayMs: number): void {
    const attempt = this.stats.failedAttempts;
    // `failedAttempts` counts the retries scheduled; the first attempt of connect() was not one of them, so
    // it is added while that connect() has never opened: `maxAttempts: 3` then means 3 attempts in all.
    const failed = attempt + (this.#openedSinceConnect ? 0 : 1);
    if (failed >= policy.maxAttempts) {
      this.#giveUp('gave-up', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${failed} consecutive attempts failed (maxAttempts ${policy.maxAttempts}); staying closed.`);
      return;
    }
    const delay = minDelayMs + nextReconnectDelay(attempt, policy, this.#random);
    this.#patchStats({ failedAttempts: attempt + 1, nextRetryAt: this.#clock.now() + delay });
    this.#setState('reconnecting');
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = null;
      this.#startAttempt();
    }, delay);
  }

  /** Policy/auth close: only the app knows whether fresh credentials would help. */
  #askAuthHook(policy: ReconnectPolicy, close: CloseInfo): void {
    const hook = policy.onAuthFailure;
    // Only the dev-mode texts use it: a production build drops it with them.
    const refused = (typeof ngDevMode === 'undefined' || !!ngDevMode) && `the server refused the connection (close ${close.code} "${close.reason}")`;
    if (hook === undefined) {
      this.#giveUp('auth-refused', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${refused} and no onAuthFailure hook allows a retry.`, undefined, close);
      return;
    }
    const generation = ++this.#generation;
    this.#setState('reconnecting');
    new Promise<boolean>((resolve) => resolve(hook(close))).then(
      (retry) => {
        if (generation !== this.#generation) {
          return;
        }
        if (retry === true) {
          this.#scheduleRetry(policy, 0);
        } else {
          this.#giveUp('auth-refused', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${refused} and onAuthFailure declined to retry.`, undefined, close);
        }
      },
      (cause: unknown) => {
        if (generation === this.#generation) {
          this.#giveUp('hook-failed', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `onAuthFailure threw: ${describeError(cause)}`, cause, close);
        }
      },
    );
  }

  #giveUp(kind: 'gave-up' | 'auth-refused' | 'hook-failed' | 'create-failed', message: string | false, cause?: unknown, close?: CloseInfo): void {
    this.#wanted = false;
    this.#patchStats({ nextRetryAt: null });
    this.#setState('closed');
    this.#report(kind, message, { cause, close });
  }

  #report(kind: WebSocketError['kind'], message: string | false, details: WebSocketError['details'] = {}): void {
    // Every cause passes here: one quoting the URL (a native constructor's error does) is kept redacted.
    const safe = details.cause === undefined ? details : { ...details, cause: redactedCause(details.cause) };
    this.#errorsSubject.next(new WebSocketError(kind, message, safe));
  }

  #setState(state: ConnectionState): void {
    if (this.#stateSubject.value !== state && !this.#disposed) {
      this.#stateSubject.next(state);
    }
  }

  #patchStats(patch: Partial<ConnectionStats>): void {
    if (!this.#disposed) {
      this.#statsSubject.next({ ...this.#statsSubject.value, ...patch });
    }
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer !== null) {
      this.#clock.clearTimeout(this.#connectTimer);
      this.#connectTimer = null;
    }
  }

  #clearTimers(): void {
    this.#clearConnectTimer();
    if (this.#retryTimer !== null) {
      this.#clock.clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
  }
}

function assertValidProtocols(protocols: string | string[] | undefined): void {
  const list = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : protocols;
  const seen = new Set<string>();
  for (const protocol of list) {
    if (typeof protocol !== 'string' || !PROTOCOL_TOKEN.test(protocol)) {
      throw new WebSocketArgumentError('protocols', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(protocol)} is not a valid subprotocol token (letters, digits and !#$%&'*+-.^_\`|~).`);
    }
    if (seen.has(protocol)) {
      throw new WebSocketArgumentError('protocols', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `"${protocol}" is listed twice.`);
    }
    seen.add(protocol);
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
