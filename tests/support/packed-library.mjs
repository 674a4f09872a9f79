// What the tests that install the library as a user would (tests/consumer, tests/core-in-node) share: building
// it, packing dist/ngx-live-socket into a tarball, running npm and other commands with their output kept for
// the failure message, an npm environment that does not know the workspace, and a free loopback port.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const libraryDist = join(workspaceRoot, 'dist/ngx-live-socket');

/** A failure the test explains in its message: printed without a stack. */
export class TestFailure extends Error {}

/**
 * The environment for npm in a temporary project: `npm run` tells its children where the workspace is
 * (INIT_CWD, npm_config_local_prefix, npm_package_*), and an npm started there must not know it, or it would
 * install into the workspace.
 */
export function outsideWorkspaceEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const name of Object.keys(env)) {
    if (name === 'INIT_CWD' || name === 'npm_config_local_prefix' || name.startsWith('npm_package_') || name.startsWith('npm_lifecycle_')) {
      delete env[name];
    }
  }
  return env;
}

/**
 * Runs a command to completion and resolves with its stdout and its whole output; rejects with a
 * `TestFailure` quoting that output when it fails or outlives `timeoutMs` (`budget` names the limit then).
 */
export function runCommand(command, args, { cwd, env = process.env, timeoutMs = 10 * 60_000, budget = `${timeoutMs / 60_000} minutes` }) {
  if (timeoutMs <= 0) {
    return Promise.reject(new TestFailure(`out of time (${budget}) before: ${command} ${args.join(' ')}`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => ((stdout += chunk), (output += chunk)));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new TestFailure(`could not start ${command}: ${error.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') {
        reject(new TestFailure(`out of time (${budget}) during: ${command} ${args.join(' ')} in ${cwd}\n${output}`));
      } else if (status !== 0) {
        reject(new TestFailure(`${command} ${args.join(' ')} failed (exit ${status ?? signal}) in ${cwd}:\n${output}`));
      } else {
        resolve({ stdout, output });
      }
    });
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** What goes into the package: a change to any of these after the last build makes dist stale. */
const BUILD_INPUTS = ['projects/ngx-live-socket', 'README.md', 'angular.json', 'tsconfig.json', 'package.json'];
/** Tests and type tests are not built into the package. */
const NOT_BUILT = /\.(spec|test-d)\.ts$/;
/** `npm run build` writes it last (finish-package.mjs), so its time is when the last complete build ended. */
const BUILD_FINISHED_MARKER = join(libraryDist, 'README.md');

function newestInput(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) {
    return NOT_BUILT.test(path) ? { path: null, time: 0 } : { path, time: stat.mtimeMs };
  }
  return readdirSync(path)
    .map((name) => newestInput(join(path, name)))
    .reduce((newest, candidate) => (candidate.time > newest.time ? candidate : newest), { path: null, time: 0 });
}

/** Why dist/ngx-live-socket must be built again, or `null` when it is newer than every source it is built from. */
export function staleBuildReason() {
  if (!existsSync(BUILD_FINISHED_MARKER)) {
    return 'dist/ngx-live-socket has no complete build';
  }
  const built = statSync(BUILD_FINISHED_MARKER).mtimeMs;
  const newest = BUILD_INPUTS.map((input) => newestInput(join(workspaceRoot, input))).reduce((a, b) => (b.time > a.time ? b : a));
  return newest.time > built ? `${newest.path.slice(workspaceRoot.length + 1)} changed after the last build` : null;
}

/** `npm run build`: the library into dist/ngx-live-socket, as it is published. */
export function buildLibrary(run = runCommand) {
  return run('npm', ['run', '--silent', 'build'], { cwd: workspaceRoot });
}

/**
 * `npm pack`s dist/ngx-live-socket into `destination` and fails, listing what the tarball holds, when one of
 * `expectedFiles` is missing from it. Resolves with the tarball's path and npm's figures for the log.
 */
export async function packLibrary(destination, expectedFiles, run = runCommand) {
  const [packed] = JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: libraryDist })).stdout);
  const paths = packed.files.map((file) => file.path);
  const missing = expectedFiles.filter((path) => !paths.includes(path));
  if (missing.length > 0) {
    throw new TestFailure(`the tarball lacks ${missing.join(', ')}; it holds:\n  ${paths.join('\n  ')}`);
  }
  return {
    tarball: join(destination, packed.filename),
    summary: `${packed.filename}: ${(packed.size / 1000).toFixed(1)} kB, ${packed.entryCount} files, ${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked (as npm counts: 1 kB = 1000 bytes)`,
  };
}
