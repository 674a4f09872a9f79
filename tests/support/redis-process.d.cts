/** A real redis-server on 127.0.0.1 for tests and benchmarks (see redis-process.cjs). */
export declare class RedisProcess {
  port: number;
  /** Graceful restarts done with restart(). */
  restarts: number;
  readonly url: string;
  /** Starts it on a free port; throws naming `apt-get install -y redis-server` when it is not installed. */
  start(): Promise<void>;
  /** SHUTDOWN SAVE: stops it, keeping the data for the next start(). */
  stop(): Promise<void>;
  /** SHUTDOWN SAVE, wait `downMs`, start again on the same port with the data. */
  restart(downMs: number): Promise<void>;
  /** Kills it and removes its folder. */
  dispose(): Promise<void>;
}

/** A free loopback port. */
export declare function freePort(): Promise<number>;
