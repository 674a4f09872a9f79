/*
 * Public API of ngx-live-socket. Names are listed one by one: what is not here is internal.
 */

// Angular adapter
export { provideWebSocket } from './lib/angular/provide-web-socket';
export { WebSocketService } from './lib/angular/web-socket.service';
export { createWebSocketToken, injectWebSocket, type WebSocketToken } from './lib/angular/web-socket-token';
export { WEB_SOCKET_CONFIG, type WebSocketConfig } from './lib/angular/web-socket-config';
export { WEB_SOCKET_FACTORY, ɵWEB_SOCKET_CLOCK, ɵWEB_SOCKET_RANDOM } from './lib/angular/seams';
export { WebSocketFeatureKind, type WebSocketFeature } from './lib/angular/web-socket-feature';
export { withReconnect } from './lib/angular/with-reconnect';
export { withHeartbeat } from './lib/angular/with-heartbeat';
export { withWebSocketFactory } from './lib/angular/with-web-socket-factory';
export { withCodec } from './lib/angular/with-codec';
export { withOfflineQueue } from './lib/angular/with-offline-queue';
export { withDelivery } from './lib/angular/with-delivery';
export { type SocketResource, type SocketResourceOptions, messageResource, channelResource } from './lib/angular/socket-resource';
export { type FrameScheduler, ɵWEB_SOCKET_FRAME_SCHEDULER } from './lib/angular/frame-scheduler';

// Framework-free core
export { SocketClient, type SocketClientOptions } from './lib/core/socket-client';
export { MessagingClient, type MessagingClientOptions, type MessagingStats, type LiveSocketStats, type RequestOptions } from './lib/core/messaging-client';
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
} from './lib/core/socket-protocol';
export { type Envelope, CONTROL_TYPES } from './lib/core/envelope';
export { type WebSocketCodec, jsonEnvelopeCodec } from './lib/core/codec';
export { type PlainTextProtocol, TEXT_MESSAGE_TYPE, textCodec } from './lib/core/text-codec';
export { SendHandle, type SendStatus, type SendFailureReason } from './lib/core/send-handle';
export { WebSocketRequestError, type RequestErrorKind } from './lib/core/request-error';
export { type OfflineQueueOptions, type OverflowPolicy, resolveOfflineQueuePolicy } from './lib/core/outbox';
export type { QueueStorage } from './lib/core/queue-storage';
export type { SessionLocks } from './lib/core/session-locks';
export { type DeliveryOptions, resolveDeliveryPolicy } from './lib/core/delivery';
export type { ConnectionState } from './lib/core/connection-state';
export type { ConnectionStats } from './lib/core/connection-stats';
export type { CloseInfo } from './lib/core/close-info';
export type { Clock } from './lib/core/clock';
export type { RandomSource } from './lib/core/random-source';
export { type WebSocketFactory, WebSocketUnavailableError } from './lib/core/web-socket-factory';
export type { SocketUrlSource } from './lib/core/socket-url';
export { WebSocketArgumentError } from './lib/core/argument-error';
export { WebSocketError, type WebSocketErrorDetails, type WebSocketErrorKind } from './lib/core/web-socket-error';
export { type ReconnectOptions, nextReconnectDelay, resolveReconnectPolicy } from './lib/core/backoff';
export { type HeartbeatOptions, type OutgoingFrame, resolveHeartbeatPolicy } from './lib/core/heartbeat';
