import { randomUUID } from 'node:crypto';
import { checkedText } from './limits.mjs';
import { when } from './maybe-async.mjs';
import { ClientError, objectPayload } from './protocol.mjs';

export { HISTORY_SIZE } from './scale/backplane-limits.mjs';

/** Letters, digits, `_` and `-`: a name must survive being written as `@name` inside a sentence. */
const NAME_PATTERN = /^[\p{L}\p{N}_-]+$/u;
const MENTION_PATTERN = /@([\p{L}\p{N}_-]+)/gu;

/**
 * @typedef {object} ChatMessage
 * @property {string} id        unique across server restarts, so a client can merge history without duplicates
 * @property {string} from
 * @property {string} text
 * @property {number} at        server time, ms since the epoch
 * @property {true} [mentionsYou]  only in the copy sent to a user named as `@name` in the text
 */

/**
 * The chat room.
 * - request `chat.join` `{name}` -> `{name, history, online}`; names are unique (ignoring case) among the
 *   people online and length-checked;
 * - `chat.send` `{text, name?}` -> `chat.message` to every member, flagged `mentionsYou` for each `@name`d one;
 *   with `name`, a connection that has not joined (a queued message after a reconnect) joins with it first;
 * - `chat.presence` `{online}` to every member whenever someone joins or leaves.
 * Only members (connections that joined) receive chat traffic. The history, who is online (names are unique
 * across all instances) and the fan-out of messages and presence go through the backplane (shared by every
 * instance with Redis).
 *
 * @param {{ limits: import('./limits.mjs').Limits, backplane: import('./scale/local-backplane.mjs').Backplane, now?: () => number }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function chatFeature({ limits, backplane, now = Date.now }) {
  /** This instance's members, for delivery and `mentionsYou`. @type {Map<import('./connection.mjs').Connection, string>} */
  const members = new Map();
  /** Who is online is shared by every instance (the backplane keeps the names): a key per connection. */
  const memberKey = (connection) => `${backplane.instanceId}:${connection.id}`;
  const sorted = (names) => (Array.isArray(names) ? [...names] : []).sort((a, b) => a.localeCompare(b));

  backplane.subscribe('chat', (message) => {
    for (const [member, name] of members) {
      member.send({ type: 'chat.message', payload: addressedTo(message, name) });
    }
  });
  backplane.subscribe('chat.presence', (names) => {
    const envelope = { type: 'chat.presence', payload: { online: sorted(names) } };
    for (const member of members.keys()) {
      member.send(envelope);
    }
  });

  /**
   * Takes `name` for the connection, or throws `taken` when someone online has it (ignoring case). The
   * connection counts as a member from the start, so it hears the `chat.presence` its own join causes.
   */
  const join = (connection, name, taken) => {
    members.set(connection, name);
    return when(backplane.chatJoin(memberKey(connection), name), (joined) => {
      if (!joined) {
        members.delete(connection);
        throw new ClientError(taken);
      }
    });
  };

  return {
    name: 'chat',
    requests: {
      'chat.join': (connection, envelope) => {
        const name = checkedName(objectPayload(envelope).name, limits.nameMaxLength);
        const current = members.get(connection);
        if (current !== undefined && current !== name) {
          throw new ClientError(`this connection already joined as "${current}"; reconnect to take another name`);
        }
        const joined = current === undefined ? join(connection, name, `the name "${name}" is taken by someone online; choose another`) : undefined;
        return when(joined, () =>
          when(backplane.chatHistory(), (history) =>
            when(backplane.chatOnline(), (online) => ({
              name,
              history: history.map((message) => addressedTo(message, name)),
              online: sorted(online),
            })),
          ),
        );
      },
    },
    messages: {
      'chat.send': (connection, envelope) => {
        const payload = objectPayload(envelope);
        const from = members.get(connection);
        let joined;
        if (from === undefined && payload.name !== undefined) {
          // A message queued offline arrives on a new connection before the client could join again: it
          // names its sender, who joins with it (if the name is free) and is then announced like any newcomer.
          const name = checkedName(payload.name, limits.nameMaxLength);
          joined = join(connection, name, `the name "${name}" is taken by someone online; join again with another`);
        } else if (from === undefined) {
          throw new ClientError('join the chat first: send the request "chat.join" with {"name": ...}, or name yourself in chat.send');
        } else if (payload.name !== undefined && payload.name !== from) {
          throw new ClientError(`this connection joined as "${from}", not "${String(payload.name)}"`);
        }
        return when(joined, () => {
          const text = checkedText('text', payload.text, limits.textMaxLength);
          // With Redis this resolves once the message is in the shared history: only then is it acknowledged.
          return backplane.appendChat({ id: randomUUID(), from: members.get(connection), text, at: now() });
        });
      },
    },
    disconnected: (connection) => {
      if (members.delete(connection)) {
        return backplane.chatLeave(memberKey(connection));
      }
    },
  };
}

function checkedName(value, maxLength) {
  const name = checkedText('name', value, maxLength);
  if (!NAME_PATTERN.test(name)) {
    throw new ClientError(`"name" may hold only letters, digits, "_" and "-" (so others can @mention it), got ${JSON.stringify(name)}`);
  }
  return name;
}

/** The copy of `message` that `name` gets: flagged when the text mentions them. */
function addressedTo(message, name) {
  const wanted = name.toLowerCase();
  const mentioned = [...message.text.matchAll(MENTION_PATTERN)].some(([, mention]) => mention.toLowerCase() === wanted);
  return mentioned ? { ...message, mentionsYou: true } : message;
}
