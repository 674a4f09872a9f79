import { WebSocketUnavailableError } from '../connection/web-socket-factory';
import type { OutgoingFrame } from '../connection/outgoing-frame';
import type { WebSocketLike } from '../connection/web-socket-like';
import { describeError, libraryMessage } from '../errors/library-message';
import { EventStreamReader, type EventStreamEvent } from './event-stream-reader';
import type { AbortSignalLike, FetchInit, FetchLike, FetchResponseLike } from './fetch-like';
import { httpUrlOf, withLinkId } from './http-url';
import { type SocketEventType, SocketListeners } from './socket-listeners';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Options of an {@link HttpSocket}. */
export interface HttpSocketOptions {
  /**
   * The `fetch` to open the stream and send the POSTs with: a test double, or Node's `fetch` where the global
   * is missing. Looked up when the socket is created, never at module load.
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
}

type AbortControllerLike = { readonly signal: AbortSignalLike; abort(): void };
type TextDecoderLike = { decode(input?: Uint8Array, options?: { stream: boolean }): string };

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** What a WebSocket reports for a link that ended without a close frame. */
const ABNORMAL_CLOSE = 1006;
/** What a WebSocket reports when `close()` was called without a code. */
const NO_STATUS_CLOSE = 1005;
/** How much of a refusal's body goes into the error: enough for the server's explanation, not a whole page. */
const MAX_BODY_CHARS = 200;

/**
 * The client end of an HTTP link (docs/protocol.md, "HTTP transport"): a {@link WebSocketLike} over `fetch`,
 * for networks that block the WebSocket upgrade. Server -> client frames arrive on one streaming GET in the
 * `text/event-stream` format; client -> server frames go out as POSTs. The connection opens, pings, closes and
 * reconnects it exactly as it does a WebSocket, so everything above works unchanged.
 *
 * `fetch` rather than `EventSource`, because only `fetch` gives the refusal's status and body, no reconnect
 * of its own (which would fight our backoff and resume) and an abort. At most one POST is in flight; frames
 * sent meanwhile go in the next one, in order, so a link holds at most two HTTP connections.
 *
 * Like a WebSocket: events arrive asynchronously through `addEventListener` (`open`; `message` with `data`;
 * `error` with `message` and `error`; `close` with `code`, `reason`, `wasClean`), `send()` throws unless
 * open, and nothing is delivered after `close`. Text frames only: a binary frame is a `TypeError`.
 *
 * @usageNotes
 * ```ts
 * const client = new MessagingClient({
 *   url: 'wss://example.com/live',
 *   webSocketFactory: (url) => new HttpSocket(url),
 * });
 * ```
 */
export class HttpSocket implements WebSocketLike {
  /** Which transport this socket is, for the connection's stats. */
  readonly transport = 'http';
  /** No subprotocols over HTTP. */
  readonly protocol = '';
  /** Accepted and ignored: frames are text. */
  binaryType = 'blob';

  #readyState = CONNECTING;
  readonly #listeners = new SocketListeners();
  readonly #url: string;
  readonly #fetch: FetchLike;
  readonly #abort: AbortControllerLike;
  /** Set by the stream's `open` event: names the link in its POSTs. */
  #postUrl = '';
  /** Frames waiting for the next POST. */
  #outbox: string[] = [];
  /** A POST is in flight or about to start: new frames wait for it. */
  #posting = false;
  /** What `close()` asked for: the close event once the last frames are posted. */
  #closeRequest: [code: number, reason: string] = [NO_STATUS_CLOSE, ''];

  /**
   * Starts the stream's GET at once. Throws a `WebSocketArgumentError` for a URL that is not ws(s):// or
   * http(s)://, and a `WebSocketUnavailableError` where `fetch`, `AbortController` or `TextDecoder` is missing.
   */
  constructor(url: string, options: HttpSocketOptions = {}) {
    this.#url = httpUrlOf(url);
    this.#fetch = options.fetch ?? (lookUp('fetch') as FetchLike);
    const AbortController = lookUp('AbortController') as new () => AbortControllerLike;
    this.#abort = new AbortController();
    void this.#readStream(lookUp('TextDecoder') as new () => TextDecoderLike);
  }

  /** 0 connecting, 1 open (the server named the link), 2 closing, 3 closed. */
  get readyState(): number {
    return this.#readyState;
  }

  addEventListener(type: SocketEventType, listener: (event: object) => void): void {
    this.#listeners.add(type, listener);
  }

