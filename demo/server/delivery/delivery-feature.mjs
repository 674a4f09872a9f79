import { when } from '../maybe-async.mjs';
import { ClientError, describeJson } from '../protocol.mjs';

const SESSION_ID = /^[\w.:-]{1,64}$/;

/**
 * The server half of `withDelivery()` (docs/protocol.md): `resume` binds the connection to the client's
 * session, replays what the client missed (when it sends `lastSeq`) and answers `resumed`. From then on the
 * dispatcher acknowledges every message with an id, and everything sent to the client is numbered.
 *
 * With Redis, attaching waits for the session's state (and replays from the shared journal): the returned
 * promise holds the connection's later frames until then.
 *
 * @param {{ sessions: import('./sessions.mjs').SessionStore | import('../scale/redis-sessions.mjs').RedisSessionStore }} context
 * @returns {import('../dispatcher.mjs').Feature}
 */
export function deliveryFeature({ sessions }) {
  return {
    name: 'delivery',
    messages: {
      resume: (connection, envelope) => {
        const { session: id, lastSeq } = envelope.payload ?? {};
        if (typeof id !== 'string' || !SESSION_ID.test(id)) {
          throw new ClientError(`resume needs payload.session: 1-64 letters, digits, "_", ".", ":" or "-", got ${describeJson(id)}`);
        }
        if (lastSeq !== undefined && !(Number.isSafeInteger(lastSeq) && lastSeq >= 0)) {
          throw new ClientError(`resume's payload.lastSeq must be a non-negative integer when present, got ${describeJson(lastSeq)}`);
        }
        connection.session?.detach(connection.transmit);
        const session = sessions.open(id);
        connection.session = session;
        return when(session.attach(connection.transmit, lastSeq), (result) => {
          connection.transmit({ type: 'resumed', payload: result });
        });
      },
    },
    disconnected: (connection) => connection.session?.detach(connection.transmit),
  };
}
