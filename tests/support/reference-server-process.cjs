// CommonJS on purpose: Jest (which compiles .mjs to CommonJS, losing import.meta) and the plain-Node e2e
// runner both load it as it is.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const MAIN = join(__dirname, '../../demo/server/main.mjs');
const READY = /WebSocket at (ws:\/\/[^\s)]+)/;

/**
 * Runs the reference server as a real child process on 127.0.0.1 (port 0 picks a free one) and resolves
 * once it listens. `stop()` sends SIGTERM (a graceful shutdown); `kill()` sends SIGKILL (a crash);
 * `signal(name)` sends any signal. Each resolves with the exit code once the process has exited.
 * The child dies with the test process.
 */
function spawnReferenceServer({ port = 0, env = {} } = {}) {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return new Promise((resolve, reject) => {
    let output = '';
    const timeout = setTimeout(() => fail(new Error(`reference server did not start in 10 s:\n${output}`)), 10_000);
    const fail = (error) => {
      clearTimeout(timeout);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = READY.exec(output);
      if (match) {
        clearTimeout(timeout);
        const socketUrl = match[1];
        const stopWith = (signal) => () => {
          process.off('exit', killOnExit);
          child.kill(signal);
          return exited;
        };
        resolve({
          socketUrl,
          url: socketUrl.replace(/^ws/, 'http').replace(/\/ws$/, '/'),
          port: Number(new URL(socketUrl).port),
          stop: stopWith('SIGTERM'),
          kill: stopWith('SIGKILL'),
          signal: (signal) => stopWith(signal)(),
        });
      }
    });
    child.once('exit', (code) => fail(new Error(`reference server exited (${code}) before listening:\n${output}`)));
  });
}

module.exports = { spawnReferenceServer };
