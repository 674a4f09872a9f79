import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from './esbuild-bundle.mjs';
import { WORKSPACE } from './environment.mjs';

/**
 * Imports the library's framework-free core in Node, compiled from its TypeScript sources by esbuild (rxjs
 * stays an ordinary import), together with the seeded random source the tests use.
 */
export async function importLibraryForNode() {
  const source = [
    // The framework-free core and the internals the benchmarks use, straight from this checkout.
    `export * from ${JSON.stringify(join(WORKSPACE, 'projects/ngx-live-socket/core/internal.ts'))};`,
    `export { seededRandom } from ${JSON.stringify(join(WORKSPACE, 'tests/support/seeded-random.ts'))};`,
  ].join('\n');
  const { code } = await bundle({ source, platform: 'node', format: 'esm', minify: false, packages: 'external' });
  const dir = join(WORKSPACE, 'bench', 'tmp', 'node');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ngx-live-socket.mjs');
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}
