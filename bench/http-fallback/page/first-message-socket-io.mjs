// Time to the first message, socket.io-client with its defaults (long-polling first, then the upgrade to
// WebSocket): the page connects to the server at its own origin and records when its `hello` arrives, and
// over which transport.
import { io } from 'socket.io-client';

const connectAt = performance.now();
const socket = io();
socket.on('hello', () => {
  window.firstMessage ??= { connectAt, at: performance.now(), transport: socket.io.engine.transport.name };
});
