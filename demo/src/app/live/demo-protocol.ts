/**
 * The messages the demo exchanges with the reference server (demo/server/README.md), by type.
 * `incoming`: what the server pushes; `outgoing`: what the app sends without waiting for an answer;
 * `requests`: what the app asks, with the reply it gets.
 *
 * Server errors are not listed: they are not routed messages. One that answers a request fails it; one
 * that refuses a plain message fails that message's send handle (`refused`); each is reported on `errors$`.
 * `debug.drop` is not listed either: the connection panel sends it as a raw frame, never queued or resent.
 */
export interface DemoProtocol {
  incoming: {
    'counter.state': { value: number };
    'presence.count': { users: number };
    'chat.message': ChatMessage;
    'chat.presence': { online: string[] };
  };
  outgoing: {
    'counter.add': { delta: 1 | -1 };
    /**
     * `name`: the name the sender joined with. A message queued while offline goes out on the new
     * connection before the rejoin, and the server joins that connection under this name first.
     */
    'chat.send': { text: string; name?: string };
  };
  requests: {
    'chat.join': { request: { name: string }; reply: ChatJoined };
  };
}

export interface ChatMessage {
  /** Unique across server restarts: merging history after a reconnect skips what is already shown. */
  id: string;
  from: string;
  text: string;
  /** Server time, ms since the epoch. */
  at: number;
  /** Present only in the copy sent to the user this message `@mentions`. */
  mentionsYou?: true;
}

export interface ChatJoined {
  name: string;
  /** The last 50 messages, oldest first. */
  history: ChatMessage[];
  online: string[];
}
