/**
 * The messages the demo exchanges with the reference server (demo/server/README.md), by type.
 * `incoming`: what the server pushes; `outgoing`: what the app sends without waiting for an answer;
 * `requests`: what the app asks, with the reply it gets.
 */
export interface DemoProtocol {
  incoming: {
    'counter.state': { value: number };
    'presence.count': { users: number };
    'chat.message': ChatMessage;
    'chat.presence': { online: string[] };
    /** The server refused something we sent that was not a request (requests get their error as a rejection). */
    error: { message: string; cause?: string };
  };
  outgoing: {
    'counter.add': { delta: 1 | -1 };
    'chat.send': { text: string };
    /** Asks the server to cut this connection without a close frame, to show a real drop and reconnect. */
    'debug.drop': Record<string, never>;
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

export type IncomingType = keyof DemoProtocol['incoming'];
export type OutgoingType = keyof DemoProtocol['outgoing'];
export type RequestType = keyof DemoProtocol['requests'];
