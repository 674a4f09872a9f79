import { DeliverySession } from '../delivery/delivery-session';
import { createReliability } from '../delivery/reliability';
import { createHeartbeat } from '../heartbeat/heartbeat';
import { createHttpFallback } from '../http/http-fallback';
import { createOutbox } from '../queue/outbox';
import { createQueuePersistence } from '../queue/queue-persistence';
import { MessagingCore, type MessagingClientOptions, type MessagingParts } from './messaging-core';
import { Channels } from './channels';
import { Requests } from './requests';
import type { SocketProtocol, UntypedProtocol } from './socket-protocol';

export {
  type MessagingClientOptions,
  type MessagingStats,
  type LiveSocketStats,
  INITIAL_LIVE_SOCKET_STATS,
} from './messaging-core';
export { type RequestOptions, DEFAULT_REQUEST_TIMEOUT_MS } from './requests';

const EVERY_PART: MessagingParts = { heartbeat: createHeartbeat, httpFallback: createHttpFallback, outbox: createOutbox, delivery: DeliverySession, persistence: createQueuePersistence, reliability: createReliability, requests: Requests, channels: Channels };

/**
 * A resilient connection that speaks messages: typed streams per message type (`on`), channels with
 * server-side subscriptions, requests with replies, an offline queue, and with `delivery`, acks and resume
 * so nothing is lost or duplicated across reconnects. Framework-free, with every feature; options are
 * plain objects: `new MessagingClient({ url, reconnect: { baseDelayMs: 250 }, queue: { maxMessages: 100 } })`.
 */
export class MessagingClient<P extends SocketProtocol = UntypedProtocol> extends MessagingCore<P> {
  constructor(options: MessagingClientOptions) {
    super(options, EVERY_PART);
  }
}
