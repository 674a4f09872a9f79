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
 * Only members (connections that joined) receive chat traffic. The history and the fan-out of messages go
 * through the backplane (shared by every instance with Redis); who is online is this instance's members.
 *
 * @param {{ limits: import('./limits.mjs').Limits, backplane: import('./scale/local-backplane.mjs').Backplane, now?: () => number }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function chatFeature({ limits, backplane, now = Date.now }) {
  /** @type {Map<import('./connection.mjs').Connection, string>} */
  const members = new Map();
  backplane.subscribe('chat', (message) => {
    for (const [member, name] of members) {
      member.send({ type: 'chat.message', payload: addressedTo(message, name) });
    }
  });

  const online = () => [...members.values()].sort((a, b) => a.localeCompare(b));
  const broadcastPresence = () => {
    const envelope = { type: 'chat.presence', payload: { online: online() } };
    for (const member of members.keys()) {
      member.send(envelope);
    }
  };
  const isTaken = (name) => [...members.values()].some((member) => member.toLowerCase() === name.toLowerCase());

  return {
    name: 'chat',
    requests: {
      'chat.join': (connection, envelope) => {
        const name = checkedName(objectPayload(envelope).name, limits.nameMaxLength);
        const current = members.get(connection);
        if (current !== undefined && current !== name) {
          throw new ClientError(`this connection already joined as "${current}"; reconnect to take another name`);
        }
        if (current === undefined) {
          if (isTaken(name)) {
            throw new ClientError(`the name "${name}" is taken by someone online; choose another`);
          }
          members.set(connection, name);
          broadcastPresence();
        }
        return when(backplane.chatHistory(), (history) => ({
          name,
          history: history.map((message) => addressedTo(message, name)),
          online: online(),
        }));
      },
    },
    messages: {
      'chat.send': (connection, envelope) => {
        const payload = objectPayload(envelope);
        let from = members.get(connection);
        if (from === undefined && payload.name !== undefined) {
          // A message queued offline arrives on a new connection before the client could join again: it
          // names its sender, who joins with it (if the name is free) and is then announced like any newcomer.
          from = checkedName(payload.name, limits.nameMaxLength);
          if (isTaken(from)) {
            throw new ClientError(`the name "${from}" is taken by someone online; join again with another`);
          }
          members.set(connection, from);
          broadcastPresence();
        }
        if (from === undefined) {
          throw new ClientError('join the chat first: send the request "chat.join" with {"name": ...}, or name yourself in chat.send');
        } else if (payload.name !== undefined && payload.name !== from) {
          throw new ClientError(`this connection joined as "${from}", not "${String(payload.name)}"`);
        }
        const text = checkedText('text', payload.text, limits.textMaxLength);
        // With Redis this resolves once the message is in the shared history: only then is it acknowledged.
        return backplane.appendChat({ id: randomUUID(), from, text, at: now() });
      },
    },
    disconnected: (connection) => {
      if (members.delete(connection)) {
        broadcastPresence();
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
