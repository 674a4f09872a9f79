import { Observable } from 'rxjs';
import { WebSocketArgumentError } from '../errors/argument-error';
import { ChannelRegistry } from './channel-registry';
import { CONTROL_TYPES, type Envelope } from './envelope';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** What channels need from the messaging layer they belong to. */
export interface ChannelsHost {
  /** Every incoming envelope of one channel. */
  ofChannel(name: string): Observable<Envelope>;
  /** Sends a control frame if the link is open (a later link subscribes again on its own). */
  sendControl(envelope: Envelope): void;
}

/**
 * Server-side channel subscriptions: the `channels` part (`withChannels()` in Angular). The first subscriber
 * of a channel makes the server subscribe (`sub`), the last one's unsubscribe sends `unsub`, and each new
 * link subscribes every active channel again.
 */
export class Channels {
  readonly #registry = new ChannelRegistry();

  readonly #host: ChannelsHost;

  constructor(host: ChannelsHost) {
    this.#host = host;
  }

  /**
   * Messages of one channel. An `unsub` while the link is down is not queued: the next link simply does not
   * subscribe.
   */
  channel(name: string): Observable<Envelope> {
    if (typeof name !== 'string' || name === '') {
      throw new WebSocketArgumentError('channel name', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(name)} is not allowed; expected a non-empty string.`);
    }
    const host = this.#host;
    const registry = this.#registry;
    return new Observable<Envelope>((subscriber) => {
      const subscription = host.ofChannel(name).subscribe(subscriber);
      if (registry.acquire(name)) {
        host.sendControl({ type: CONTROL_TYPES.sub, channel: name });
      }
      return () => {
        subscription.unsubscribe();
        if (registry.release(name)) {
          host.sendControl({ type: CONTROL_TYPES.unsub, channel: name });
        }
      };
    });
  }

  /** A link opened: every channel someone listens to is subscribed on it. */
  linkOpened(): void {
    for (const channel of this.#registry.active()) {
      this.#host.sendControl({ type: CONTROL_TYPES.sub, channel });
    }
  }
}
