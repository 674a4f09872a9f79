import { WebSocketArgumentError } from 'ngx-live-socket';
import { FakeWebSocket, type IncomingFrame } from './fake-web-socket';
import { type SentFrame, type SentFrameMatch, describeFrame, describeSentFrameMatch, readSentFrame, sentFrameMatches } from './sent-frame';
import { TestRequest } from './test-request';

/** Where a test connection stands, as the browser's `readyState` would say it. */
export type TestConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

/** What the app passed to `close(code, reason)` on its socket; `undefined` where it passed nothing. */
export interface AppCloseRequest {
  readonly code: number | undefined;
  readonly reason: string | undefined;
}

const STATES: readonly TestConnectionState[] = ['connecting', 'open', 'closing', 'closed'];
/** Close codes a server may put in a close frame (RFC 6455 section 7.4 and the IANA registry). */
const isServerCloseCode = (code: number) =>
  Number.isInteger(code) && ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
const MAX_CLOSE_REASON_BYTES = 123;

/** What the controller needs of a connection, kept off the public class. */
interface ConnectionInternals {
  readonly socket: WebSocket;
  unexpectedFrames(): readonly SentFrame[];
}
const internals = new WeakMap<TestWebSocketConnection, ConnectionInternals>();

/** The socket handed to the app for this connection. */
export function ɵsocketOf(connection: TestWebSocketConnection): WebSocket {
  return internals.get(connection)!.socket;
}

/** Frames sent on this connection that no `expectSent()` has claimed yet. */
export function ɵunexpectedFramesOf(connection: TestWebSocketConnection): readonly SentFrame[] {
  return internals.get(connection)!.unexpectedFrames();
}

/**
 * One connection the app attempted, seen from the server's side: the test accepts the handshake, delivers
 * frames, closes or fails the link, and checks what the app sent. Made by {@link WebSocketTestingController};
 * the app holds a socket that behaves like the browser's.
 *
 * @usageNotes
 * ```ts
 * const connection = controller.expectConnection('/live');
 * expect(connection.protocols).toEqual(['v1']);
 * connection.open();
 * connection.deliverMessage('chat.message', { text: 'hi' });
 * expect(connection.expectSent('chat.read').payload).toEqual({ upTo: 1 });
 * connection.close(1012, 'restarting');
 * ```
 */
export class TestWebSocketConnection {
  /** The URL the app connected to, resolved (`ws:`/`wss:`, absolute). */
  readonly url: string;
  /** The subprotocols the app offered in the handshake, in its order. */
  readonly protocols: readonly string[];

  private readonly socket: FakeWebSocket;
  private readonly frames: SentFrame[] = [];
  private readonly expectedFrames = new Set<SentFrame>();
  private readonly discardedFrames: SentFrame[] = [];
  private appClose: AppCloseRequest | null = null;

