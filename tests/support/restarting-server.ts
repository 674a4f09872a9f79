import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ReferenceServerProcess, spawnReferenceServer } from './reference-server-process.cjs';
import { SERVER_START_TIMEOUT_MS } from './server-start-timeout';

/**
 * The reference server as a real process that a test kills and restarts on the same port, keeping its
 * delivery journal in a temporary folder (so sessions survive like a production server's would).
 */
export class RestartingServer {
  private current: ReferenceServerProcess | null = null;
  private readonly folder = mkdtempSync(join(tmpdir(), 'ngx-live-socket-'));
  restarts = 0;
  port = 0;

  constructor(private readonly env: Record<string, string> = {}) {}

  get socketUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  async start(): Promise<void> {
    this.current = await spawnReferenceServer({
      port: this.port,
      env: { STATE_FILE: join(this.folder, 'journal.jsonl'), ENABLE_TEST_STREAMS: '1', LIMITS: '{"messagesPerSecond":5000,"messageBurst":5000}', ...this.env },
    });
    this.port = this.current.port;
  }

  /** Takes the server down (alternately a crash and a graceful stop), waits `downMs`, starts it again. */
  async restart(downMs: number): Promise<void> {
    const crash = this.restarts % 2 === 0;
    await (crash ? this.current?.kill() : this.current?.stop());
    this.current = null;
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
    this.restarts++;
  }

  async dispose(): Promise<void> {
    await this.current?.kill();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/**
 * A fresh {@link RestartingServer} for each test of the calling `describe`: started before each test (with time
 * to start a process on a loaded machine), disposed after it. Returns a getter for the current one.
 */
export function restartingServerPerTest(): () => RestartingServer {
  let server: RestartingServer;
  beforeEach(async () => {
    server = new RestartingServer();
    await server.start();
  }, SERVER_START_TIMEOUT_MS);
  afterEach(() => server.dispose());
  return () => server;
}
