import type { Observable } from 'rxjs';
import type { WebSocketError } from '../errors/web-socket-error';
import type { OutgoingFrame } from './outgoing-frame';
import type { ConnectionState } from './connection-state';
import type { ConnectionStats } from './connection-stats';

/**
 * What happens to the link under a transport: `open` as a link opens, before `state$` announces it, so
 * what the layer above sends then (resume, channel subscriptions, the queue) goes out before anything the
 * app sends in reaction; `dropped` as an open link drops, before the state changes.
 */
export type LinkEvent = 'open' | 'dropped';

/**
 * The one contract between the messaging layer and whatever carries its frames: today a WebSocket with
 * reconnect and heartbeat ({@link SocketConnection}); a link shared by the tabs of a browser or an HTTP
 * fallback plug in here too. Data flows up through the observables, commands go down through the methods;
 * a transport never calls the layer above.
 *
 * The observables emit synchronously, in the order things happen: for an incoming frame, `frames$`; for a
 * new link, `links$` (`open`) then `state$` (`open`).
 */
export interface Transport {
  /** Replays the current state. */
  readonly state$: Observable<ConnectionState>;
  readonly state: ConnectionState;
  /** Replays the current counters. */
  readonly stats$: Observable<ConnectionStats>;
  readonly stats: ConnectionStats;
  /** What went wrong with the link, as it happens; the transport recovers by itself where it can. */
  readonly errors$: Observable<WebSocketError>;
  readonly links$: Observable<LinkEvent>;
  /** Every incoming frame as the link delivered it (string, ArrayBuffer or Blob), heartbeat pongs excepted. */
  readonly frames$: Observable<unknown>;
  /** True while a link is open, also during `links$`'s `open`, before `state$` says so. */
  readonly isOpen: boolean;

  connect(): void;
  /** Closes for good (no reconnect); bad arguments throw at once. */
  close(code?: number, reason?: string): void;
  /** Closes, stops every timer and listener, completes the observables. */
  dispose(): void;
  /** Sends a frame if a link is open; `false` otherwise, with nothing reported (the caller decides). */
  trySend(frame: OutgoingFrame): boolean;
}
