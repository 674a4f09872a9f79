/** One event of a `text/event-stream`, as the SSE standard dispatches it. */
export interface EventStreamEvent {
  /** The `event:` field, `'message'` when there was none (or it was empty). */
  readonly event: string;
  /** The `data:` lines, joined with `\n`. */
  readonly data: string;
}

const LF = '\n';
const CR = '\r';
const SPACE = 32;

/**
 * An incremental parser of the Server-Sent Events format (the HTML standard's "event stream interpretation"),
 * fed decoded text in whatever pieces the network delivers: a chunk may end mid-line, or between the `\r`
 * and `\n` of a line break. Lines end with `\r\n`, `\n` or `\r`; a blank line dispatches the event read so far
 * (if it had a `data:` field). Comments (`: keepalive`) and fields other than `event` and `data` (`id`,
 * `retry`, unknown ones) are ignored: the HTTP transport does its own reconnect and resume. An event the
 * stream ends in the middle of, without its blank line, is never dispatched.
 *
 * It runs for every incoming frame of an HTTP link, so it keeps to `indexOf` and `slice`: no regex, no
 * per-character loop.
 */
export class EventStreamReader {
  /** The start of a line whose end has not arrived yet. */
  #partialLine = '';
  /** The last chunk ended with `\r`: a `\n` opening the next one belongs to that line break. */
  #afterCr = false;
  #eventType = '';
  /** The data lines so far, joined with `\n`; `undefined` until the event has a `data:` field. */
  #data: string | undefined = undefined;

  /** Parses one more piece of the stream; returns the events it completed, in order (often none or one). */
  read(chunk: string): EventStreamEvent[] {
    const events: EventStreamEvent[] = [];
    if (chunk === '') {
      // Nothing to read, and a `\r` that ended the previous chunk still waits for its possible `\n`.
      return events;
    }
    const text = this.#afterCr && chunk.startsWith(LF) ? chunk.slice(1) : this.#partialLine + chunk;
    this.#afterCr = false;
    let start = 0;
    // The next `\r` and `\n` at or after `start`, searched again only once passed, so a text without `\r`
    // (the usual case) is scanned for one once, not once per line.
    let cr = text.indexOf(CR);
    let lf = text.indexOf(LF);
    for (;;) {
      if (cr !== -1 && cr < start) {
        cr = text.indexOf(CR, start);
      }
      if (lf !== -1 && lf < start) {
        lf = text.indexOf(LF, start);
      }
      const lineStart = start;
      let end: number;
      if (lf !== -1 && (cr === -1 || lf < cr)) {
        end = lf;
        start = lf + 1;
      } else if (cr !== -1) {
        end = cr;
        start = lf === cr + 1 ? cr + 2 : cr + 1;
        // A `\r` ending the chunk may be the first half of a `\r\n` split across chunks.
        this.#afterCr = cr === text.length - 1;
      } else {
        break;
      }
      this.#line(text.slice(lineStart, end), events);
    }
    this.#partialLine = text.slice(start);
    return events;
  }

  #line(line: string, events: EventStreamEvent[]): void {
    if (line === '') {
      if (this.#data !== undefined) {
        events.push({ event: this.#eventType || 'message', data: this.#data });
      }
      this.#data = undefined;
      this.#eventType = '';
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) {
      return;
    }
    const field = colon === -1 ? line : line.slice(0, colon);
    // The value starts after the colon and one optional space.
    const value = colon === -1 ? '' : line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    if (field === 'data') {
      this.#data = this.#data === undefined ? value : `${this.#data}\n${value}`;
    } else if (field === 'event') {
      this.#eventType = value;
    }
  }
}
