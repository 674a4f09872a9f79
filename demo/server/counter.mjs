import { when } from './maybe-async.mjs';
import { ClientError, describeJson, objectPayload } from './protocol.mjs';

/**
 * Counter-sync, the classic WebSocket example: one value shared by every instance (the backplane keeps it);
 * `counter.add` `{delta: 1 | -1}` changes it and everyone gets the new `counter.state` `{value}`. A new
 * connection gets the value at once.
 *
 * @param {{ connections: import('./connections.mjs').Connections, backplane: import('./scale/local-backplane.mjs').Backplane }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function counterFeature({ connections, backplane }) {
  const state = (value) => ({ type: 'counter.state', payload: { value } });
  backplane.subscribe('counter', (value) => connections.broadcast(state(value)));
  return {
    name: 'counter',
    connected: (connection) => when(backplane.counterValue(), (value) => connection.send(state(value))),
    messages: {
      'counter.add': (_connection, envelope) => {
        const { delta } = objectPayload(envelope);
        if (delta !== 1 && delta !== -1) {
          throw new ClientError(`counter.add needs "delta" 1 or -1, got ${describeJson(delta)}`);
        }
        // With Redis this resolves once the change is stored: only then is the message acknowledged.
        return backplane.addToCounter(delta);
      },
    },
  };
}