  /**
   * Queues a text frame for the next POST: the frames of one synchronous burst go in one POST. Throws unless
   * open; a binary frame throws a `TypeError` (the HTTP transport carries text only).
   */
  send(data: OutgoingFrame): void {
    if (this.#readyState !== OPEN) {
      const error = new Error(libraryMessage((typeof ngDevMode === 'undefined' || !!ngDevMode) ? `send() on an HTTP socket that is ${['connecting', '', 'closing', 'closed'][this.#readyState]}.` : 'not open'));
      error.name = 'InvalidStateError';
      throw error;
    }
    if (typeof data !== 'string') {
      throw new TypeError(libraryMessage((typeof ngDevMode === 'undefined' || !!ngDevMode) ? 'the HTTP transport carries text frames only; a binary frame cannot be sent over it (use a text codec, or WebSocket).' : 'binary frame over HTTP'));
    }
    this.#outbox.push(data);
    if (!this.#posting) {
      this.#posting = true;
      void this.#postFrames();
    }
  }

  /**
   * Closes the link; the `close` event with this code and reason follows asynchronously, once. As a WebSocket
   * sends what it buffered before its close frame, frames sent before `close()` are still posted; then the
   * stream is aborted (the server then closes the link). Nothing arrives after `close()`.
   */
  close(code?: number, reason?: string): void {
    if (this.#readyState >= CLOSING) {
      return;
    }
    this.#readyState = CLOSING;
    this.#closeRequest = [code ?? NO_STATUS_CLOSE, reason ?? ''];
    if (!this.#posting) {
      this.#abort.abort();
      void Promise.resolve().then(() => this.#closedByApp());
    }
    // Otherwise #postFrames posts the rest, then closes.
  }

  async #readStream(TextDecoder: new () => TextDecoderLike): Promise<void> {
    try {
      const response = await this.#request(this.#url, { headers: { Accept: 'text/event-stream' }, cache: 'no-store', signal: this.#abort.signal });
      if (response.status < 200 || response.status > 299) {
        return this.#fail(`server response: ${response.status}${await bodyExcerpt(response)}`, undefined, `server response: ${response.status}`);
      }
      const contentType = response.headers.get('Content-Type') ?? '';
      if (!contentType.toLowerCase().includes('text/event-stream') || response.body === null) {
        // E.g. an app server answering every path with its index.html: say so instead of waiting for events.
        const problem = `is not an event stream (Content-Type "${contentType}"${response.body === null ? ', no body' : ''})`;
        return this.#fail(`server response: ${response.status} ${problem}:${await bodyExcerpt(response)}`, undefined, 'not an event stream');
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parser = new EventStreamReader();
      for (;;) {
        const { done, value } = await reader.read();
        const events = parser.read(decoder.decode(done ? undefined : value, { stream: !done }));
        for (let i = 0; i < events.length && this.#readyState < CLOSING; i++) {
          this.#streamEvent(events[i]!);
        }
        if (done || this.#readyState >= CLOSING) {
          break;
        }
      }
      // Ended without a close event: a dropped link, as a WebSocket's TCP connection cut short.
      if (this.#readyState < CLOSING) {
        this.#closed(ABNORMAL_CLOSE, 'stream ended', false);
      }
    } catch (cause) {
      this.#fail(describeFailure(cause), cause, 'network failure');
    }
  }

  #streamEvent({ event, data }: EventStreamEvent): void {
    if (event === 'message' && this.#readyState === OPEN) {
      this.#listeners.emit('message', { type: 'message', data });
    } else if (event === 'open' && this.#readyState === CONNECTING) {
      const link = parseJson(data) as { link?: unknown } | undefined;
      if (typeof link?.link !== 'string' || link.link === '') {
        return this.#fail((typeof ngDevMode === 'undefined' || !!ngDevMode) && `the stream's open event names no link: ${data.slice(0, MAX_BODY_CHARS)}`, undefined, 'protocol error');
      }
      this.#postUrl = withLinkId(this.#url, link.link);
      this.#readyState = OPEN;
      this.#listeners.emit('open', { type: 'open' });
    } else if (event === 'close') {
      const close = parseJson(data) as { code?: unknown; reason?: unknown } | undefined;
      const code = typeof close?.code === 'number' ? close.code : ABNORMAL_CLOSE;
      this.#closed(code, typeof close?.reason === 'string' ? close.reason : '', code !== ABNORMAL_CLOSE);
    } else if (event === 'message') {
      this.#fail((typeof ngDevMode === 'undefined' || !!ngDevMode) && 'the stream sent a frame before its open event', undefined, 'protocol error');
    }
    // Other event names are for later versions of the protocol: ignored, as SSE readers do.
  }

