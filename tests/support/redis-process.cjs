// CommonJS on purpose, like reference-server-process.cjs: Jest specs and the plain-Node bench both load it.
const { execFileSync, spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { createConnection, createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Where Debian puts it; REDIS_SERVER overrides. */
const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** A free loopback port: bind port 0, read it, let it go. (Redis's own `--port 0` turns TCP off.) */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real `redis-server` on 127.0.0.1: started on a free port with no persistence of its own
 * (`--save '' --appendonly no`), in a temporary folder, and stopped by its pid. `restart()` is a graceful
 * restart that keeps the data (`SHUTDOWN SAVE` writes one snapshot, the new process loads it), as a Redis
 * with persistence does; `dispose()` kills it and removes the folder.
 *
 * `start()` throws, naming the install command, when redis-server is missing: a test that needs it fails,
 * never skips.
 */
class RedisProcess {
  #child = null;
  #folder = mkdtempSync(join(tmpdir(), 'ngx-live-socket-redis-'));
  port = 0;
  restarts = 0;

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    try {
      execFileSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`redis-server not found at ${REDIS_SERVER}: install it with \`apt-get install -y redis-server\` (or set REDIS_SERVER)`);
    }
    this.port ||= await freePort();
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.#folder, '--dbfilename', 'dump.rdb'],
      { stdio: 'ignore' },
    );
    this.#child = child;
    process.once('exit', () => child.kill('SIGKILL'));
    await this.#waitUntilAnswering();
  }

  /** Stops Redis gracefully, keeping its data for the next `start()` (SHUTDOWN SAVE). */
  async stop() {
    const child = this.#child;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await this.#command('SHUTDOWN SAVE');
    await exited;
    this.#child = null;
  }

  /** Stops Redis keeping its data, waits `downMs`, starts it again on the same port. */
  async restart(downMs) {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
    this.restarts++;
  }

  async dispose() {
    const child = this.#child;
    if (child !== null && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    this.#child = null;
    rmSync(this.#folder, { recursive: true, force: true });
  }

  async #waitUntilAnswering() {
    const started = Date.now();
    for (;;) {
      try {
        if ((await this.#command('PING')).startsWith('+PONG')) return;
      } catch {
        // not listening yet
      }
      if (Date.now() - started > 10_000) throw new Error(`redis-server did not answer on port ${this.port} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends one inline command; resolves with the first reply line ('' when Redis closes the link first). */
  #command(line) {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port: this.port });
      let reply = '';
      socket.on('connect', () => socket.write(`${line}\r\n`));
      socket.on('data', (chunk) => {
        reply += chunk;
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply);
        }
      });
      socket.on('close', () => resolve(reply));
      socket.on('error', reject);
    });
  }
}

module.exports = { RedisProcess, freePort };
