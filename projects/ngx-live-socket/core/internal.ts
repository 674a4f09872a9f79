/*
 * The one way the repository's own tests, bench and demo reach the core's internals: never shipped (it is
 * no entry point), so what is here may change with any commit. Apps use `ngx-live-socket/core`.
 */
export * from './public-api';
export { systemClock } from './src/platform/clock';
export { Outbox } from './src/queue/outbox';
export { INITIAL_CONNECTION_STATS } from './src/connection/connection-stats';
export { INITIAL_LIVE_SOCKET_STATS } from './src/messaging/messaging-client';
