/*
 * Public API of ngx-live-socket/core: the framework-free client, with no @angular import. It runs in a
 * browser, a Web Worker, another framework or plain Node (with `ws`). The main entry point re-exports it.
 * Names are listed one by one: what is not here is internal. Names starting with ɵ are for the library's
 * own entry points only and may change in any release.
 */

export { SocketClient, type SocketClientOptions } from './src/connection/socket-client';
export type { Transport, LinkEvent } from './src/connection/transport';
export { MessagingClient, type MessagingClientOptions, type MessagingStats, type LiveSocketStats, type RequestOptions } from './src/messaging/messaging-client';
export type {
  SocketProtocol,
  UntypedProtocol,
  IncomingEnvelope,
  IncomingType,
  IncomingPayload,
  OutgoingType,
  OutgoingPayload,
  RequestType,
  RequestPayload,
  ReplyPayload,
  PayloadArgument,
} from './src/messaging/socket-protocol';
export { type Envelope, CONTROL_TYPES } from './src/messaging/envelope';
export { type WebSocketCodec, jsonEnvelopeCodec } from './src/codec/codec';
export { type PlainTextProtocol, TEXT_MESSAGE_TYPE, textCodec } from './src/codec/text-codec';
export { SendHandle, type SendStatus, type SendFailureReason } from './src/queue/send-handle';
export { WebSocketRequestError, type RequestErrorKind } from './src/messaging/request-error';
export { type OfflineQueueOptions, type OverflowPolicy, resolveOfflineQueuePolicy } from './src/queue/offline-queue-policy';
export type { QueueStorage } from './src/queue/queue-storage';
export type { SessionLocks } from './src/queue/session-locks';
export { type DeliveryOptions, resolveDeliveryPolicy } from './src/delivery/delivery';
export type { ConnectionState } from './src/connection/connection-state';
export type { ConnectionStats } from './src/connection/connection-stats';
export type { CloseInfo } from './src/connection/close-info';
export type { Clock } from './src/platform/clock';
export type { RandomSource } from './src/platform/random-source';
export { type WebSocketFactory, WebSocketUnavailableError } from './src/connection/web-socket-factory';
export type { SocketBinaryType, TransportKind, WebSocketLike } from './src/connection/web-socket-like';
export type { HttpFallbackOptions, TransportChoiceStorage } from './src/http/http-fallback';
export { HttpSocket, type HttpSocketOptions } from './src/http/http-socket';
export type { FetchLike } from './src/http/fetch-like';
export type { SocketUrlSource } from './src/connection/socket-url';
export { WebSocketArgumentError } from './src/errors/argument-error';
export { WebSocketError, type WebSocketErrorDetails, type WebSocketErrorKind } from './src/errors/web-socket-error';
export { type ReconnectOptions, nextReconnectDelay, resolveReconnectPolicy } from './src/connection/backoff';
export { type HeartbeatOptions, resolveHeartbeatPolicy } from './src/heartbeat/heartbeat';
export type { OutgoingFrame } from './src/connection/outgoing-frame';
export type { SharedConnectionOptions } from './src/tabs/shared-connection';
export type { SharedTabStats } from './src/tabs/shared-core';
export type { TabRole } from './src/tabs/tab-election';
export type { TabChannelLike } from './src/tabs/tab-channel';
export type { LockManagerLike } from './src/queue/session-locks';

// For ngx-live-socket's Angular layer and testing entry point only.
export { ɵassertPingFitsCodec } from './src/heartbeat/heartbeat';
export type { HeartbeatPolicy } from './src/heartbeat/heartbeat';
export type { ReconnectPolicy } from './src/connection/backoff';
export type { DeliveryPolicy } from './src/delivery/delivery';
export type { OfflineQueuePolicy } from './src/queue/offline-queue-policy';
export { checkSocketUrl as ɵcheckSocketUrl } from './src/connection/socket-url';
export { systemClock as ɵsystemClock } from './src/platform/clock';
export { mathRandom as ɵmathRandom } from './src/platform/random-source';
export { globalWebSocketFactory as ɵglobalWebSocketFactory } from './src/connection/web-socket-factory';
export { browserConnectivityEvents as ɵbrowserConnectivityEvents, noConnectivityEvents as ɵnoConnectivityEvents } from './src/connection/connectivity-events';
export { INITIAL_LIVE_SOCKET_STATS as ɵINITIAL_LIVE_SOCKET_STATS } from './src/messaging/messaging-client';
export { MessagingCore as ɵMessagingCore, type MessagingParts } from './src/messaging/messaging-core';
export { createHeartbeat as ɵcreateHeartbeat } from './src/heartbeat/heartbeat';
export { createHttpFallback as ɵcreateHttpFallback, resolveHttpFallbackTimes as ɵresolveHttpFallbackTimes } from './src/http/http-fallback';
export { createOutbox as ɵcreateOutbox } from './src/queue/outbox';
export { DeliverySession as ɵDeliverySession } from './src/delivery/delivery-session';
export { createReliability as ɵcreateReliability } from './src/delivery/reliability';
export { createQueuePersistence as ɵcreateQueuePersistence } from './src/queue/queue-persistence';
export { Requests as ɵRequests } from './src/messaging/requests';
export { Channels as ɵChannels } from './src/messaging/channels';
export { createSharedConnection as ɵcreateSharedConnection, checkSharedConnectionOptions as ɵcheckSharedConnectionOptions } from './src/tabs/shared-connection';
export type { LiveSocketCore as ɵLiveSocketCore } from './src/messaging/messaging-core';
export { libraryMessage as ɵlibraryMessage } from './src/errors/library-message';
