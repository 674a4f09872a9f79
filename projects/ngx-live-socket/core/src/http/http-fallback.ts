import { WebSocketArgumentError } from '../errors/argument-error';
import type { Clock } from '../platform/clock';
import type { QueueStorage } from '../queue/queue-storage';
import { DEFAULT_CONNECT_TIMEOUT_MS, type SocketClientOptions } from '../connection/socket-connection';
import type { WebSocketFactory } from '../connection/web-socket-factory';
import type { TransportKind } from '../connection/web-socket-like';
import { FallbackSocket } from './fallback-socket';
import type { FetchLike } from './fetch-like';
import { HttpSocket } from './http-socket';

/** Angular's dev-mode flag, `false` in production builds, which then drop the long error texts (docs/errors.md). */
declare const ngDevMode: unknown;

/** Where the transport that worked is remembered: the `load`/`save` of a {@link QueueStorage}. */
export type TransportChoiceStorage = Pick<QueueStorage, 'load' | 'save'>;

/** The HTTP fallback's options; every one has a default. */
export interface HttpFallbackOptions {
  /**
   * How long a WebSocket may take to open before HTTP is tried in the same attempt (a proxy that swallows
   * the upgrade never refuses it). Also the bound of each upgrade probe.
   * @default 4000
   */
  readonly webSocketTimeoutMs?: number;
  /**
   * While on HTTP, how long to wait between tries of a WebSocket; when one opens, the link moves back to
   * WebSocket (a reconnect, which delivery resumes). `null`: stay on HTTP for the page's life.
   * @default 30000
   */
  readonly upgradeProbeMs?: number | null;
  /** The `fetch` the HTTP transport uses. @default `globalThis.fetch`, looked up at each request */
  readonly fetch?: FetchLike;
  /**
   * Where the transport that opened last is remembered, so a reload in the same tab starts on it.
   * `null`: remembered in memory only, for the connection's life.
   * @default `sessionStorage` where the page has one
   */
  readonly storage?: TransportChoiceStorage | null;
}

export const DEFAULT_WEB_SOCKET_TIMEOUT_MS = 4_000;
export const DEFAULT_UPGRADE_PROBE_MS = 30_000;

/** The key a connection's transport is remembered under: one per endpoint, tokens in the query left out. */
const choiceKey = (url: string) => `ngx-live-socket.transport:${url.split('?')[0]}`;

/**
 * The HTTP fallback, a part of the connection: it wraps the WebSocket factory so that each connection attempt
 * tries WebSocket and HTTP (in the order that last worked) before it fails; see {@link FallbackSocket}.
 * It takes the connection's options: its `httpFallback`, and `connectTimeoutMs`, which bounds both transports'
 * tries together. Bad options throw a `WebSocketArgumentError` naming the option.
 */
export function createHttpFallback(
  { httpFallback, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS }: Pick<SocketClientOptions, 'httpFallback' | 'connectTimeoutMs'>,
  webSocketFactory: WebSocketFactory,
  clock: Clock,
): WebSocketFactory {
  const options = httpFallback ?? {};
  const { webSocketTimeoutMs, upgradeProbeMs } = resolveHttpFallbackTimes(options);
  // The connection's timeout bounds the whole attempt: a WebSocket allowed as long would leave HTTP no time,
  // and every attempt would end before it fell back.
  if (webSocketTimeoutMs >= connectTimeoutMs) {
    throw new WebSocketArgumentError(
      'httpFallback.webSocketTimeoutMs',
      (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${webSocketTimeoutMs} ms leaves HTTP no time within connectTimeoutMs (${connectTimeoutMs} ms); give it less.`,
    );
  }
  const storage = options.storage === undefined ? sessionChoiceStorage() : options.storage;
  const remembered = new Map<string, TransportKind>();
  const factories = {
    websocket: webSocketFactory,
    http: (url: string) => new HttpSocket(url, { fetch: options.fetch }),
  };
  return (url, protocols) => {
    const key = choiceKey(url);
    const first = remembered.get(key) ?? (load(storage, key) === 'http' ? 'http' : 'websocket');
    return new FallbackSocket(url, protocols, {
      factories,
      clock,
      first,
      webSocketTimeoutMs,
      upgradeProbeMs,
      opened: (transport) => {
        remembered.set(key, transport);
        save(storage, key, transport);
      },
    });
  };
}

/** The fallback's bounds with their defaults; a bad one throws a `WebSocketArgumentError` naming it. */
export function resolveHttpFallbackTimes(options: HttpFallbackOptions): { webSocketTimeoutMs: number; upgradeProbeMs: number | null } {
  const webSocketTimeoutMs = options.webSocketTimeoutMs ?? DEFAULT_WEB_SOCKET_TIMEOUT_MS;
  const upgradeProbeMs = options.upgradeProbeMs === undefined ? DEFAULT_UPGRADE_PROBE_MS : options.upgradeProbeMs;
  assertPositive('httpFallback.webSocketTimeoutMs', webSocketTimeoutMs);
  if (upgradeProbeMs !== null) {
    assertPositive('httpFallback.upgradeProbeMs', upgradeProbeMs);
  }
  return { webSocketTimeoutMs, upgradeProbeMs };
}

function assertPositive(option: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new WebSocketArgumentError(option, (typeof ngDevMode === 'undefined' || !!ngDevMode) && `${String(value)} is not allowed; expected a number of ms > 0.`);
  }
}

/**
 * `sessionStorage` as a {@link TransportChoiceStorage}, or `null` where the page has none (a server platform,
 * storage disabled): then the choice lives in memory only.
 */
function sessionChoiceStorage(): TransportChoiceStorage | null {
  try {
    const storage = globalThis.sessionStorage;
    return storage ? { load: (key) => storage.getItem(key), save: (key, value) => storage.setItem(key, value) } : null;
  } catch {
    return null; // access itself throws where storage is disabled for the site
  }
}

/**
 * The remembered choice is an optimisation (the first attempt of a page goes straight to what worked): a
 * storage that fails only costs that, so its errors are not reported; the choice still lives in memory.
 */
function load(storage: TransportChoiceStorage | null, key: string): string | null {
  try {
    return storage?.load(key) ?? null;
  } catch {
    return null;
  }
}

function save(storage: TransportChoiceStorage | null, key: string, transport: TransportKind): void {
  try {
    storage?.save(key, transport);
  } catch {
    // see load()
  }
}
