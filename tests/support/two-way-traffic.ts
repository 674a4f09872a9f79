import { firstValueFrom } from 'rxjs';
import {
  MessagingClient,
  type WebSocketFactory,
  resolveDeliveryPolicy,
  resolveHeartbeatPolicy,
  resolveOfflineQueuePolicy,
  resolveReconnectPolicy,
} from 'ngx-live-socket';
import { nodeWebSocketFactory, waitFor } from './node-web-socket';

/** The reference server's test streams (demo/server/test-streams.mjs), typed. */
export interface StreamProtocol {
  incoming: { 'test.item': { key: string; n: number } };
  outgoing: { 'test.data': { key: string; n: number }; 'test.attach': { key: string } };
  requests: {
    'test.stream': { request: { key: string; count: number; intervalMs: number }; reply: { started: boolean } };
    'test.report': { request: { key: string }; reply: { received: number[] } };
  };
}

export interface TrafficOptions {
  /** The URL to connect to (the server, or a proxy in front of it). */
  readonly url: () => string;
  readonly messages: number;
  readonly intervalMs: number;
  readonly delivery: boolean;
  /** Runs alongside the traffic: restarts, frozen links... Resolves when it is done. */
  readonly disturb: () => Promise<void>;
  readonly heartbeat?: { intervalMs: number; timeoutMs: number };
  /** Every WebSocket refused as a blocking proxy refuses it, and the link carried by the HTTP fallback. */
  readonly overHttp?: boolean;
}

export interface TrafficResult {
  /** What the server recorded of the client's messages, in arrival order. */
  readonly received: number[];
  /** What the client got of the server's stream, in arrival order. */
  readonly echoed: number[];
  readonly reconnects: number;
  /** What carried the link at the end. */
  readonly transport: string | null;
}

/**
 * Streams `messages` messages each way, one every `intervalMs`, through a real server while `disturb` runs,
 * then waits for the dust to settle and asks the server what it received.
 */
export async function runTwoWayTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const key = `traffic-${options.delivery ? 'delivery' : 'plain'}-${Math.random().toString(36).slice(2)}`;
  const client = new MessagingClient<StreamProtocol>({
    url: options.url,
    webSocketFactory: options.overHttp ? refusedWebSocketFactory : nodeWebSocketFactory,
    // A refused WebSocket fails at once; the bound only has to stay under connectTimeoutMs.
    httpFallback: options.overHttp ? { storage: null, upgradeProbeMs: null, webSocketTimeoutMs: 1_000 } : null,
    reconnect: resolveReconnectPolicy({ baseDelayMs: 50, maxDelayMs: 300 }),
    heartbeat: resolveHeartbeatPolicy(options.heartbeat ?? { intervalMs: 1_000, timeoutMs: 1_000 }),
    queue: resolveOfflineQueuePolicy({ maxMessages: options.messages * 2 }),
    delivery: options.delivery ? resolveDeliveryPolicy() : null,
    connectTimeoutMs: 2_000,
    requestTimeoutMs: 60_000,
  });
  const echoed: number[] = [];
  client.on('test.item').subscribe(({ n }) => echoed.push(n));
  if (!options.delivery) {
    // Without a session, the server can only send to whichever connection asked for the stream last.
    client.state$.subscribe((state) => state === 'open' && client.send('test.attach', { key }));
  }
  try {
    client.connect();
    await waitFor(() => client.state === 'open', () => `state ${client.state}`);
    await firstValueFrom(client.request('test.stream', { key, count: options.messages, intervalMs: options.intervalMs }));
    const disturbance = options.disturb();
    for (let n = 0; n < options.messages; n++) {
      client.send('test.data', { key, n });
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
    await disturbance;
    await waitFor(
      () => client.state === 'open' && client.stats.queuedMessages === 0 && (!options.delivery || echoed.length >= options.messages),
      () => `state ${client.state}, ${client.stats.queuedMessages} queued, ${echoed.length} of ${options.messages} items`,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, options.delivery ? 200 : 1_500)); // stragglers, if any
    const { received } = await firstValueFrom(client.request('test.report', { key }));
    return { received, echoed, reconnects: client.stats.reconnects, transport: client.stats.transport };
  } finally {
    client.dispose();
  }
}

/** What a run saw, printed for whoever reads the log (the assertions are in the tests). */
export function reportTraffic(title: string, restarts: number, result: TrafficResult, messages: number): void {
  const figures = { restarts, transport: result.transport, clientToServer: tally(result.received, messages), serverToClient: tally(result.echoed, messages) };
  console.log(`${title}: ${JSON.stringify(figures)}`);
}

/** Lost and duplicated counts of one direction. */
export function tally(seen: number[], sent: number) {
  const distinct = new Set(seen).size;
  return { sent, received: seen.length, lost: sent - distinct, duplicated: seen.length - distinct };
}

export const range = (count: number) => Array.from({ length: count }, (_, n) => n);
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A WebSocket that a proxy refuses: the handshake goes to a path the reference server answers with 404, so the
 * socket fails before it opens, as behind a proxy that answers every upgrade with an error status.
 */
export const refusedWebSocketFactory: WebSocketFactory = (url, protocols) =>
  nodeWebSocketFactory(url.replace('/ws', '/refused-by-proxy'), protocols);
