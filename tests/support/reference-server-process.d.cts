export interface ReferenceServerProcess {
  readonly socketUrl: string;
  readonly url: string;
  readonly port: number;
  /** Graceful shutdown (SIGTERM): clients get 1001. */
  stop(): Promise<unknown>;
  /** A crash (SIGKILL): clients see the TCP connection drop. */
  kill(): Promise<unknown>;
}

export declare function spawnReferenceServer(options?: { port?: number; env?: Record<string, string> }): Promise<ReferenceServerProcess>;
