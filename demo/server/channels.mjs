import { ClientError, describeJson } from './protocol.mjs';

const CHANNEL_NAME_PATTERN = /^[\w.:-]+$/;

/**
 * Generic pub/sub: `{"type":"sub","channel":"room:42"}` and `unsub` manage a connection's subscriptions;
 * `{"type":"channel.publish","channel":"room:42","payload":...}` delivers
 * `{"type":"channel.message","channel":"room:42","payload":...}` to every subscriber (the sender too, if
 * subscribed). Subscriptions live as long as the connection: a client re-subscribes after reconnecting.
 *
 * Subscriptions are per instance; publishing goes through the backplane, so a subscriber on any instance
 * gets the message.
 *
 * @param {{ limits: import('./limits.mjs').Limits, backplane: import('./scale/local-backplane.mjs').Backplane }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function channelsFeature({ limits, backplane }) {
  /** @type {Map<string, Set<import('./connection.mjs').Connection>>} */
  const subscribers = new Map();
  backplane.subscribe('channel', ({ channel, payload }) => {
    for (const subscriber of subscribers.get(channel) ?? []) {
      subscriber.send({ type: 'channel.message', channel, payload });
    }
  });
  /** @type {Map<import('./connection.mjs').Connection, Set<string>>} */
  const subscriptions = new Map();

  const channelOf = (envelope) => {
    const { channel } = envelope;
    if (typeof channel !== 'string' || channel.length > limits.channelNameMaxLength || !CHANNEL_NAME_PATTERN.test(channel)) {
      throw new ClientError(
        `${envelope.type} needs "channel": 1-${limits.channelNameMaxLength} letters, digits, "_", ".", ":" or "-", got ${describeJson(channel)}`,
      );
    }
    return channel;
  };
  const unsubscribe = (connection, channel) => {
    subscriptions.get(connection)?.delete(channel);
    const members = subscribers.get(channel);
    members?.delete(connection);
    if (members?.size === 0) {
      subscribers.delete(channel);
    }
  };

  return {
    name: 'channels',
    messages: {
      sub: (connection, envelope) => {
        const channel = channelOf(envelope);
        const mine = subscriptions.get(connection) ?? new Set();
        if (mine.has(channel)) {
          return;
        }
        if (mine.size >= limits.channelsPerConnection) {
          throw new ClientError(`at most ${limits.channelsPerConnection} channels per connection; unsub from one first`);
        }
        subscriptions.set(connection, mine.add(channel));
        subscribers.set(channel, (subscribers.get(channel) ?? new Set()).add(connection));
      },
      unsub: (connection, envelope) => unsubscribe(connection, channelOf(envelope)),
      'channel.publish': (_connection, envelope) => {
        const channel = channelOf(envelope);
        if (envelope.payload === undefined) {
          throw new ClientError('channel.publish needs a "payload" to deliver');
        }
        return backplane.publish('channel', { channel, payload: envelope.payload });
      },
    },
    disconnected: (connection) => {
      for (const channel of subscriptions.get(connection) ?? []) {
        unsubscribe(connection, channel);
      }
      subscriptions.delete(connection);
    },
  };
}
