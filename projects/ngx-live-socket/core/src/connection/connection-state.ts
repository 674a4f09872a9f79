/**
 * Where a connection is in its life.
 *
 * - `idle`: created, `connect()` not called yet (and always on the server platform).
 * - `connecting`: the first handshake after `connect()` is under way.
 * - `open`: frames flow.
 * - `reconnecting`: the link dropped; waiting for the backoff delay or re-handshaking.
 * - `closed`: the app closed it, the server refused a retry, or the attempts ran out.
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
