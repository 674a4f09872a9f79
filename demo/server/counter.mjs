import { ClientError, describeJson, objectPayload } from './protocol.mjs';

/**
 * Counter-sync, the classic WebSocket example: one value on the server; `counter.add` `{delta: 1 | -1}`
 * changes it and everyone gets the new `counter.state` `{value}`. A new connection gets the value at once.
 *
 * @param {{ connections: import('./connections.mjs').Connections }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function counterFeature({ connections }) {
  let value = 0;
  const state = () => ({ type: 'counter.state', payload: { value } });
  return {
    name: 'counter',
    connected: (connection) => connection.send(state()),
    messages: {
      'counter.add': (_connection, envelope) => {
        const { delta } = objectPayload(envelope);
        if (delta !== 1 && delta !== -1) {
          throw new ClientError(`counter.add needs "delta" 1 or -1, got ${describeJson(delta)}`);
        }
        value += delta;
        connections.broadcast(state());
      },
    },
  };
}
