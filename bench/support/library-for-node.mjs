import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from './esbuild-bundle.mjs';
import { WORKSPACE } from './environment.mjs';

/** The framework-free core modules the Node benchmarks use: the real code, straight from this checkout. */
const CORE_MODULES = ['messaging-client', 'backoff', 'outbox', 'heartbeat', 'delivery'];

/**
 * Imports the library's framework-free core in Node, compiled from its TypeScript sources by esbuild (rxjs
 * stays an ordinary import), together with the seeded random source the tests use.
 */
export async function importLibraryForNode() {
  const source = [
    ...CORE_MODULES.map((name) => `export * from ${JSON.stringify(join(WORKSPACE, 'projects/ngx-live-socket/src/lib/core', `${name}.ts`))};`),
    `export { seededRandom } from ${JSON.stringify(join(WORKSPACE, 'tests/support/seeded-random.ts'))};`,
  ].join('\n');
  const { code } = await bundle({ source, platform: 'node', format: 'esm', minify: false, packages: 'external' });
  const dir = join(WORKSPACE, 'bench', 'tmp', 'node');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ngx-live-socket.mjs');
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}
