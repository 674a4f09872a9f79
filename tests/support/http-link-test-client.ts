import { type CloseEvent, EnvelopeInbox } from './server-test-client';

/** A POST's answer, as the server gave it. */
export interface PostAnswer {
  status: number;
  body: string;
}

/** One event of a `text/event-stream` body: a comment has `comment` set, nothing else. */
interface StreamEvent {
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * A client of the reference server's HTTP transport (docs/protocol.md, "HTTP transport"), written against
 * the protocol text with Node's global `fetch`, not with the library: it checks the server, so it must not
 * share the library's reading of the protocol. The stream's data events fill the inbox; {@link send} POSTs
 * with at most one POST in flight, as the protocol asks of a client.
 */
export class HttpLinkTestClient extends EnvelopeInbox {
  /** The link's id, from the stream's open event. */
  readonly id: string;
  /** Resolves once the stream is over: the close event's code and reason, or 1006 if it ended without one. */
  readonly closed: Promise<CloseEvent>;
  /** Every comment line the stream carried (the keepalives). */
  readonly comments: string[] = [];
  /** The answers to the POSTs {@link send} made, in order. */
  readonly answers: PostAnswer[] = [];

  private readonly waitingFrames: string[] = [];
  private posting: Promise<void> | undefined;

  private constructor(
    private readonly url: string,
    private readonly origin: string | undefined,
    private readonly abortController: AbortController,
    /** The stream response's headers. */
    readonly headers: Headers,
    events: AsyncIterator<StreamEvent>,
    open: StreamEvent,
  ) {
    super();
    this.id = (JSON.parse(open.data ?? '') as { link: string }).link;
    this.closed = this.read(events);
  }

  /**
   * Opens a link and resolves once its open event came; rejects with `{status, body}` when the GET is refused.
   *
   * @param headers extra request headers (`origin`, or an `accept` replacing `text/event-stream`)
   */
  static async open(url: string, headers: Record<string, string> = {}): Promise<HttpLinkTestClient> {
    const abortController = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abortController.signal });
    if (response.status !== 200) {
      const body = await response.text();
      throw Object.assign(new Error(`GET refused: ${response.status} ${body}`), { status: response.status, body, headers: response.headers });
    }
    const events = eventsOf(response.body as ReadableStream<Uint8Array>);
    const first = await events.next();
    if (first.done || first.value.event !== 'open') {
      throw new Error(`the stream's first event is not "open": ${JSON.stringify(first.value)}`);
    }
    return new HttpLinkTestClient(url, headers['origin'], abortController, response.headers, events, first.value);
  }

  /** Queues a frame; it goes in the next POST (one POST in flight at a time, frames in order). */
  send(frame: object | string | Buffer): void {
    this.waitingFrames.push(typeof frame === 'object' && !Buffer.isBuffer(frame) ? JSON.stringify(frame) : frame.toString());
    this.posting ??= this.flush();
  }

  /** Resolves once every frame {@link send} queued was POSTed and answered. */
  async sent(): Promise<void> {
    while (this.posting !== undefined) await this.posting;
  }

  /** POSTs `body` (a JSON array of frames, or any text) to this link now, beside the send queue. */
  post(body: string, linkId = this.id): Promise<PostAnswer> {
    return postTo(`${this.url}${this.url.includes('?') ? '&' : '?'}nls-link=${encodeURIComponent(linkId)}`, body, this.origin);
  }

  /** Ends the link as a client does: aborts the stream's request. */
  close(): Promise<CloseEvent> {
    this.abortController.abort();
    return this.closed;
  }

  private async flush(): Promise<void> {
    while (this.waitingFrames.length > 0) {
      const frames = this.waitingFrames.splice(0);
      this.answers.push(await this.post(JSON.stringify(frames)));
    }
    this.posting = undefined;
  }

  private async read(events: AsyncIterator<StreamEvent>): Promise<CloseEvent> {
    try {
      for (let next = await events.next(); !next.done; next = await events.next()) {
        const { event, data, comment } = next.value;
        if (comment !== undefined) {
          this.comments.push(comment);
        } else if (event === 'close') {
          return JSON.parse(data ?? '') as CloseEvent;
        } else if (event === undefined) {
          this.received(data ?? '');
        }
      }
    } catch {
      // aborted or cut: an abnormal close, as below
    }
    return { code: 1006, reason: '' };
  }
}

/** POSTs `body` as the protocol's client does (text/plain, a CORS simple request). */
export async function postTo(url: string, body: string, origin?: string): Promise<PostAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...(origin === undefined ? {} : { origin }) },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** The events of an event-stream body, as the format defines them (any line break; `:` comments). */
async function* eventsOf(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const decoder = new TextDecoder();
  let buffered = '';
  let event: StreamEvent = {};
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    const lines = buffered.split(/\r\n|\r|\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (event.data !== undefined || event.comment !== undefined) yield event;
        event = {};
      } else if (line.startsWith(':')) {
        yield { comment: line.slice(1).trim() };
      } else {
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`;
        if (field === 'event') event.event = value;
      }
    }
  }
}
