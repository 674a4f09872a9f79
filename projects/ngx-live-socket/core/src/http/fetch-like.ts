/**
 * The platform's `AbortSignal` where it declares one (the DOM lib, Node's types), so that `fetch` itself fits
 * {@link FetchLike} without a cast; where none is declared (lib ES2022 alone), what the HTTP socket needs of it.
 * Spelled this way so the core's types name no DOM type and still compile everywhere.
 */
export type AbortSignalLike = typeof globalThis extends { AbortSignal: { prototype: infer Signal } } ? Signal : { readonly aborted: boolean };

/** What an HTTP socket passes to `fetch`: a plain subset of `RequestInit`. */
export interface FetchInit {
  /** `'POST'` for frames; absent (GET) for the stream. */
  readonly method?: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  /** A POST's body: a JSON array of strings, one per frame. */
  readonly body?: string;
  /** `'no-store'` on the stream's GET: a cached event stream would be a stale one. */
  readonly cache?: 'no-store';
  /** Aborted when the socket closes. */
  readonly signal: AbortSignalLike;
}

/** What an HTTP socket reads of a response body's reader (`response.body.getReader()`): bytes until done. */
export interface ByteStreamReaderLike {
  read(): Promise<{ readonly done: boolean; readonly value?: Uint8Array }>;
}

/** What an HTTP socket reads of a `fetch` response: the browser's and Node's `Response` fit it as they are. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** The stream to read (`null` where the platform cannot stream a response). */
  readonly body: { getReader(): ByteStreamReaderLike } | null;
  /** Read for a refusal's explanation. */
  text(): Promise<string>;
}

/**
 * The `fetch` an HTTP socket uses: the browser's or Node's `fetch` as it is, or a test double. It must not
 * buffer the response: the stream's events are read as they arrive.
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;
