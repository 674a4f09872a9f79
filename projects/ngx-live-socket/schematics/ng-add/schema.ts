/** The options of `ng add ngx-live-socket`, as described in `schema.json`. */
export interface NgAddOptions {
  /** The application to set up; defaults to the only application of the workspace. */
  project?: string;
  /** Where the WebSocket connects: a `ws:`/`wss:`/`http:`/`https:` URL or a path such as `/live`. */
  url: string;
  /** Also add `withHeartbeat()` (the server must answer pings). */
  heartbeat: boolean;
}
