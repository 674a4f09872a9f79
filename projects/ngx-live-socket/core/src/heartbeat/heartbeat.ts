import { WebSocketArgumentError } from '../errors/argument-error';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import { withoutUndefined } from '../platform/without-undefined';
import type { Clock, TimerHandle } from '../platform/clock';
import { type WebSocketCodec, jsonEnvelopeCodec } from '../codec/codec';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;


/** Application-level ping/pong. Every field is optional; see {@link DEFAULT_HEARTBEAT_POLICY}. */
export interface HeartbeatOptions {
  /** Send a ping after this long without any incoming frame, in ms. */
  readonly intervalMs?: number;
  /** Declare the link dead when nothing at all arrives this long after a ping, in ms. */
  readonly timeoutMs?: number;
  /** Builds the ping frame; `now` is the wall-clock time it is sent. */
  readonly ping?: (now: number) => OutgoingFrame;
  /**
   * Recognises the server's answer on the raw frame, to measure the round trip; pongs are kept off
   * `messages$`. Default: a frame the codec reads as a `pong` message (a length check and a substring search
   * per frame, a decode only for short frames that mention "pong"). `null`: no frame is a pong (every frame
   * still counts as life).
   */
  readonly isPong?: ((data: unknown) => boolean) | null;
}

/** {@link HeartbeatOptions} filled in and checked; `isPong` stays unset for the codec's own pong. */
export type HeartbeatPolicy = Required<Omit<HeartbeatOptions, 'isPong'>> & Pick<HeartbeatOptions, 'isPong'>;

/** `{"type":"ping","payload":{"t":<now>}}`, the reference protocol's ping. */
export const jsonPing = (now: number): string => JSON.stringify({ type: 'ping', payload: { t: now } });

/** True for a text frame holding a JSON object whose `type` is `"pong"`. Cheap for other frames. */
export const isJsonPong = /* @__PURE__ */ codecPong(jsonEnvelopeCodec);

/**
 * Recognises the pong of a codec's wire format: a short text frame that mentions "pong" (or a short binary
 * frame, for a codec that reads binary) and decodes to a `pong` message. The messaging layer, which knows
 * the codec, gives this to the connection's heartbeat unless the app gave its own `isPong`.
 */
export function codecPong(codec: WebSocketCodec): (data: unknown) => boolean {
  return (data) => {
    const short = typeof data === 'string' ? data.length <= 1024 && data.includes('pong') : codec.decodesBinary === true && data instanceof ArrayBuffer && data.byteLength <= 1024;
    if (!short) {
      return false;
    }
    try {
      return codec.decode(data as string | ArrayBuffer).type === 'pong';
    } catch {
      return false;
    }
  };
}

/** Defaults: a dead link is noticed at most `intervalMs + timeoutMs` = 15 s after the last frame. */
export const DEFAULT_HEARTBEAT_POLICY: HeartbeatPolicy = {
  intervalMs: 10_000,
  timeoutMs: 5_000,
  ping: jsonPing,
};

/**
 * The default ping is the reference protocol's JSON; a custom codec would send it in its own shape, which
 * the server may not read (a plain-text codec sends "[object Object]"). So with a custom codec the app says
 * what a ping is. Checked by `provideWebSocket` (both features given) and by `MessagingClient`.
 */
export function ɵassertPingFitsCodec(policy: HeartbeatOptions | null | undefined, codec: WebSocketCodec | null | undefined): void {
  if (policy == null || codec == null || codec === jsonEnvelopeCodec || (policy.ping !== undefined && policy.ping !== jsonPing)) {
    return;
  }
  // Kept short: every app with a heartbeat ships this text. The README says how to build a ping with a codec.
  throw new WebSocketArgumentError('heartbeat ping', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'with a custom codec, give withHeartbeat({ ping }) one your server reads, e.g. () => "ping".');
}

