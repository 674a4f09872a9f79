import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const WORKSPACE = join(here, '..', '..');

/** Everything measured or measuring, by package name. */
const MEASURED_PACKAGES = [
  '@angular/core',
  '@angular/common',
  'rxjs',
  'zone.js',
  'reconnecting-websocket',
  'partysocket',
  'socket.io-client',
  'engine.io-client',
  'socket.io',
  'engine.io',
  'ws',
  'esbuild',
  'playwright-core',
  '@angular/compiler-cli',
];

/** The installed version of a package, read from its package.json (some packages do not export that file). */
function installedVersion(name) {
  return JSON.parse(readFileSync(join(WORKSPACE, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** The library's own version, from its package.json. */
function libraryVersion() {
  return JSON.parse(readFileSync(join(WORKSPACE, 'projects/ngx-live-socket/package.json'), 'utf8')).version;
}

/** The version of the library and of every package measured or measuring, by name. */
export function packageVersions() {
  return Object.fromEntries([['ngx-live-socket', libraryVersion()], ...MEASURED_PACKAGES.map((name) => [name, installedVersion(name)])]);
}

/** What the figures were measured on. */
export function machineInfo() {
  const processors = cpus();
  return {
    cpu: processors[0]?.model ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  };
}
