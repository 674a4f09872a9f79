import { type ReferenceServerProcess, spawnReferenceServer } from './reference-server-process.cjs';
import { TcpProxy } from './tcp-proxy';

/**
 * Several reference-server processes sharing one Redis, behind a round-robin TCP proxy (the load balancer):
 * each new connection through the proxy goes to the next instance, whether it is up or not, as a naive
 * balancer does. A test kills and restarts instances one by one on their own ports.
 */
export class ServerCluster {
  private readonly instances: (ReferenceServerProcess | null)[] = [];
  readonly ports: number[] = [];
  readonly proxy: TcpProxy;
  private turn = 0;
  kills = 0;
  stops = 0;

  constructor(
    private readonly size: number,
    private readonly redisUrl: string,
  ) {
    this.proxy = new TcpProxy(() => this.ports[this.turn++ % this.ports.length]);
  }

  /** The proxy's WebSocket URL: what a client behind the load balancer connects to. */
  get socketUrl(): string {
    return `ws://127.0.0.1:${this.proxy.port}/ws`;
  }

  /** Instance `index`'s own WebSocket URL, bypassing the proxy. */
  instanceUrl(index: number): string {
    return `ws://127.0.0.1:${this.ports[index]}/ws`;
  }

  /** Instance `index`'s health endpoint (demo/server/README.md). */
  healthUrl(index: number): string {
    return `http://127.0.0.1:${this.ports[index]}/health`;
  }

  /** The index of the instance with the most clients right now (by /health), e.g. the one a lone client is on. */
  async busiestInstance(): Promise<number> {
    const counts = await Promise.all(
      this.ports.map(async (_, index) => {
        try {
          return ((await (await fetch(this.healthUrl(index))).json()) as { connections: number }).connections;
        } catch {
          return -1; // down
        }
      }),
    );
    return counts.indexOf(Math.max(...counts));
  }

  async start(): Promise<void> {
    for (let index = 0; index < this.size; index++) {
      await this.startInstance(index);
    }
    await this.proxy.start();
  }

  /** Takes instance `index` down (a crash, or a graceful stop: clients get 1001), waits, starts it again. */
  async restart(index: number, how: 'kill' | 'stop', downMs: number): Promise<void> {
    await this.takeDown(index, how);
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.startInstance(index);
  }

  async takeDown(index: number, how: 'kill' | 'stop'): Promise<void> {
    const instance = this.instances[index];
    this.instances[index] = null;
    await (how === 'kill' ? instance?.kill() : instance?.stop());
    how === 'kill' ? this.kills++ : this.stops++;
  }

  async startInstance(index: number): Promise<void> {
    const instance = await spawnReferenceServer({
      port: this.ports[index] ?? 0,
      env: { REDIS_URL: this.redisUrl, ENABLE_TEST_STREAMS: '1', LIMITS: '{"messagesPerSecond":5000,"messageBurst":5000}' },
    });
    this.instances[index] = instance;
    this.ports[index] = instance.port;
  }

  async dispose(): Promise<void> {
    await this.proxy.stop();
    await Promise.all(this.instances.map((instance) => instance?.kill()));
  }
}
