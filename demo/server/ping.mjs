/**
 * The heartbeat's other half: `ping` is answered with `pong` carrying the same payload, so the client can
 * measure the round trip from its own timestamp.
 *
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function pingFeature() {
  return {
    name: 'ping',
    messages: {
      ping: (connection, envelope) => connection.send({ type: 'pong', payload: envelope.payload }),
    },
  };
}
