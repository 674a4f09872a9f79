import { type AddressInfo, type Server, type Socket, createConnection, createServer } from 'node:net';

interface Pipe {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Which way bytes no longer go: `null` while the link works. */
  frozen: FrozenDirection | null;
}

/** `both`: a dead link; `to-client`: only the server's side is lost (asymmetric routing), the client's still arrives. */
export type FrozenDirection = 'both' | 'to-client';

/**
 * A TCP proxy on 127.0.0.1 between a client and a server, that can make the links through it half-open:
 * `freeze()` silently stops forwarding on every current connection in both directions (or only towards the
 * client), without closing anything, as a dead NAT entry or a sleeping peer does. New connections are
 * forwarded normally.
 */
export class TcpProxy {
  private readonly pipes = new Set<Pipe>();
  private server: Server | null = null;
  port = 0;
  /**
   * When bytes last went from the server to a client (wall clock, ms): a client heard nothing later than
   * this, so after `freeze()` its last incoming frame is no later than this moment.
   */
  lastToClientAt: number | null = null;

  constructor(private readonly targetPort: () => number) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort() });
      const pipe: Pipe = { client, upstream, frozen: null };
      this.pipes.add(pipe);
      client.on('data', (chunk) => pipe.frozen !== 'both' && upstream.write(chunk));
      upstream.on('data', (chunk) => {
        if (pipe.frozen !== null) return;
        this.lastToClientAt = Date.now();
        client.write(chunk);
      });
      const end = () => {
        if (pipe.frozen !== null) return; // a frozen link tells neither side anything
        this.pipes.delete(pipe);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Makes every current link through the proxy half-open: bytes vanish (both ways by default), nobody is told. */
  freeze(direction: FrozenDirection = 'both'): void {
    for (const pipe of this.pipes) {
      pipe.frozen = direction;
    }
  }

  /** How many links are forwarding right now. */
  get activeCount(): number {
    return [...this.pipes].filter((pipe) => pipe.frozen === null).length;
  }

  /** How many links are frozen right now. */
  get frozenCount(): number {
    return [...this.pipes].filter((pipe) => pipe.frozen !== null).length;
  }

  async stop(): Promise<void> {
    for (const pipe of this.pipes) {
      pipe.client.destroy();
      pipe.upstream.destroy();
    }
    this.pipes.clear();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
