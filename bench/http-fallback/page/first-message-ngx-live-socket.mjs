// Time to the first message, ngx-live-socket with the HTTP fallback on (issue 13): the page connects to the
// socket at its own origin and records when the server's greeting arrives, and over which transport.
import { MessagingClient, resolveHeartbeatPolicy, resolveReconnectPolicy } from 'ngx-live-socket';

const url = new URL('/ws?hello=1', location.href);
url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
const client = new MessagingClient({
  url: url.href,
  reconnect: resolveReconnectPolicy(),
  heartbeat: resolveHeartbeatPolicy(),
  httpFallback: {},
});
const connectAt = performance.now();
client.on('bench.hello').subscribe(() => {
  // `unknown` if the library's stats do not tell the transport (a build without the HTTP fallback).
  window.firstMessage ??= { connectAt, at: performance.now(), transport: client.stats.transport ?? 'unknown' };
});
client.connect();
