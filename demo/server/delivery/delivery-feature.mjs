import { when } from '../maybe-async.mjs';
import { ClientError, describeJson } from '../protocol.mjs';
import { fenceConnection } from './session-fence.mjs';

const SESSION_ID = /^[\w.:-]{1,64}$/;

/**
 * The server half of `withDelivery()` (docs/protocol.md): `resume` binds the connection to the client's
 * session, replays what the client missed (when it sends `lastSeq`) and answers `resumed`, with `lastId`: the
 * highest client id the session processed. From then on the dispatcher acknowledges every message with an
 * id, and everything sent to the client is numbered.
 *
 * A session has one holder (docs/protocol.md, "Shared connection"): a `resume` of a session another
 * connection of this instance holds closes that one with 4503 (session-fence.mjs), in memory and with Redis
 * alike; with Redis, a holder on another instance is fenced there (scale/redis-sessions.mjs).
 *
 * With Redis, attaching waits for the session's state (and replays from the shared journal): the returned
 * promise holds the connection's later frames until then.
 *
 * @param {{ sessions: import('./sessions.mjs').SessionStore | import('../scale/redis-sessions.mjs').RedisSessionStore }} context
 * @returns {import('../dispatcher.mjs').Feature}
 */
export function deliveryFeature({ sessions }) {
  /**
   * The connection that holds each session. A WeakMap on the session object: both stores keep one object
   * per session id on this instance, and a forgotten session takes its entry with it.
   * @type {WeakMap<object, import('../connection.mjs').Connection>}
   */
  const holders = new WeakMap();
  /** @param {import('../connection.mjs').Connection} connection */
  const release = (connection) => {
    const { session } = connection;
    if (session === undefined) return;
    session.detach(connection.transmit);
    if (holders.get(session) === connection) holders.delete(session);
  };
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
        release(connection); // a connection resuming its own session again (a gap) is no other holder
        const session = sessions.open(id);
        const holder = holders.get(session);
        if (holder !== undefined) {
          // The session moved (a successor tab, or a reconnect while the old link still looks open here):
          // the old link must neither send nor receive under it any more.
          fenceConnection(holder);
        }
        holders.set(session, connection);
        connection.session = session;
        return when(session.attach(connection.transmit, lastSeq), (result) => {
          // lastId: the client checks it does not number new messages at or below an id already processed.
          connection.transmit({ type: 'resumed', payload: { ...result, lastId: session.lastClientId } });
        });
      },
    },
    disconnected: release,
  };
}
