import type { WebSocketFactory } from 'ngx-live-socket';
import type { ManualClock } from '../../projects/ngx-live-socket/testing/src/manual-clock';
import { TestWebSocketConnection, ɵsocketOf } from '../../projects/ngx-live-socket/testing/src/test-web-socket-connection';

/**
 * How long a refused attempt takes to fail while the server is down. Not 0: with a 0 ms backoff (random 0)
 * the client would retry at the same instant forever and the clock could never move on.
 */
export const REFUSED_AFTER_MS = 4;

/**
 * Plays the server for the core specs on the library's own harness: every socket the client creates is a
 * {@link TestWebSocketConnection} the test accepts, talks on and closes, and time is the {@link ManualClock}
 * the client was given. Nothing happens by itself, except that while the server is {@link goDown | down}
 * each attempt is refused {@link REFUSED_AFTER_MS} after it is made.
 */
export class FakeServer {
  /** Every connection the client attempted, oldest first: the first connect and each retry. */
  readonly connections: TestWebSocketConnection[] = [];
  /** Each URL the client connected to, in order. */
  readonly urls: string[] = [];
  private down = false;

  readonly factory: WebSocketFactory = (url, protocols) => {
    const connection = new TestWebSocketConnection(url, protocols);
    this.connections.push(connection);
    this.urls.push(url);
    if (this.down) {
      this.clock.setTimeout(() => this.down && connection.state === 'connecting' && connection.error(), REFUSED_AFTER_MS);
    }
    return ɵsocketOf(connection);
  };

  constructor(private readonly clock: ManualClock) {}

  /** The newest connection attempt. */
  get latest(): TestWebSocketConnection {
    const latest = this.connections.at(-1);
    if (latest === undefined) {
      throw new Error('FakeServer: the client attempted no connection yet.');
    }
    return latest;
  }

  /** The server accepts the newest attempt (with `protocol`, if given) and returns its connection. */
  accept(protocol?: string): TestWebSocketConnection {
    this.latest.open(protocol);
    return this.latest;
  }

  /**
   * The server stops: it closes every open connection with 1000 (as a server shutting down cleanly does),
   * and refuses every attempt (`error`, then close 1006) until {@link comeBack}.
   */
  goDown(): void {
    this.down = true;
    this.connections.filter((connection) => connection.state === 'open').forEach((connection) => connection.close(1000));
    this.connections.filter((connection) => connection.state === 'connecting').forEach((connection) => connection.error());
  }

  /** The server is up again: the attempt waiting now, and each later one, waits for the test to accept it. */
  comeBack(): void {
    this.down = false;
  }
}
