import {
  DestroyRef,
  type ValueProvider,
  EnvironmentInjector,
  type EnvironmentProviders,
  type Provider,
  createEnvironmentInjector,
  inject,
  makeEnvironmentProviders,
} from '@angular/core';
import { type SocketProtocol, WebSocketArgumentError, ɵcheckSocketUrl as checkSocketUrl } from 'ngx-live-socket/core';
import { WEB_SOCKET_CONFIG, type WebSocketConfig, ɵWEB_SOCKET_NAME } from './web-socket-config';
import { WebSocketFeatureKind, type WebSocketFeature, ɵWEB_SOCKET_FEATURES, type ɵWebSocketFeatureContribution } from './web-socket-feature';
import { type WebSocketToken, ɵconnectionNameOf } from './web-socket-token';
import { WebSocketService } from './web-socket.service';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/**
 * Configures a WebSocket connection: the app's default one, injected as {@link WebSocketService}, or a named
 * one injected with its {@link createWebSocketToken} token. Features add behaviour: `withReconnect()`,
 * `withHeartbeat()`, `withOfflineQueue()`, `withDelivery()`, `withCodec()`, `withWebSocketFactory()`.
 *
 * @usageNotes
 * ```ts
 * // app.config.ts
 * export const appConfig: ApplicationConfig = {
 *   providers: [provideWebSocket({ url: '/live' }, withReconnect(), withHeartbeat(), withOfflineQueue())],
 * };
 * ```
 * Each feature may be given once; a repeated one throws, naming it. A string `url` is checked here, on every
 * platform (a relative path is resolved against the document later): a bad one throws a
 * `WebSocketArgumentError` at once.
 */
export function provideWebSocket(config: WebSocketConfig, ...features: WebSocketFeature[]): EnvironmentProviders;
export function provideWebSocket<P extends SocketProtocol>(token: WebSocketToken<P>, config: WebSocketConfig, ...features: WebSocketFeature[]): EnvironmentProviders;
export function provideWebSocket(...args: unknown[]): EnvironmentProviders {
  const name = ɵconnectionNameOf(args[0]);
  const [config, ...features] = (name === null ? args : args.slice(1)) as [WebSocketConfig, ...WebSocketFeature[]];
  const connection = connectionProviders(config, features, name ?? 'default');
  if (name === null) {
    return makeEnvironmentProviders(connection);
  }
  const token = args[0] as WebSocketToken<SocketProtocol>;
  return makeEnvironmentProviders([
    {
      provide: token,
      // A child injector per named connection: its features and service never mix with another's.
      useFactory: () => {
        const child = createEnvironmentInjector(connection, inject(EnvironmentInjector), (typeof ngDevMode === 'undefined' || !!ngDevMode) ? `WebSocket ${name}` : null);
        inject(DestroyRef).onDestroy(() => child.destroy());
        return child.get(WebSocketService);
      },
    },
  ]);
}

/** Everything one connection needs; its own feature list, so nothing leaks from a parent injector. */
function connectionProviders(config: WebSocketConfig, features: WebSocketFeature[], name: string): Provider[] {
  if (config === null || typeof config !== 'object' || config.url === undefined || config.url === null) {
    throw new WebSocketArgumentError('provideWebSocket config', (typeof ngDevMode === 'undefined' || !!ngDevMode) && 'expected an object with a url, e.g. provideWebSocket({ url: "/live" }).');
  }
  if (typeof config.url !== 'function') {
    // Here, not when connecting: the server platform never connects, and a bad URL must fail the same way
    // on every platform, before anything renders.
    const urls: ReadonlyArray<string | URL> = Array.isArray(config.url) ? config.url : [config.url as string | URL];
    urls.forEach((url) => checkSocketUrl(url, config.requireTls));
  }
  const seen = new Set<WebSocketFeatureKind>();
  for (const feature of features) {
    if (typeof feature?.ɵkind !== 'number') {
      throw new WebSocketArgumentError('provideWebSocket features', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(feature)} is not a feature; pass the result of withReconnect(), withHeartbeat()...`);
    }
    if (seen.has(feature.ɵkind)) {
      throw new WebSocketArgumentError('provideWebSocket features', (typeof ngDevMode === 'undefined' || !!ngDevMode) && `with${Object.keys(WebSocketFeatureKind)[feature.ɵkind]}() is given twice; pass each feature once.`);
    }
    seen.add(feature.ɵkind);
  }
  // Features that contradict each other fail here, when the app config is read, not at first injection.
  const featureProviders = features.flatMap((feature) => feature.ɵproviders);
  const contributions = featureProviders.map((provider) => (provider as ValueProvider).useValue as ɵWebSocketFeatureContribution | undefined);
  const known = Object.assign({}, ...contributions.map((contribution) => contribution?.options)) as ɵWebSocketFeatureContribution['options'];
  contributions.forEach((contribution) => contribution?.check?.(known));
  return [
    { provide: WEB_SOCKET_CONFIG, useValue: config },
    { provide: ɵWEB_SOCKET_NAME, useValue: name },
    // A connection with no feature still has a list of its own: multi providers of a parent never mix in.
    { provide: ɵWEB_SOCKET_FEATURES, multi: true, useValue: NO_CONTRIBUTION },
    ...featureProviders,
    { provide: WebSocketService, useClass: WebSocketService },
  ];
}

const NO_CONTRIBUTION: ɵWebSocketFeatureContribution = { options: {} };
