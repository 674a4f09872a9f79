import { InjectionToken, type Injector, assertInInjectionContext, inject } from '@angular/core';
import { type SocketProtocol, type UntypedProtocol, WebSocketArgumentError } from 'ngx-live-socket/core';
import { WebSocketService } from './web-socket.service';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Injects one typed connection of several: made by {@link createWebSocketToken}, provided by `provideWebSocket(token, ...)`. */
export type WebSocketToken<P extends SocketProtocol> = InjectionToken<WebSocketService<P>>;

/** The names of the tokens made here (a plain InjectionToken keeps `inject(token)` typed). */
const connectionNames = new WeakMap<InjectionToken<unknown>, string>();

/** The connection name of a token from {@link createWebSocketToken}, or `null` for any other value. */
export function ɵconnectionNameOf(value: unknown): string | null {
  return value instanceof InjectionToken ? (connectionNames.get(value) ?? null) : null;
}

/**
 * Names a connection and its protocol, for apps with several sockets (say chat and market data). Provide it
 * with `provideWebSocket(token, config, ...features)` and inject it with `inject(token)`: every call site
 * is typed by `P`, and each connection has its own features, queue and state.
 *
 * @usageNotes
 * ```ts
 * export const CHAT_SOCKET = createWebSocketToken<ChatProtocol>('chat');
 * export const MARKET_SOCKET = createWebSocketToken<MarketProtocol>('market');
 * // app.config.ts
 * providers: [
 *   provideWebSocket(CHAT_SOCKET, { url: '/chat' }, withReconnect(), withOfflineQueue(), withDelivery()),
 *   provideWebSocket(MARKET_SOCKET, { url: 'wss://md.example.com/v1' }, withReconnect(), withHeartbeat()),
 * ]
 * // a component
 * readonly ticks = inject(MARKET_SOCKET).on('tick');   // Observable<Tick>
 * ```
 */
export function createWebSocketToken<P extends SocketProtocol>(name: string): WebSocketToken<P> {
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name)) {
    throw new WebSocketArgumentError('connection name', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${JSON.stringify(name)} is not allowed; use letters, digits, "_", "." or "-".`);
  }
  const token: WebSocketToken<P> = new InjectionToken<WebSocketService<P>>(`WebSocketService "${name}"`);
  connectionNames.set(token, name);
  return token;
}

/**
 * The default connection (from `provideWebSocket(config)`), typed by the protocol `P`. Call it in an
 * injection context, or pass `{ injector }`.
 *
 * @usageNotes
 * ```ts
 * readonly socket = injectWebSocket<ChatProtocol>();
 * ```
 */
export function injectWebSocket<P extends SocketProtocol = UntypedProtocol>(options: { injector?: Injector } = {}): WebSocketService<P> {
  if (options.injector !== undefined) {
    return options.injector.get(WebSocketService) as unknown as WebSocketService<P>;
  }
  assertInInjectionContext(injectWebSocket);
  return inject(WebSocketService) as unknown as WebSocketService<P>;
}
