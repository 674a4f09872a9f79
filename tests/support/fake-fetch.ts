import type { FetchInit, FetchLike, FetchResponseLike } from '../../projects/ngx-live-socket/core/src/http/fetch-like';

/**
 * A fake `fetch` for the HTTP transport's tests: each call is recorded, and the test answers it as a server
 * would (an event stream it writes to, a status with a text, or a network failure), in its own time.
 */
export function abortError(): Error {
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}

/** A response body the test writes to as a server would, failing like fetch's when the request is aborted. */
export class FakeBody {
  readonly #chunks: (Uint8Array | null)[] = [];
  #waiting: { resolve(result: { done: boolean; value?: Uint8Array }): void; reject(error: unknown): void } | null = null;
  #error: unknown = null;

  constructor(signal: AbortSignal) {
    signal.addEventListener('abort', () => this.fail(abortError()));
  }

  /** Sends text, encoded as UTF-8 bytes (split wherever the test splits it). */
  write(text: string | Uint8Array): void {
    this.#chunks.push(typeof text === 'string' ? new TextEncoder().encode(text) : text);
    this.#serve();
  }

  end(): void {
    this.#chunks.push(null);
    this.#serve();
  }

  fail(error: unknown): void {
    this.#error ??= error;
    this.#serve();
  }

  getReader() {
    return {
      read: () =>
        new Promise<{ done: boolean; value?: Uint8Array }>((resolve, reject) => {
          this.#waiting = { resolve, reject };
          this.#serve();
        }),
    };
  }

  #serve(): void {
    const waiting = this.#waiting;
    if (waiting === null) {
      return;
    }
    if (this.#chunks.length > 0) {
      this.#waiting = null;
      const chunk = this.#chunks.shift()!;
      waiting.resolve(chunk === null ? { done: true } : { done: false, value: chunk });
    } else if (this.#error !== null) {
      this.#waiting = null;
      waiting.reject(this.#error);
    }
  }
}

/** One call of the fake fetch: what was asked, and the means to answer it. */
export class FetchCall {
  #resolve!: (response: FetchResponseLike) => void;
  #reject!: (error: unknown) => void;
  readonly response = new Promise<FetchResponseLike>((resolve, reject) => {
    this.#resolve = resolve;
    this.#reject = reject;
  });

  constructor(
    readonly url: string,
    readonly init: FetchInit,
  ) {
    init.signal.addEventListener('abort', () => this.#reject(abortError()));
  }

  /** The frames a POST carried. */
  get frames(): unknown {
    return JSON.parse(this.init.body!);
  }

  /** Answers 200 with an event stream; the returned body is the stream to write to. */
  stream(contentType = 'text/event-stream; charset=utf-8'): FakeBody {
    const body = new FakeBody(this.init.signal);
    this.#resolve({ status: 200, headers: headers(contentType), body, text: () => Promise.reject(new Error('a stream is not read as text')) });
    return body;
  }

  answer(status: number, text = ''): void {
    this.#resolve({ status, headers: headers('text/plain; charset=utf-8'), body: null, text: () => Promise.resolve(text) });
  }

  fail(error: unknown): void {
    this.#reject(error);
  }
}

function headers(contentType: string) {
  return { get: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : null) };
}

export function fakeFetch(): { fetch: FetchLike; calls: FetchCall[] } {
  const calls: FetchCall[] = [];
  const fetch: FetchLike = (url, init) => {
    const call = new FetchCall(url, init);
    calls.push(call);
    return call.response;
  };
  return { fetch, calls };
}

