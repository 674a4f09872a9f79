/*
 * Public API of ngx-live-socket. Names are listed one by one: what is not here is internal.
 */

// Angular adapter
export { provideWebSocket } from './lib/angular/provide-web-socket';
export { WebSocketService } from './lib/angular/web-socket.service';
export { WEB_SOCKET_CONFIG, type WebSocketConfig } from './lib/angular/web-socket-config';
export { WEB_SOCKET_FACTORY, ɵWEB_SOCKET_CLOCK, ɵWEB_SOCKET_RANDOM } from './lib/angular/seams';
export { WebSocketFeatureKind, type WebSocketFeature } from './lib/angular/web-socket-feature';
export { withReconnect } from './lib/angular/with-reconnect';
export { withHeartbeat } from './lib/angular/with-heartbeat';
export { withWebSocketFactory } from './lib/angular/with-web-socket-factory';

// Framework-free core
export { SocketClient, type SocketClientOptions } from './lib/core/socket-client';
export type { ConnectionState } from './lib/core/connection-state';
export type { ConnectionStats } from './lib/core/connection-stats';
export type { CloseInfo } from './lib/core/close-info';
export type { Clock } from './lib/core/clock';
export type { RandomSource } from './lib/core/random-source';
export { type WebSocketFactory, WebSocketUnavailableError } from './lib/core/web-socket-factory';
export type { SocketUrlSource } from './lib/core/socket-url';
export { WebSocketArgumentError } from './lib/core/argument-error';
export { WebSocketError, type WebSocketErrorKind } from './lib/core/web-socket-error';
export { type ReconnectOptions, nextReconnectDelay } from './lib/core/backoff';
export { type HeartbeatOptions, type OutgoingFrame } from './lib/core/heartbeat';
