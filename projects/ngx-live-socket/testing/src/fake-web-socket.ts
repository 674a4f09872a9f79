import type { OutgoingFrame } from 'ngx-live-socket';

/** A frame a server can deliver: text, or binary as the browser hands it over. */
export type IncomingFrame = string | ArrayBuffer | Blob;

/** What the fake reports to the test's side of the connection. */
export interface FakeWebSocketHooks {
  /** The app sent a frame on the open socket. */
  sent(data: OutgoingFrame): void;
  /** The app sent a frame after the socket started closing; a browser drops it without a word. */
  discarded(data: OutgoingFrame): void;
  /** The app called `close(code, reason)` (both as given, possibly `undefined`). */
  closedByApp(code: number | undefined, reason: string | undefined): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** The code a close event carries when the app closed without one (no status in the close frame). */
const NO_STATUS_RECEIVED = 1005;
/** The code a close event carries when the connection failed instead of closing. */
const ABNORMAL_CLOSURE = 1006;
const MAX_CLOSE_REASON_BYTES = 123;

type Handler<EventT extends Event> = ((this: WebSocket, event: EventT) => unknown) | null;

/**
 * The socket the app holds in a test: it behaves like the browser's `WebSocket` (ready states, events through
 * `addEventListener` and the `on*` properties, `send` and `close` with the browser's checks and errors), while
 * the test plays the server through the methods below `// The server's side`.
 *
 * One difference on purpose: events fire synchronously when the test (or the app's `close()`) causes them,
 * not on a later task, so a test reads the outcome on the next line without waiting.
 */
export class FakeWebSocket extends EventTarget implements WebSocket {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSING = CLOSING;
  readonly CLOSED = CLOSED;

  readyState: number = CONNECTING;
  binaryType: BinaryType = 'blob';
  protocol = '';
  readonly extensions = '';
  readonly bufferedAmount = 0;
  onopen: Handler<Event> = null;
  onmessage: Handler<MessageEvent> = null;
  onerror: Handler<Event> = null;
  onclose: Handler<CloseEvent> = null;

  constructor(
    readonly url: string,
    private readonly hooks: FakeWebSocketHooks,
  ) {
    super();
  }

  send(data: OutgoingFrame): void {
    if (this.readyState === CONNECTING) {
      throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
    }
    if (this.readyState === OPEN) {
      this.hooks.sent(data);
    } else {
      this.hooks.discarded(data);
    }
  }

  close(code?: number, reason?: string): void {
    if (code !== undefined && !(code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999))) {
      throw new DOMException(
        `Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
        'InvalidAccessError',
      );
    }
    if (reason !== undefined && new TextEncoder().encode(reason).length > MAX_CLOSE_REASON_BYTES) {
      throw new DOMException(
        `Failed to execute 'close' on 'WebSocket': The close reason must not be greater than ${MAX_CLOSE_REASON_BYTES} UTF-8 bytes.`,
        'SyntaxError',
      );
    }
    if (this.readyState >= CLOSING) {
      return;
    }
    const handshakeDone = this.readyState === OPEN;
    this.readyState = CLOSING;
    this.hooks.closedByApp(code, reason);
    if (handshakeDone) {
      // The test stands in for the server, which answers a close frame at once.
      this.closed(code ?? NO_STATUS_RECEIVED, reason ?? '', true);
    } else {
      // Closing before the handshake finished fails the connection, as in the browser.
      this.fail();
    }
  }

  // The server's side, driven by the test.

  /** The handshake succeeds, with the subprotocol the server picked. */
  accept(protocol: string): void {
    this.readyState = OPEN;
    this.protocol = protocol;
    this.fire(new Event('open'), this.onopen);
  }

  /** A frame arrives from the server. */
  receive(data: IncomingFrame): void {
    this.fire(new MessageEvent('message', { data, origin: new URL(this.url).origin }), this.onmessage);
  }

  /** The server closes the connection with a close frame. */
  closeFromServer(code: number, reason: string): void {
    this.readyState = CLOSING;
    this.closed(code, reason, true);
  }

  /** The connection fails (refused handshake, network gone): `error`, then `close` with 1006. */
  fail(): void {
    this.readyState = CLOSED;
    this.fire(new Event('error'), this.onerror);
    this.fire(closeEvent(ABNORMAL_CLOSURE, '', false), this.onclose);
  }

  private closed(code: number, reason: string, wasClean: boolean): void {
    this.readyState = CLOSED;
    this.fire(closeEvent(code, reason, wasClean), this.onclose);
  }

  private fire<EventT extends Event>(event: EventT, handler: Handler<EventT>): void {
    this.dispatchEvent(event);
    handler?.call(this, event);
  }
}

/** `CloseEvent` exists in browsers and jsdom but not in Node before 23: there an Event carries the same fields. */
function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  if (typeof CloseEvent === 'function') {
    return new CloseEvent('close', { code, reason, wasClean });
  }
  return Object.assign(new Event('close'), { code, reason, wasClean }) as CloseEvent;
}
