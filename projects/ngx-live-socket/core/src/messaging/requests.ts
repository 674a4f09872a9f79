import { Observable } from 'rxjs';
import { WebSocketArgumentError } from '../errors/argument-error';
import type { Clock } from '../platform/clock';
import type { SendHandle } from '../queue/send-handle';
import { CONTROL_TYPES, type Envelope } from './envelope';
import { WebSocketRequestError } from './request-error';
import { describeServerError } from './server-error';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

export interface RequestOptions {
  /** Fail with a `timeout` error when no reply arrived this long after the call. */
  readonly timeoutMs?: number;
}

/** Default timeout of `request()`, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** What requests need from the messaging layer they belong to. */
export interface RequestsHost {
  readonly clock: Clock;
  /** The next message id of the session. */
  takeId(): number;
  /** Sends (or queues) a request envelope like any message. */
  enqueue(envelope: Envelope): SendHandle;
  /** Withdraws a request that is still queued. */
  cancel(handle: SendHandle): void;
}

/**
 * Requests and their replies: the `requests` part (`withRequests()` in Angular). Each request gets the next
 * id of the session; the server's envelope with that id in `re` settles it.
 */
export class Requests {
  readonly #pending = new Map<number, (reply: Envelope) => void>();

  readonly #defaultTimeoutMs: number;
  readonly #host: RequestsHost;

  constructor(
    defaultTimeoutMs: number,
    host: RequestsHost,
  ) {
    this.#defaultTimeoutMs = defaultTimeoutMs;
    this.#host = host;
  }

  /**
   * Sends a request and emits its reply, then completes. Lazy: nothing is sent until subscribed;
   * unsubscribing before the reply cancels it (a queued request is withdrawn). Fails with a
   * `WebSocketRequestError`: `timeout`, `error-reply` (the server's error envelope) or `not-sent`.
   */
  request<R>(type: string, payload: unknown, options: RequestOptions = {}): Observable<R> {
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs;
    if (!(timeoutMs > 0)) {
      throw new WebSocketArgumentError('request timeoutMs', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(timeoutMs)} is not allowed; expected a number of ms > 0.`);
    }
    const host = this.#host;
    return new Observable<R>((subscriber) => {
      const id = host.takeId();
      const fail = (error: WebSocketRequestError) => {
        this.#pending.delete(id);
        subscriber.error(error);
      };
      this.#pending.set(id, (reply) => {
        this.#pending.delete(id);
        if (reply.type === CONTROL_TYPES.error) {
          subscriber.error(new WebSocketRequestError('error-reply', type, describeServerError(reply.payload), { payload: reply.payload }));
        } else {
          subscriber.next(reply.payload as R);
          subscriber.complete();
        }
      });
      const handle = host.enqueue({ type, payload, id });
      const status = handle.status$.subscribe((current) => {
        if (current.state === 'failed' && current.reason !== 'cancelled') {
          fail(new WebSocketRequestError('not-sent', type, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `it was not sent (${current.reason}).`, { reason: current.reason }));
        }
      });
      const timer = host.clock.setTimeout(
        () => fail(new WebSocketRequestError('timeout', type, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `no reply within ${timeoutMs} ms.`)),
        timeoutMs,
      );
      return () => {
        host.clock.clearTimeout(timer);
        status.unsubscribe();
        this.#pending.delete(id);
        host.cancel(handle);
      };
    });
  }

  /** Settles the request the reply names (`re`); `false` when no request waits for it. */
  settle(reply: Envelope & { re: number }): boolean {
    const settle = this.#pending.get(reply.re);
    settle?.(reply);
    return settle !== undefined;
  }
}
