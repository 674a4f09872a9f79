/** What a close event told us, whether the server, the browser or our own dead-link check closed it. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}
