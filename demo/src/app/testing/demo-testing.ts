import { TestBed } from '@angular/core/testing';
import { resolveReconnectPolicy } from 'ngx-live-socket';
import { type TestWebSocketConnection, WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { demoAppConfig } from '../app.config';

/**
 * Configures TestBed with the demo's real providers (url, reconnect, heartbeat, queue, delivery, shared
 * connection, stores) as a page at an address with the query `search` gets them (e.g. `?shared=0`): only the
 * socket, the clock and the backoff jitter are the test's. Returns the controller that plays them.
 */
export function configureDemoTesting(search = ''): WebSocketTestingController {
  // The demo persists its queue in localStorage: no test starts with what an earlier one left there.
  localStorage.clear();
  TestBed.configureTestingModule({ providers: [...demoAppConfig(search).providers, provideWebSocketTesting()] });
  return TestBed.inject(WebSocketTestingController);
}

/** The server accepts the app's next connection; with acks and resume its first frame is always `resume`. */
export function acceptConnection(controller: WebSocketTestingController): TestWebSocketConnection {
  const connection = controller.expectConnection('/ws');
  connection.open();
  connection.expectSent('resume');
  return connection;
}

/** The first retry after a drop: half of the first backoff window (the testing jitter is 0.5). */
export const FIRST_RETRY_MS = resolveReconnectPolicy().baseDelayMs / 2;

/** The demo's heartbeat pings after this long without a frame. */
export const HEARTBEAT_INTERVAL_MS = 2_000;