  constructor(url: string, protocols?: string | string[]) {
    this.url = url;
    this.protocols = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols];
    this.socket = new FakeWebSocket(url, {
      sent: (data) => this.frames.push(readSentFrame(data)),
      discarded: (data) => this.discardedFrames.push(readSentFrame(data)),
      closedByApp: (code, reason) => (this.appClose = { code, reason }),
    });
    internals.set(this, {
      socket: this.socket,
      unexpectedFrames: () => this.frames.filter((frame) => !this.expectedFrames.has(frame)),
    });
  }

  /** `connecting` until {@link open}, then `open`, and `closed` once either side closed it. */
  get state(): TestConnectionState {
    return STATES[this.socket.readyState];
  }

  /** The subprotocol given to {@link open} (empty when none). */
  get protocol(): string {
    return this.socket.protocol;
  }

  /** The `binaryType` the app set on its socket: how it wants binary frames delivered. */
  get binaryType(): BinaryType {
    return this.socket.binaryType;
  }

  /** Every frame the app sent while the socket was open, in order, expected or not. */
  get sent(): readonly SentFrame[] {
    return [...this.frames];
  }

  /** How the app closed this socket (the code and reason it passed), or `null` if it did not. */
  get closedByApp(): AppCloseRequest | null {
    return this.appClose;
  }

  /**
   * The server accepts the handshake: the socket opens and the app sees `open`. `protocol` must be one the
   * app offered, as a browser would otherwise fail the connection.
   */
  open(protocol = ''): void {
    this.assertState('open()', ['connecting']);
    if (protocol !== '' && !this.protocols.includes(protocol)) {
      throw new WebSocketArgumentError(
        'open() protocol',
        `"${protocol}" was not offered by the app; it offered ${this.protocols.length === 0 ? 'none' : this.protocols.map((p) => `"${p}"`).join(', ')}.`,
      );
    }
    this.socket.accept(protocol);
  }

  /** The server sends a frame: text, or binary as the browser delivers it. */
  deliver(frame: IncomingFrame): void {
    const binary = frame instanceof ArrayBuffer || (typeof Blob === 'function' && frame instanceof Blob);
    if (typeof frame !== 'string' && !binary) {
      throw new WebSocketArgumentError('deliver() frame', `expected a string, an ArrayBuffer or a Blob, got ${describeValue(frame)}. For a JSON message use deliverMessage(type, payload).`);
    }
    this.assertState('deliver()', ['open'], 'call open() first');
    this.socket.receive(frame);
  }

  /** The server sends a message in the default JSON envelope: `{"type": type, "payload": payload}`. */
  deliverMessage(type: string, payload?: unknown): void {
    if (typeof type !== 'string' || type === '') {
      throw new WebSocketArgumentError('deliverMessage() type', `expected a non-empty string, got ${describeValue(type)}.`);
    }
    this.deliver(JSON.stringify({ type, payload }));
  }

  /**
   * The server closes the connection with `code` (1000-1003, 1007-1014 or 3000-4999, as a server may send)
   * and `reason`. For a link that fails without a close frame (code 1006), use {@link error}.
   */
  close(code = 1000, reason = ''): void {
    if (!isServerCloseCode(code)) {
      const hint = code === 1006 ? ' 1006 is what the browser reports when the link fails: use error() for that.' : '';
      throw new WebSocketArgumentError('close() code', `${String(code)} is not a code a server sends; use 1000-1003, 1007-1014 or 3000-4999.${hint}`);
    }
    const bytes = new TextEncoder().encode(reason).length;
    if (bytes > MAX_CLOSE_REASON_BYTES) {
      throw new WebSocketArgumentError('close() reason', `it is ${bytes} UTF-8 bytes long; the limit is ${MAX_CLOSE_REASON_BYTES}.`);
    }
    this.assertState('close()', ['open', 'closing'], 'a server closes only what it accepted: call open() first, or error() to refuse the handshake');
    this.socket.closeFromServer(code, reason);
  }

  /**
   * The connection fails: the handshake is refused, or the network goes away. The app sees `error`, then
   * `close` with code 1006, as in the browser.
   */
  error(): void {
    this.assertState('error()', ['connecting', 'open', 'closing']);
    this.socket.fail();
  }

  /**
   * Expects that the app sent a frame matching `match` and returns the oldest such frame not yet expected, so
   * repeated calls walk through frames in the order they were sent. `match` is an envelope `type`, or a
   * predicate on the {@link SentFrame} (which also sees raw and binary frames). Fails with the frames that
   * were sent instead.
   */
  expectSent<Payload = unknown>(match: SentFrameMatch, description?: string): SentFrame<Payload> {
    assertSentFrameMatch('expectSent()', match);
    return this.claimFrame((frame) => sentFrameMatches(frame, match), `a frame ${describeSentFrameMatch(match, description)}`) as SentFrame<Payload>;
  }

  /**
   * Expects that the app sent a request (a frame with an `id`) matching `match`, the oldest not yet expected,
   * and returns it for the test to answer in one line: `connection.expectRequest('chat.join').reply({ history: [] })`
   * or `.error('name taken')`. `Request` and `Reply` type its payload and the reply's.
   */
  expectRequest<Request = unknown, Reply = unknown>(match: SentFrameMatch, description?: string): TestRequest<Request, Reply> {
    assertSentFrameMatch('expectRequest()', match);
    const frame = this.claimFrame(
      (candidate) => candidate.id !== undefined && sentFrameMatches(candidate, match),
      `a request ${describeSentFrameMatch(match, description)} (a frame with an "id")`,
    );
    return new TestRequest<Request, Reply>(frame as SentFrame<Request>, (envelope) => this.deliver(JSON.stringify(envelope)));
  }

  /** `ws://host/live (open)`: how failure messages name the connection. */
  toString(): string {
    const offered = this.protocols.length === 0 ? '' : ` [protocols ${this.protocols.join(', ')}]`;
    return `${this.url}${offered} (${this.state})`;
  }

  /** Claims the oldest frame not yet expected that `matches`; fails listing the frames there are instead. */
  private claimFrame(matches: (frame: SentFrame) => boolean, what: string): SentFrame {
    const frame = this.frames.find((candidate) => !this.expectedFrames.has(candidate) && matches(candidate));
    if (frame === undefined) {
      throw new Error(`Expected ${what} sent on ${this}, found none.\n${this.describeSentFrames()}`);
    }
    this.expectedFrames.add(frame);
    return frame;
  }

  private describeSentFrames(): string {
    const unexpected = ɵunexpectedFramesOf(this);
    const lines = [
      unexpected.length === 0
        ? `No frame sent on it is waiting to be expected (${this.frames.length} sent, all expected already).`
        : `Frames sent and not yet expected (${unexpected.length}):`,
      ...unexpected.map((frame, index) => `  ${index + 1}. ${describeFrame(frame.data)}`),
    ];
    if (this.discardedFrames.length > 0) {
      lines.push(
        `${this.discardedFrames.length} more sent after the socket started closing, which the browser drops:`,
        ...this.discardedFrames.map((frame) => `  - ${describeFrame(frame.data)}`),
      );
    }
    return lines.join('\n');
  }

  private assertState(action: string, allowed: readonly TestConnectionState[], whileConnecting = ''): void {
    if (allowed.includes(this.state)) {
      return;
    }
    const why =
      this.state === 'connecting'
        ? whileConnecting
        : this.state === 'open'
          ? 'it is open already'
          : this.appClose === null
            ? 'it has closed'
            : `the app closed it (code ${this.appClose.code ?? 'none'}, reason ${JSON.stringify(this.appClose.reason ?? '')})`;
    throw new Error(`Cannot ${action} on ${this}: ${why}.`);
  }
}

function assertSentFrameMatch(method: string, match: unknown): asserts match is SentFrameMatch {
  if (typeof match !== 'string' && typeof match !== 'function') {
    throw new WebSocketArgumentError(`${method} match`, `expected a message type or a predicate, got ${describeValue(match)}.`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  return value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'an object') : `${typeof value} ${String(value)}`;
}
