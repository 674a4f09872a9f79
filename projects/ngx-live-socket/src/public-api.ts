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
export { withHttpFallback } from './lib/angular/with-http-fallback';
export { withSharedConnection } from './lib/angular/with-shared-connection';
export { withWebSocketFactory } from './lib/angular/with-web-socket-factory';
export { withCodec } from './lib/angular/with-codec';
export { withOfflineQueue } from './lib/angular/with-offline-queue';
export { type QueuePersistenceOptions, withQueuePersistence } from './lib/angular/with-queue-persistence';
export { withDelivery } from './lib/angular/with-delivery';
export { withRequests } from './lib/angular/with-requests';
export { withChannels } from './lib/angular/with-channels';
export { type SocketResource, type SocketResourceOptions, messageResource, channelResource } from './lib/angular/socket-resource';
export { type FrameScheduler, ɵWEB_SOCKET_FRAME_SCHEDULER } from './lib/angular/frame-scheduler';

// The framework-free core (also its own entry point, ngx-live-socket/core)
export * from 'ngx-live-socket/core';
