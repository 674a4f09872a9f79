/**
 * How many clients are connected, on every instance: `presence.count` `{users}` goes to everyone on every
 * join and leave, the newcomer included. Each instance reports its own count to the backplane, which
 * publishes the total (and, with Redis, forgets an instance that stopped reporting: see redis-backplane.mjs).
 *
 * @param {{ connections: import('./connections.mjs').Connections, backplane: import('./scale/local-backplane.mjs').Backplane }} context
 * @returns {import('./dispatcher.mjs').Feature}
 */
export function presenceFeature({ connections, backplane }) {
  backplane.subscribe('presence', (users) => connections.broadcast({ type: 'presence.count', payload: { users } }));
  const report = () => backplane.reportConnections(connections.size);
  return { name: 'presence', connected: report, disconnected: report };
}
