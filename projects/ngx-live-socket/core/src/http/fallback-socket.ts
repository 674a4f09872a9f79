import type { Clock, TimerHandle } from '../platform/clock';
import type { WebSocketFactory } from '../connection/web-socket-factory';
import type { TransportKind, WebSocketLike } from '../connection/web-socket-like';
import { asUpgradeProbe } from './http-url';
import { type SocketEventType, SocketListeners } from './socket-listeners';


const CONNECTING = 0;
const CLOSED = 3;
/** What a link records when it ends without a close frame (as the browser's 1006). */
const ABNORMAL_CLOSE = 1006;

/** The close reason of an HTTP link that ends because a WebSocket probe opened. */
const MOVING_TO_WEB_SOCKET = 'moving to WebSocket';


/** What one {@link FallbackSocket} is given by the fallback that makes it. */
export interface FallbackSocketSetup {
  /** How to open each transport. */
  readonly factories: Readonly<Record<TransportKind, WebSocketFactory>>;
  readonly clock: Clock;
  /** The transport tried first: the one that opened last on this connection (or in this page session). */
  readonly first: TransportKind;
  /** How long a WebSocket may take to open before the other transport is tried in the same attempt. */
  readonly webSocketTimeoutMs: number;
  /** While on HTTP, how long to wait between WebSocket probes; `null`: never probe. */
  readonly upgradeProbeMs: number | null;
  /** A transport opened: the next attempts start with it. */
  readonly opened: (transport: TransportKind) => void;
}

/**
 * One connection attempt that tries both transports before it fails, seen by the connection as one socket:
 * the first transport, and when that fails before it opens (refused, cut, or a WebSocket still not open after
 * `webSocketTimeoutMs`), the other one at once. So the connection's backoff starts only when both failed.
 *
 * While open on HTTP it probes a WebSocket now and then; when a probe opens, this link closes with 1000
 * "moving to WebSocket", and the connection's next attempt (the reconnect, with delivery's resume) starts on
 * the WebSocket.
 */
export class FallbackSocket implements WebSocketLike {
  readonly #listeners = new SocketListeners();
  /** The transport of this attempt now; `null` once the link has ended. */
  #inner: WebSocketLike | null = null;
  #transport: TransportKind;
  #triedBoth = false;
  #opened = false;
  #closedByApp = false;
  #binaryType: string | null = null;
  /** The WebSocket's bound, or the next upgrade probe. */
  #timer: TimerHandle | null = null;
  #probe: WebSocketLike | null = null;

  readonly #url: string;
  readonly #protocols: string | string[] | undefined;
  readonly #setup: FallbackSocketSetup;

  constructor(url: string, protocols: string | string[] | undefined, setup: FallbackSocketSetup) {
    this.#url = url;
    this.#protocols = protocols;
    this.#setup = setup;
    this.#transport = setup.first;
    // Thrown by both transports' factories: the attempt fails as a socket constructor's would.
    this.#start(setup.first, true);
  }

  /** Which transport this link uses (the connection's `stats.transport` once it opens). */
  get transport(): TransportKind {
    return this.#transport;
  }

  get readyState(): number {
    return this.#inner === null ? CLOSED : this.#opened ? this.#inner.readyState : CONNECTING;
  }

  get protocol(): string {
    return this.#inner?.protocol ?? '';
  }

  get binaryType(): string {
    return this.#binaryType ?? this.#inner?.binaryType ?? 'blob';
  }

  set binaryType(binaryType: string) {
    this.#binaryType = binaryType;
    if (this.#inner !== null) {
      this.#inner.binaryType = binaryType;
    }
  }

  addEventListener(type: SocketEventType, listener: (event: object) => void): void {
    this.#listeners.add(type, listener);
  }

  send(data: Parameters<WebSocketLike['send']>[0]): void {
    if (this.#inner === null) {
      throw new Error('the link is closed');
    }
    this.#inner.send(data);
  }

  close(code?: number, reason?: string): void {
    this.#closedByApp = true;
    this.#stopTimer();
    this.#inner?.close(code, reason);
  }

