import type { SentFrameMatch } from './sent-frame';
import type { TestRequest } from './test-request';
import type { TestWebSocketConnection } from './test-web-socket-connection';

/**
 * Which connection a test expects: a URL, or a predicate on the {@link TestWebSocketConnection}.
 *
 * A URL matches the connection's resolved URL exactly (`'ws://localhost/live'`), or, when it starts with
 * `/`, its path and query on any host (`'/live'`), which is how an app configured with a path connects.
 */
export type ConnectionMatch = string | ((connection: TestWebSocketConnection) => boolean);

/**
 * Plays the server and the clock for the app's WebSocket connections in a test, like `HttpTestingController`
 * does for HTTP. Set up with {@link provideWebSocketTesting}; no real socket, timer or mock server is used.
 *
 * Each connection the app attempts (the first one and every reconnect) waits to be claimed with
 * {@link expectConnection}; the test then opens it, delivers frames, closes it and expects what the app sent.
 * Time only moves with {@link tick}, so backoff delays and heartbeat pings happen exactly when the test says.
 *
 * @usageNotes
 * ```ts
 * TestBed.configureTestingModule({
 *   providers: [provideWebSocket({ url: '/live' }, withReconnect()), provideWebSocketTesting()],
 * });
 * const service = TestBed.inject(WebSocketService);
 * const controller = TestBed.inject(WebSocketTestingController);
 *
 * const connection = controller.expectConnection('/live');
 * connection.open();
 * service.send('hello');                        // the envelope {"type":"hello"}
 * connection.expectSent('hello');
 *
 * connection.close(1012, 'restarting');         // the server restarts
 * controller.tick(375);                          // half the first 750 ms backoff window
 * controller.expectConnection('/live').open();   // the app is back
 * controller.verify();
 * ```
 */
export abstract class WebSocketTestingController {
  /**
   * Expects that the app attempted exactly one connection matching `match` (any connection when omitted)
   * that no earlier expectation claimed, claims it and returns it. Fails, listing every connection so far,
   * when there is none or more than one. `description` names a predicate in that message.
   */
  abstract expectConnection(match?: ConnectionMatch, description?: string): TestWebSocketConnection;

  /** Expects that the app attempted no unclaimed connection matching `match` (any connection when omitted). */
  abstract expectNoConnection(match?: ConnectionMatch, description?: string): void;

  /** Claims and returns every unclaimed connection matching `match` (all when omitted), oldest first. */
  abstract match(match?: ConnectionMatch): TestWebSocketConnection[];

  /**
   * Moves the connection's clock `ms` forward, running every backoff, heartbeat and connect-timeout timer
   * that falls due, in order, then the animation frames waiting (see {@link flushFrames}). Only this moves
   * that clock; Jest's and Vitest's fake timers do not touch it.
   */
  abstract tick(ms: number): void;

  /**
   * Runs the animation frames waiting: `latest(type)` and `messageResource()` write their signals then, at most
   * once per frame, as in the browser. No real frame ever comes under the testing provider, so a test calls
   * this (or {@link tick}) after delivering messages, and needs no sleep.
   */
  abstract flushFrames(): void;

  /**
   * Expects that the app sent a request matching `match` (its `type`, or a predicate) on the one open
   * connection, and returns it to answer: `controller.expectRequest('chat.join').reply({ history: [] })`.
   * With several connections open, call `expectRequest` on the connection instead.
   */
  abstract expectRequest<Request = unknown, Reply = unknown>(match: SentFrameMatch, description?: string): TestRequest<Request, Reply>;

  /** The connection clock's current wall-clock time, in ms. It starts at `Date.now()` when the test begins. */
  abstract now(): number;

  /**
   * Fails when something happened that no expectation claimed: a connection no `expectConnection()` or
   * `match()` took, or a frame no `expectSent()` took (heartbeat pings included). Call it in `afterEach`.
   */
  abstract verify(): void;
}
