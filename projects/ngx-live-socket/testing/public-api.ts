/*
 * Public API of ngx-live-socket/testing. Names are listed one by one: what is not here is internal.
 */
export { provideWebSocketTesting, type WebSocketTestingOptions } from './src/provide-web-socket-testing';
export { WebSocketTestingController, type ConnectionMatch } from './src/web-socket-testing-controller';
export { TestWebSocketConnection, type TestConnectionState, type AppCloseRequest } from './src/test-web-socket-connection';
export type { SentFrame, SentFrameMatch } from './src/sent-frame';
export { TestRequest } from './src/test-request';
export type { IncomingFrame } from './src/fake-web-socket';
