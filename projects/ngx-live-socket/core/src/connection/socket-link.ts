import type { CloseInfo } from './close-info';
import type { OutgoingFrame } from './outgoing-frame';
import type { WebSocketFactory } from './web-socket-factory';
import type { SocketBinaryType, TransportKind, WebSocketLike } from './web-socket-like';

/**
 * What a socket's error event carried. Browsers tell nothing (both empty); Node's `ws` gives the error,
 * e.g. "Unexpected server response: 401" for a refused handshake.
 */
export interface SocketErrorInfo {
  readonly message: string;
  readonly cause?: unknown;
}

/** What a socket link tells its owner. Events of an abandoned link are never delivered. */
export interface SocketLinkEvents {
  /** `protocol`: the subprotocol the server chose, `''` for none; `transport`: what carries the link. */
  open(protocol: string, transport: TransportKind): void;
  message(data: unknown): void;
  close(close: CloseInfo): void;
  error(info: SocketErrorInfo): void;
}

/** What is read of each event; a test double may leave out what a real socket always gives. */
type MessageEventFields = { readonly data: unknown };
type ErrorEventFields = { readonly message?: unknown; readonly error?: unknown };
type CloseEventFields = { readonly code: number; readonly reason?: string; readonly wasClean?: boolean };

const OPEN = 1;
const CLOSING = 2;

/**
 * A link: one native socket for one connection attempt. The connection throws a link away when it drops
 * and opens a fresh one, so a late event from an old socket can never touch the new connection.
 */
export class SocketLink {
  #abandoned = false;

  readonly #socket: WebSocketLike;

  private constructor(
    socket: WebSocketLike,
    events: SocketLinkEvents,
  ) {
    this.#socket = socket;
    // Plain listeners, each checking `abandoned`: the message one runs for every frame, so it stays minimal.
    socket.addEventListener('open', () => !this.#abandoned && events.open(socket.protocol ?? '', socket.transport ?? 'websocket'));
    socket.addEventListener('message', (event) => {
      if (!this.#abandoned) {
        events.message((event as MessageEventFields).data);
      }
    });
    socket.addEventListener('error', (event) => {
      const { message, error } = event as ErrorEventFields;
      if (!this.#abandoned) {
        events.error({ message: String(message ?? ''), cause: error });
      }
    });
    socket.addEventListener('close', (event) => {
      if (!this.#abandoned) {
        this.#abandoned = true;
        // Read in place: a local for the cast event costs bytes in every app's bundle (npm run test:size).
        events.close({
          code: (event as CloseEventFields).code,
          reason: (event as CloseEventFields).reason ?? '',
          wasClean: (event as CloseEventFields).wasClean ?? false,
        });
      }
    });
  }

  /** Creates the native socket through the factory. Throws what the factory or the constructor throws. */
  static open(
    factory: WebSocketFactory,
    url: string,
    protocols: string | string[] | undefined,
    binaryType: SocketBinaryType | undefined,
    events: SocketLinkEvents,
  ): SocketLink {
    const socket = factory(url, protocols);
    if (binaryType !== undefined) {
      socket.binaryType = binaryType;
    } else if (socket.binaryType !== 'blob' && socket.binaryType !== 'arraybuffer') {
      // Node's `ws` defaults to 'nodebuffer': binary frames would be Buffers, not the ArrayBuffer or Blob
      // that `binary$` promises. A Blob is the browser default, but an ArrayBuffer is what Node code can read.
      socket.binaryType = 'arraybuffer';
    }
    return new SocketLink(socket, events);
  }

  get isOpen(): boolean {
    return !this.#abandoned && this.#socket.readyState === OPEN;
  }

  send(frame: OutgoingFrame): void {
    this.#socket.send(frame as string);
  }

  /** Starts the closing handshake; the close event still arrives. */
  close(code?: number, reason?: string): void {
    if (this.#socket.readyState < CLOSING) {
      this.#socket.close(code, reason);
    }
  }

  /**
   * Stops listening and closes the socket without waiting for the handshake, which may never finish on a
   * dead link. No further event of this link reaches the owner.
   */
  abandon(code?: number, reason?: string): void {
    this.#abandoned = true;
    try {
      this.close(code, reason);
    } catch {
      // A socket that is already unusable has nothing left to close.
    }
  }
}

