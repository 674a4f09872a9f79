/**
 * `echo` sends the payload straight back: the smallest round trip, for integration tests and debugging.
 *
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function echoFeature() {
  return {
    name: 'echo',
    messages: {
      echo: (connection, envelope) => connection.send({ type: 'echo', payload: envelope.payload }),
    },
  };
}
