import { type EnvironmentProviders, makeEnvironmentProviders } from '@angular/core';
import { WebSocketArgumentError } from '../core/argument-error';
import { WEB_SOCKET_CONFIG, type WebSocketConfig } from './web-socket-config';
import { WebSocketFeatureKind, type WebSocketFeature } from './web-socket-feature';
import { WebSocketService } from './web-socket.service';

/**
 * Configures the app's WebSocket connection, made available as {@link WebSocketService}.
 *
 * @usageNotes
 * ```ts
 * // app.config.ts
 * export const appConfig: ApplicationConfig = {
 *   providers: [
 *     provideWebSocket({ url: '/live' }, withReconnect(), withHeartbeat()),
 *   ],
 * };
 * ```
 * Each feature may be given once; a repeated one throws, naming it.
 */
export function provideWebSocket(config: WebSocketConfig, ...features: WebSocketFeature[]): EnvironmentProviders {
  if (config === null || typeof config !== 'object' || config.url === undefined || config.url === null) {
    throw new WebSocketArgumentError('provideWebSocket config', 'expected an object with a url, e.g. provideWebSocket({ url: "/live" }).');
  }
  const seen = new Set<WebSocketFeatureKind>();
  for (const feature of features) {
    if (seen.has(feature.ɵkind)) {
      throw new WebSocketArgumentError('provideWebSocket features', `with${WebSocketFeatureKind[feature.ɵkind]}() is given twice; pass each feature once.`);
    }
    seen.add(feature.ɵkind);
  }
  return makeEnvironmentProviders([
    { provide: WEB_SOCKET_CONFIG, useValue: config },
    { provide: WebSocketService, useClass: WebSocketService },
    features.map((feature) => feature.ɵproviders),
  ]);
}