export function resolveHeartbeatPolicy(options: HeartbeatOptions = {}): HeartbeatPolicy {
  const policy: HeartbeatPolicy = { ...DEFAULT_HEARTBEAT_POLICY, ...withoutUndefined(options) };
  for (const key of ['intervalMs', 'timeoutMs'] as const) {
    const value = policy[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new WebSocketArgumentError(`heartbeat ${key}`, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(value)} is not allowed; expected a number of ms > 0.`);
    }
  }
  return policy;
}

/**
 * The heartbeat part of a connection (see `ConnectionParts`): the policy is filled in and checked here. The
 * messaging layer passes its `codec`: the ping must fit it, and unless the app gave `isPong`, a pong is what
 * the codec reads as one. Without a codec (a bare connection) the reference protocol's JSON pong is assumed.
 */
export function createHeartbeat(options: HeartbeatOptions, clock: Clock, hooks: HeartbeatHooks, codec?: WebSocketCodec): Heartbeat {
  ɵassertPingFitsCodec(options, codec);
  const policy = resolveHeartbeatPolicy(options);
  return new Heartbeat(codec === undefined || policy.isPong !== undefined ? policy : { ...policy, isPong: codecPong(codec) }, clock, hooks);
}

/** What the heartbeat asks of the connection it watches. */
export interface HeartbeatHooks {
  send(frame: OutgoingFrame): void;
  /** Nothing arrived for `silentForMs` although we pinged: the link is dead. */
  dead(silentForMs: number): void;
  rtt(ms: number): void;
}

/**
 * Watches one open connection. Any incoming frame counts as life; after `intervalMs` of silence it pings,
 * and after `timeoutMs` more of silence it reports the link dead.
 *
 * Every decision compares wall-clock timestamps, never counts timer firings: a background tab whose timers
 * are throttled, or a laptop that slept, is judged correctly at the first timer that does fire.
 */
export class Heartbeat {
  #lastFrameAt = 0;
  /** When the unanswered ping went out; any frame answers it. */
  #pingSentAt: number | null = null;
  /** When the ping went out that the next pong measures. */
  #rttPingSentAt: number | null = null;
  #timer: TimerHandle | null = null;
  readonly #isPong: ((data: unknown) => boolean) | null;

  readonly #policy: HeartbeatPolicy;
  readonly #clock: Clock;
  readonly #hooks: HeartbeatHooks;

  constructor(
    policy: HeartbeatPolicy,
    clock: Clock,
    hooks: HeartbeatHooks,
  ) {
    this.#policy = policy;
    this.#clock = clock;
    this.#hooks = hooks;
    this.#isPong = policy.isPong === undefined ? isJsonPong : policy.isPong;
  }

  start(): void {
    this.stop();
    this.#lastFrameAt = this.#clock.now();
    this.#schedule(this.#policy.intervalMs);
  }

  stop(): void {
    if (this.#timer !== null) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#pingSentAt = null;
    this.#rttPingSentAt = null;
  }

  /** Records life. Returns `true` when the frame is a pong, which the caller keeps from the app. */
  frameReceived(data: unknown): boolean {
    this.#lastFrameAt = this.#clock.now();
    if (this.#pingSentAt !== null) {
      // Answered: the next check is a full interval from now, not the pending timeout check.
      this.#pingSentAt = null;
      this.#schedule(this.#policy.intervalMs);
    }
    if (this.#isPong === null || !this.#isPong(data)) {
      return false;
    }
    if (this.#rttPingSentAt !== null) {
      this.#hooks.rtt(this.#clock.now() - this.#rttPingSentAt);
      this.#rttPingSentAt = null;
    }
    return true;
  }

  /** Checks liveness now (network came back, page visible again): ping unless one is already out. */
  probe(): void {
    if (this.#timer === null || this.#pingSentAt !== null) {
      return;
    }
    this.#sendPing(this.#clock.now());
  }

  #check(): void {
    this.#timer = null;
    const now = this.#clock.now();
    if (this.#pingSentAt !== null) {
      const waited = now - this.#pingSentAt;
      if (waited >= this.#policy.timeoutMs) {
        this.stop();
        this.#hooks.dead(now - this.#lastFrameAt);
        return;
      }
      this.#schedule(this.#policy.timeoutMs - waited);
      return;
    }
    const silentFor = now - this.#lastFrameAt;
    if (silentFor >= this.#policy.intervalMs) {
      this.#sendPing(now);
    } else {
      this.#schedule(this.#policy.intervalMs - silentFor);
    }
  }

  #sendPing(now: number): void {
    this.#pingSentAt = now;
    this.#rttPingSentAt = now;
    this.#schedule(this.#policy.timeoutMs);
    this.#hooks.send(this.#policy.ping(now));
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== null) {
      this.#clock.clearTimeout(this.#timer);
    }
    this.#timer = this.#clock.setTimeout(() => this.#check(), delayMs);
  }
}
