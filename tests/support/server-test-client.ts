import { type ClientOptions, type RawData, WebSocket } from 'ws';

/** An envelope as the reference server sends it. */
export interface ReceivedEnvelope {
  type: string;
  // `any` on purpose: tests read payload fields freely and assert on them.
  payload?: any;
  re?: number;
  channel?: string;
}

export interface CloseEvent {
  code: number;
  reason: string;
}

const DEFAULT_WAIT_MS = 2_000;

/**
 * What every test client of the reference server shares, whatever its transport: incoming envelopes wait in
 * an inbox until a test takes them with {@link next}, so a test reads them in order without racing the network.
 */
export abstract class EnvelopeInbox {
  private readonly inbox: ReceivedEnvelope[] = [];
  private readonly waiters = new Set<() => void>();

  /** Sends an envelope (an object is JSON-encoded; a string or Buffer goes as it is). */
  abstract send(frame: object | string | Buffer): void;

  /** Files one frame the server sent. */
  protected received(text: string): void {
    this.inbox.push(JSON.parse(text) as ReceivedEnvelope);
    this.waiters.forEach((wake) => wake());
  }

  /** Takes the first waiting envelope of `type` (matching `where`), waiting up to `timeoutMs` for it. */
  next(type: string, where: (envelope: ReceivedEnvelope) => boolean = () => true, timeoutMs = DEFAULT_WAIT_MS): Promise<ReceivedEnvelope> {
    return this.take((envelope) => envelope.type === type && where(envelope), `"${type}"`, timeoutMs);
  }

  /** Sends a request with `id`; resolves with the envelope that names it in `re` (the reply or an error). */
  request(type: string, id: number, payload: unknown): Promise<ReceivedEnvelope> {
    this.send({ type, id, payload });
    return this.take((envelope) => envelope.re === id, `a reply to ${type} #${id}`, DEFAULT_WAIT_MS);
  }

  /**
   * An echo round trip: afterwards every envelope the server sent this client before handling the echo
   * is in the inbox, so a test can assert that something did NOT arrive.
   */
  async sync(): Promise<void> {
    const marker = `sync-${Math.random()}`;
    this.send({ type: 'echo', payload: marker });
    await this.next('echo', (envelope) => envelope.payload === marker);
  }

  /** The envelopes of `type` still waiting in the inbox. */
  waiting(type: string): ReceivedEnvelope[] {
    return this.inbox.filter((envelope) => envelope.type === type);
  }

  private take(matches: (envelope: ReceivedEnvelope) => boolean, what: string, timeoutMs: number): Promise<ReceivedEnvelope> {
    return new Promise((resolve, reject) => {
      const tryTake = (): boolean => {
        const index = this.inbox.findIndex(matches);
        if (index === -1) {
          return false;
        }
        finish();
        resolve(this.inbox.splice(index, 1)[0]);
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no ${what} within ${timeoutMs} ms; inbox: ${JSON.stringify(this.inbox)}`));
      }, timeoutMs);
      const wake = () => void tryTake();
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      if (!tryTake()) {
        this.waiters.add(wake);
      }
    });
  }
}

/** A `ws` client for tests against the real reference server. */
export class TestClient extends EnvelopeInbox {
  /** Resolves with the close code and reason once the socket has closed. */
  readonly closed: Promise<CloseEvent>;

  private constructor(private readonly socket: WebSocket) {
    super();
    socket.on('message', (data: RawData) => this.received(data.toString()));
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a socket and resolves once it is open; rejects with the HTTP status if the handshake is refused. */
  static connect(url: string, options?: ClientOptions): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk));
        response.on('end', () => reject(Object.assign(new Error(`handshake refused: ${response.statusCode} ${body}`), { status: response.statusCode, body })));
      });
      socket.once('error', reject);
    });
  }

  send(frame: object | string | Buffer): void {
    this.socket.send(typeof frame === 'object' && !Buffer.isBuffer(frame) ? JSON.stringify(frame) : frame);
  }

  close(): Promise<CloseEvent> {
    this.socket.close();
    return this.closed;
  }
}
