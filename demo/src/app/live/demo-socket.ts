import { createWebSocketToken } from 'ngx-live-socket';
import type { DemoProtocol } from './demo-protocol';

/**
 * The demo's one connection to the reference server, typed by {@link DemoProtocol}: `on(type)`,
 * `send(type, payload)` and `request(type, payload)` are checked against it. Provided in app.config.ts;
 * stores and pages `inject(DEMO_SOCKET)`.
 */
export const DEMO_SOCKET = createWebSocketToken<DemoProtocol>('demo');