  /** Opens `transport`; when it cannot even be created, tries the other (or, both failing, throws / ends). */
  #start(transport: TransportKind, inConstructor: boolean): void {
    this.#transport = transport;
    let socket: WebSocketLike;
    try {
      socket = this.#setup.factories[transport](this.#url, this.#protocols);
    } catch (cause) {
      if (this.#moveOn(inConstructor)) {
        return;
      }
      if (inConstructor) {
        throw cause;
      }
      this.#end({ message: cause instanceof Error ? cause.message : String(cause), error: cause }, { code: ABNORMAL_CLOSE, reason: '', wasClean: false });
      return;
    }
    this.#inner = socket;
    if (this.#binaryType !== null) {
      socket.binaryType = this.#binaryType;
    }
    const current = () => this.#inner === socket;
    socket.addEventListener('open', (event) => current() && this.#handleOpen(event));
    socket.addEventListener('message', (event) => current() && this.#listeners.emit('message', event));
    socket.addEventListener('error', (event) => current() && this.#listeners.emit('error', event));
    socket.addEventListener('close', (event) => current() && this.#handleClose(event));
    if (transport === 'websocket' && !this.#triedBoth) {
      // A proxy that swallows the upgrade leaves the socket connecting for minutes: bound it, then try HTTP.
      this.#timer = this.#setup.clock.setTimeout(() => {
        this.#timer = null;
        this.#inner = null;
        abandon(socket, 'no handshake in time');
        this.#moveOn(false);
      }, this.#setup.webSocketTimeoutMs);
    }
  }

  /** Tries the other transport when it was not tried in this attempt; `false` when both were. */
  #moveOn(inConstructor: boolean): boolean {
    if (this.#triedBoth || this.#closedByApp) {
      return false;
    }
    this.#triedBoth = true;
    this.#start(this.#transport === 'websocket' ? 'http' : 'websocket', inConstructor);
    return true;
  }

  #handleOpen(event: object): void {
    this.#stopTimer();
    this.#opened = true;
    this.#setup.opened(this.#transport);
    this.#listeners.emit('open', event);
    if (this.#transport === 'http') {
      this.#scheduleProbe();
    }
  }

  #handleClose(event: object): void {
    this.#stopTimer();
    if (this.#opened || this.#closedByApp || !this.#moveOn(false)) {
      this.#inner = null;
      this.#listeners.emit('close', event);
    }
  }

  /** Ends the link with an error and a close, as a failed socket does. */
  #end(error: object, close: object): void {
    this.#stopTimer();
    this.#inner = null;
    this.#listeners.emit('error', error);
    this.#listeners.emit('close', close);
  }

  #scheduleProbe(): void {
    const { upgradeProbeMs, clock } = this.#setup;
    if (upgradeProbeMs !== null) {
      this.#timer = clock.setTimeout(() => this.#runProbe(), upgradeProbeMs);
    }
  }

  /**
   * Opens a WebSocket marked as a probe (a server that knows the mark closes it at once, counting nothing);
   * one that opens proves WebSocket works again. A probe that fails, or is not open within the WebSocket's
   * bound, is dropped, and the next one waits `upgradeProbeMs`.
   */
  #runProbe(): void {
    const { factories, clock, webSocketTimeoutMs } = this.#setup;
    let probe: WebSocketLike;
    try {
      probe = factories.websocket(asUpgradeProbe(this.#url), this.#protocols);
    } catch {
      this.#scheduleProbe(); // a factory that cannot make a socket now may later: nothing to report per probe
      return;
    }
    this.#probe = probe;
    const failed = () => {
      if (this.#probe === probe) {
        this.#probe = null;
        this.#stopTimer();
        abandon(probe, 'probe');
        this.#scheduleProbe();
      }
    };
    probe.addEventListener('open', () => {
      if (this.#probe === probe) {
        this.#probe = null;
        this.#stopTimer();
        abandon(probe, 'probe');
        this.#upgrade();
      }
    });
    probe.addEventListener('close', failed);
    // A failed probe is expected while WebSocket is blocked; and Node's `ws` throws an error nobody listens to.
    probe.addEventListener('error', () => {});
    this.#timer = clock.setTimeout(failed, webSocketTimeoutMs);
  }

  /** WebSocket works again: the next attempt uses it; this HTTP link ends so that the connection makes it. */
  #upgrade(): void {
    const inner = this.#inner;
    this.#setup.opened('websocket');
    this.#inner = null;
    if (inner !== null) {
      abandon(inner, MOVING_TO_WEB_SOCKET);
    }
    this.#listeners.emit('close', { code: 1000, reason: MOVING_TO_WEB_SOCKET, wasClean: true });
  }

  #stopTimer(): void {
    if (this.#timer !== null) {
      this.#setup.clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#probe !== null) {
      abandon(this.#probe, 'probe');
      this.#probe = null;
    }
  }
}

/** Closes a socket whose events no longer matter; one already unusable has nothing left to close. */
function abandon(socket: WebSocketLike, reason: string): void {
  try {
    socket.close(1000, reason);
  } catch {
    // nothing to do: see above
  }
}
