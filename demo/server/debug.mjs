/**
 * `debug.drop` makes the server cut the sender's own TCP connection without a close frame, so the client
 * sees an unexpected drop (1006) and reconnects: the demo's "Drop connection" button. Always on, because
 * it only ever affects the connection that asks, which could close itself anyway.
 *
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function debugFeature() {
  return {
    name: 'debug',
    messages: {
      'debug.drop': (connection) => connection.terminate(),
    },
  };
}
