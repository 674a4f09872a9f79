import { DestroyRef, Injectable, type Signal, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type ConnectionState, WebSocketService } from 'ngx-live-socket';
import { type Observable, filter, map, share } from 'rxjs';
import type { DemoProtocol, IncomingType, OutgoingType, RequestType } from './demo-protocol';

/** How long a request waits for its reply by default. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

/** Why a request did not get its reply. */
export type RequestFailure = 'not-sent' | 'refused' | 'timeout' | 'disconnected' | 'bad-reply';

/** A request that did not get its reply; `reason` says why, `message` says it in words. */
export class DemoRequestError extends Error {
  override readonly name = 'DemoRequestError';

  constructor(
    readonly reason: RequestFailure,
    message: string,
  ) {
    super(message);
  }
}

interface Envelope {
  type: string;
  payload?: unknown;
  re?: number;
}

interface PendingRequest {
  type: RequestType;
  resolve(payload: unknown): void;
  reject(error: DemoRequestError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The demo's one door to the socket: typed `on`, `send` and `request` over the library's raw frames
 * (JSON envelopes, demo/server/README.md). Pages and stores use only this surface.
 *
 * TODO(typed-messaging): when the library's typed API lands, replace the internals with it
 * (`on(type)`, `send(type, payload)`, `request(type, payload, {timeoutMs})`) and keep this surface.
 */
@Injectable({ providedIn: 'root' })
export class DemoSocket {
  private readonly socket = inject(WebSocketService);
  private readonly pending = new Map<number, PendingRequest>();
  private lastRequestId = 0;
  private readonly envelopes$: Observable<Envelope> = this.socket.messages$.pipe(
    map(readEnvelope),
    filter((envelope) => envelope !== null),
    share(),
  );

  /** The connection state, for pages that show it or disable what needs a live link. */
  readonly state: Signal<ConnectionState> = this.socket.state;
  /** Emits each time the link (re)opens: the server has forgotten per-connection state such as a chat join. */
  readonly opened$: Observable<void> = this.socket.state$.pipe(
    filter((state) => state === 'open'),
    map(() => undefined),
  );

  constructor() {
    // Replies are matched here whether or not any page listens; they never reach `on()`.
    this.envelopes$.pipe(takeUntilDestroyed()).subscribe((envelope) => envelope.re !== undefined && this.settle(envelope));
    // A reply cannot cross a reconnect: the server that would send it has forgotten the request.
    this.socket.state$
      .pipe(
        filter((state) => state !== 'open'),
        takeUntilDestroyed(),
      )
      .subscribe((state) => this.failAll('disconnected', `the connection went ${state} before the reply came`));
    inject(DestroyRef).onDestroy(() => this.failAll('disconnected', 'the app shut the connection down'));
  }

  /** Every message of `type` the server pushes, with its payload. Hot: no replay of earlier ones. */
  on<T extends IncomingType>(type: T): Observable<DemoProtocol['incoming'][T]> {
    return this.envelopes$.pipe(
      filter((envelope) => envelope.type === type && envelope.re === undefined),
      map((envelope) => envelope.payload as DemoProtocol['incoming'][T]),
    );
  }

  /** Sends a message. `false` when the link is not open: it was not sent (there is no queue yet). */
  send<T extends OutgoingType>(type: T, payload: DemoProtocol['outgoing'][T]): boolean {
    return this.socket.send(JSON.stringify({ type, payload }));
  }

  /**
   * Sends a request with a fresh correlation `id` and resolves with the payload of the reply that names it
   * in `re`. Rejects with a {@link DemoRequestError}: `not-sent` (link not open), `refused` (the server's
   * error, its message kept), `timeout`, `disconnected` (the link dropped first), `bad-reply`.
   */
  request<T extends RequestType>(
    type: T,
    payload: DemoProtocol['requests'][T]['request'],
    { timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS }: { timeoutMs?: number } = {},
  ): Promise<DemoProtocol['requests'][T]['reply']> {
    const id = ++this.lastRequestId;
    return new Promise((resolve, reject) => {
      if (!this.socket.send(JSON.stringify({ type, id, payload }))) {
        reject(new DemoRequestError('not-sent', `${type} was not sent: the connection is ${this.socket.state()}`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new DemoRequestError('timeout', `no reply to ${type} #${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { type, resolve: resolve as (reply: unknown) => void, reject, timer });
    });
  }

  private settle(reply: Envelope): void {
    const request = this.pending.get(reply.re as number);
    if (request === undefined) {
      return; // a reply after its timeout: the caller has been told already
    }
    this.pending.delete(reply.re as number);
    clearTimeout(request.timer);
    if (reply.type === request.type) {
      request.resolve(reply.payload);
    } else if (reply.type === 'error') {
      const message = (reply.payload as { message?: unknown } | undefined)?.message;
      request.reject(new DemoRequestError('refused', typeof message === 'string' ? message : `the server refused ${request.type}`));
    } else {
      request.reject(new DemoRequestError('bad-reply', `${request.type} #${reply.re} was answered by a "${reply.type}"`));
    }
  }

  private failAll(reason: RequestFailure, why: string): void {
    for (const [id, request] of this.pending) {
      clearTimeout(request.timer);
      request.reject(new DemoRequestError(reason, `no reply to ${request.type} #${id}: ${why}`));
    }
    this.pending.clear();
  }
}

/** A text frame holding a JSON envelope `{type, ...}`, or `null` (reported) for anything else. */
function readEnvelope(frame: unknown): Envelope | null {
  if (typeof frame === 'string') {
    try {
      const value: unknown = JSON.parse(frame);
      if (typeof value === 'object' && value !== null && typeof (value as Envelope).type === 'string') {
        return value as Envelope;
      }
    } catch {
      // reported below
    }
  }
  console.warn('demo socket: ignored a frame that is not a JSON envelope {"type": ...}:', frame);
  return null;
}
