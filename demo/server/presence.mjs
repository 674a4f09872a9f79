/**
 * How many clients are connected: `presence.count` `{users}` goes to everyone on every join and leave,
 * the newcomer included.
 *
 * @param {{ connections: import('./connections.mjs').Connections }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function presenceFeature({ connections }) {
  const broadcastCount = () => connections.broadcast({ type: 'presence.count', payload: { users: connections.size } });
  return { name: 'presence', connected: broadcastCount, disconnected: broadcastCount };
}