  /** Posts what the outbox holds, one POST at a time, until it is empty or the link ends; closing, then closes. */
  async #postFrames(): Promise<void> {
    // Lets the rest of a synchronous burst of sends join this POST.
    await Promise.resolve();
    try {
      while (this.#outbox.length > 0 && (this.#readyState === OPEN || this.#readyState === CLOSING)) {
        const frames = this.#outbox;
        this.#outbox = [];
        const response = await this.#request(this.#postUrl, {
          method: 'POST',
          // text/plain keeps the POST a CORS "simple" request: no preflight round trip per batch.
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          body: JSON.stringify(frames),
          signal: this.#abort.signal,
        });
        if (response.status !== 204) {
          // The server closes the link over a 429 or 413 with 1008 or 1009; the POST's answer may come first.
          const code = response.status === 429 ? 1008 : response.status === 413 ? 1009 : ABNORMAL_CLOSE;
          return this.#fail(`POST server response: ${response.status}${await bodyExcerpt(response)}`, undefined, `POST answered ${response.status}`, code);
        }
      }
    } catch (cause) {
      this.#fail(describeFailure(cause), cause, 'network failure');
    } finally {
      this.#posting = false;
      if (this.#readyState === CLOSING) {
        this.#closedByApp();
      }
    }
  }

  #closedByApp(): void {
    this.#closed(this.#closeRequest[0], this.#closeRequest[1], true);
  }

  /** Calls `fetch` as a plain function: the browser's throws "Illegal invocation" when called as a method of ours. */
  #request(url: string, init: FetchInit): Promise<FetchResponseLike> {
    const fetch = this.#fetch;
    return fetch(url, init);
  }

  /**
   * The link failed: an `error` event (its `message`, or the close `reason` where a production build dropped
   * the text), then `close` with `code` (1006 unless the server's answer names the close it makes); nothing once the socket is closed, or for the requests its own abort ended.
   */
  #fail(message: string | false, cause: unknown, reason: string, code = ABNORMAL_CLOSE): void {
    if (this.#readyState !== CLOSED && !this.#abort.signal.aborted) {
      this.#listeners.emit('error', { type: 'error', message: message || reason, error: cause });
      this.#closed(code, reason, false);
    }
  }

  #closed(code: number, reason: string, wasClean: boolean): void {
    if (this.#readyState === CLOSED) {
      return;
    }
    this.#readyState = CLOSED;
    this.#outbox = [];
    this.#abort.abort();
    this.#listeners.emit('close', { type: 'close', code, reason, wasClean });
  }
}

/** A global the socket needs, looked up when it is created; its absence is an error naming what to provide. */
function lookUp(name: 'fetch' | 'AbortController' | 'TextDecoder'): unknown {
  const value = (globalThis as Record<string, unknown>)[name];
  if (typeof value !== 'function') {
    throw new WebSocketUnavailableError(
      libraryMessage(
        (typeof ngDevMode === 'undefined' || !!ngDevMode)
          ? `globalThis.${name} is not available on this platform, and the HTTP transport needs it.${name === 'fetch' ? ' Pass one: new HttpSocket(url, { fetch }).' : ''}`
          : `${name} unavailable`,
      ),
    );
  }
  return value;
}

/** The server's explanation of a refusal: its body trimmed and cut short, after a space; `''` for none. */
async function bodyExcerpt(response: FetchResponseLike): Promise<string> {
  let body: string;
  try {
    body = (await response.text()).trim();
  } catch {
    return '';
  }
  return body === '' ? '' : ` ${body.length > MAX_BODY_CHARS ? `${body.slice(0, MAX_BODY_CHARS)}...` : body}`;
}

/**
 * A network failure's message, with its cause's where it has one (Node's fetch says only "fetch failed").
 * Read by shape, not `instanceof Error`: the failure may come from another realm (Node's fetch under a VM).
 */
function describeFailure(failure: unknown): string {
  const { message, cause } = (failure ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  const text = describeError(typeof message === 'string' ? message : failure);
  return typeof cause?.message === 'string' ? `${text}: ${describeError(cause.message)}` : text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
