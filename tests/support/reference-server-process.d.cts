export interface ReferenceServerProcess {
  readonly socketUrl: string;
  readonly url: string;
  readonly port: number;
  /** Graceful shutdown (SIGTERM): clients get 1001. Resolves with the exit code. */
  stop(): Promise<number | null>;
  /** A crash (SIGKILL): clients see the TCP connection drop. */
  kill(): Promise<number | null>;
  /** Sends `signal`; resolves with the exit code once the process has exited. */
  signal(signal: NodeJS.Signals): Promise<number | null>;
}

export declare function spawnReferenceServer(options?: { port?: number; env?: Record<string, string> }): Promise<ReferenceServerProcess>;
