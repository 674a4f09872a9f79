// Compiled by tsc (npm run test:types), never run: each @ts-expect-error line must stay an error.
// Pins the framework-free clients' options as plain objects: no resolve*Policy() wrapper is needed, and a
// wrong field or value type is refused.
import { MessagingClient, SocketClient } from '../../public-api';

export const plain = new MessagingClient({
  url: 'ws://127.0.0.1:8080/live',
  reconnect: { baseDelayMs: 250 },
  heartbeat: { intervalMs: 20_000 },
  queue: { maxMessages: 100, overflow: 'drop-oldest' },
  delivery: { resume: false },
});
export const defaults = new MessagingClient({ url: '/live', reconnect: {}, heartbeat: {}, queue: {}, delivery: {} });
export const off = new MessagingClient({ url: '/live', reconnect: null, heartbeat: null, queue: null, delivery: null });
export const raw = new SocketClient({ url: '/live', reconnect: { maxAttempts: 3 }, heartbeat: { timeoutMs: 2_000 } });

// @ts-expect-error baseDelayMs is a number of ms
export const wordDelay = new MessagingClient({ url: '/live', reconnect: { baseDelayMs: 'fast' } });
// @ts-expect-error an overflow policy is one of three words
export const badOverflow = new MessagingClient({ url: '/live', queue: { overflow: 'drop-all' } });
// @ts-expect-error an unknown option is refused, not ignored
export const typo = new MessagingClient({ url: '/live', reconect: {} });
