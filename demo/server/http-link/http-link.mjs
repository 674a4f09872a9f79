import { EventEmitter } from 'node:events';
import { eventStreamComment, eventStreamEvent } from './event-stream.mjs';

/** `ws`'s readyState values: `Connection` compares with `WebSocket.OPEN`, so a link must use the same. */
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** What a link's 'close' event reports when the stream ended without the server closing it (the client aborted). */
const CLOSE_ABNORMAL = 1006;

/**
 * One HTTP link (docs/protocol.md, "HTTP transport") dressed as a `ws` WebSocket, so the reference server's
 * `accept()` takes it unchanged: the same `Connection`, dispatcher, limits, delivery sessions and presence.
 * Server -> client frames are events on the open `text/event-stream` response; client -> server frames come
 * from POSTs, which the endpoints hand over with {@link HttpLink#receive}.
 *
 * Events, as `ws` emits them: `message (data: Buffer, isBinary: false)`, `error (error)`,
 * `close (code: number, reason: Buffer)`: once, when the response is over (ended by us, or aborted by the client).
 */
export class HttpLink extends EventEmitter {
  static OPEN = OPEN;
  static CLOSING = CLOSING;
  static CLOSED = CLOSED;

  /** @type {1 | 2 | 3} */
  readyState = OPEN;
  /** The close the server sent on the stream, once it sent one: the endpoints name it in a POST's answer. */
  closedWith = /** @type {{ code: number, reason: string } | undefined} */ (undefined);
  #response;
  #keepalive;

  /**
   * Writes the `open` event at once; the response's headers must already be written.
   *
   * @param {import('node:http').ServerResponse} response the stream, status and headers already sent
   * @param {{ id: string, keepaliveMs: number }} options `keepaliveMs`: how often an idle-proof comment goes out
   */
  constructor(response, { id, keepaliveMs }) {
    super();
    /** Names the link in POSTs (`nls-link`): 128 random bits, the only credential a POST carries. */
    this.id = id;
    this.#response = response;
    response.write(eventStreamEvent(JSON.stringify({ link: id }), 'open'));
    this.#keepalive = setInterval(() => this.readyState === OPEN && response.write(eventStreamComment('keepalive')), keepaliveMs).unref();
    response.on('error', (error) => this.emit('error', error));
    // The response is over: we ended it (close, terminate) or the client aborted the request.
    response.once('close', () => {
      clearInterval(this.#keepalive);
      this.readyState = CLOSED;
      const { code, reason } = this.closedWith ?? { code: CLOSE_ABNORMAL, reason: '' };
      this.emit('close', code, Buffer.from(reason));
    });
  }

  /** Sends one frame as a data event. Like `ws`, does nothing once the link is closing. */
  send(text) {
    if (this.readyState === OPEN) {
      this.#response.write(eventStreamEvent(String(text)));
    }
  }

  /**
   * Holds the frames sent until {@link HttpLink#uncork}, so a burst leaves in large writes (a server sending
   * many frames at once, e.g. a replay or a benchmark's flood), as `net.Socket#cork` does for a WebSocket.
   */
  cork() {
    this.#response.cork();
  }

  uncork() {
    this.#response.uncork();
  }

  /** Writes the `close` event, so the client learns the code and reason, and ends the response. */
  close(code = 1000, reason = '') {
    if (this.readyState !== OPEN) {
      return;
    }
    this.readyState = CLOSING;
    this.closedWith = { code, reason };
    this.#response.end(eventStreamEvent(JSON.stringify({ code, reason }), 'close'));
  }

  /** Cuts the stream without a close event: the client records 1006, as when a network fails. */
  terminate() {
    if (this.readyState === CLOSED) {
      return;
    }
    this.readyState = CLOSING;
    this.#response.destroy();
  }

  /**
   * Hands one frame a POST carried to whoever listens, as `ws` does with a text frame. Ignored once the link
   * is closing (the handler of an earlier frame closed it).
   *
   * @param {string} frame
   */
  receive(frame) {
    if (this.readyState === OPEN) {
      this.emit('message', Buffer.from(frame), false);
    }
  }
}
