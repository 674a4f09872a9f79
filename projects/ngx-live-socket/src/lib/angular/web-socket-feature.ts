import { InjectionToken, type Provider } from '@angular/core';
import type { MessagingClientOptions, MessagingParts, QueueStorage, ɵLiveSocketCore } from 'ngx-live-socket/core';

/** Angular's dev-mode flag, `false` in production builds, which then drop token names as Angular's own tokens do. */
declare const ngDevMode: unknown;

/**
 * Identifies a feature passed to {@link provideWebSocket}: `WebSocketFeatureKind.Reconnect` names the value and
 * its type, as an enum member does. An object, not an `enum`: an enum also ships every name (its reverse
 * mapping), and every app carries this.
 */
export const WebSocketFeatureKind = {
  Reconnect: 0,
  Heartbeat: 1,
  WebSocketFactory: 2,
  Codec: 3,
  OfflineQueue: 4,
  Delivery: 5,
  Requests: 6,
  Channels: 7,
  QueuePersistence: 8,
  HttpFallback: 9,
  SharedConnection: 10,
} as const;

/** One of {@link WebSocketFeatureKind}'s values. */
export type WebSocketFeatureKind = (typeof WebSocketFeatureKind)[keyof typeof WebSocketFeatureKind];

/** Each feature's kind as a type, as for an enum's members: `WebSocketFeature<WebSocketFeatureKind.Reconnect>`. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace WebSocketFeatureKind {
  type Reconnect = typeof WebSocketFeatureKind.Reconnect;
  type Heartbeat = typeof WebSocketFeatureKind.Heartbeat;
  type WebSocketFactory = typeof WebSocketFeatureKind.WebSocketFactory;
  type Codec = typeof WebSocketFeatureKind.Codec;
  type OfflineQueue = typeof WebSocketFeatureKind.OfflineQueue;
  type Delivery = typeof WebSocketFeatureKind.Delivery;
  type Requests = typeof WebSocketFeatureKind.Requests;
  type Channels = typeof WebSocketFeatureKind.Channels;
  type QueuePersistence = typeof WebSocketFeatureKind.QueuePersistence;
  type HttpFallback = typeof WebSocketFeatureKind.HttpFallback;
  type SharedConnection = typeof WebSocketFeatureKind.SharedConnection;
}

/**
 * One optional behaviour of a connection, made by a `with*()` function and passed to
 * {@link provideWebSocket}, like `withInterceptors()` for `provideHttpClient()`.
 */
export interface WebSocketFeature<KindT extends WebSocketFeatureKind = WebSocketFeatureKind> {
  readonly ɵkind: KindT;
  readonly ɵproviders: Provider[];
}

/**
 * What one feature adds to its connection: options of the client, and the code that runs them (its parts).
 * The service merges every contribution; a feature not provided contributes nothing, so its code is not
 * in the app's bundle.
 */
export interface ɵWebSocketFeatureContribution {
  readonly options: Partial<MessagingClientOptions>;
  readonly parts?: MessagingParts;
  /** `withQueuePersistence()`: where the offline queue is kept (`true`: `localStorage`). */
  readonly persist?: true | QueueStorage;
  /** `withSharedConnection()`: in the browser, the connection of a tab that shares it with the other tabs. */
  readonly shared?: (options: MessagingClientOptions, parts: MessagingParts, connectionName: string) => ɵLiveSocketCore;
  /**
   * Checks the connection's options, every feature's merged, when the app config is read: a feature that
   * contradicts another fails there, not at first injection.
   */
  readonly check?: (options: Partial<MessagingClientOptions>) => void;
}

/** The one way in for features: each `with*()` provides its contribution here. */
export const ɵWEB_SOCKET_FEATURES = new InjectionToken<readonly ɵWebSocketFeatureContribution[]>(typeof ngDevMode === 'undefined' || !!ngDevMode ? 'WEB_SOCKET_FEATURES' : '');

/** A feature whose contribution is known when the app config is read. */
export function ɵmakeWebSocketFeature<KindT extends WebSocketFeatureKind>(
  kind: KindT,
  contribution: ɵWebSocketFeatureContribution,
): WebSocketFeature<KindT> {
  return { ɵkind: kind, ɵproviders: [{ provide: ɵWEB_SOCKET_FEATURES, multi: true, useValue: contribution }] };
}
