import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WORKSPACE } from './environment.mjs';

const LIBRARY_ENTRY = 'projects/ngx-live-socket/src/public-api.ts';
const CORE_ENTRY = 'projects/ngx-live-socket/core/public-api.ts';
const LIBRARY_PACKAGE_JSON = 'projects/ngx-live-socket/package.json';

/**
 * Compiles TypeScript entry files (and the library sources they import as `ngx-live-socket`) ahead of
 * time with the Angular compiler, `ngc` in full compilation mode: the same code an Angular CLI build links
 * into an app, with no JIT compiler needed at run time. Returns where each entry's JavaScript landed and
 * where the library's public API and its core entry point did, for esbuild to bundle.
 *
 * @param {string} name  a folder name under bench/tmp for this compilation
 * @param {string[]} entries  workspace-relative .ts paths
 */
export function compileWithAngular(name, entries) {
  const workDir = join(WORKSPACE, 'bench', 'tmp', name);
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const outDir = join(workDir, 'out');
  const tsconfig = {
    extends: relative(workDir, join(WORKSPACE, 'tsconfig.json')),
    compilerOptions: {
      outDir: relative(workDir, outDir),
      rootDir: relative(workDir, WORKSPACE),
      noEmit: false,
      declaration: false,
      sourceMap: false,
      types: [],
      // The sources, not dist/: the figures describe the code as it is in this checkout.
      paths: {
        'ngx-live-socket': [relative(workDir, join(WORKSPACE, LIBRARY_ENTRY))],
        'ngx-live-socket/core': [relative(workDir, join(WORKSPACE, CORE_ENTRY))],
      },
    },
    files: entries.map((entry) => relative(workDir, join(WORKSPACE, entry))),
    angularCompilerOptions: { compilationMode: 'full', strictTemplates: true },
  };
  const tsconfigPath = join(workDir, 'tsconfig.json');
  writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, 2));
  const ngc = join(WORKSPACE, 'node_modules', '.bin', 'ngc');
  const result = spawnSync(ngc, ['-p', tsconfigPath], { cwd: WORKSPACE, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`ngc failed for ${entries.join(', ')}:\n${result.stdout}${result.stderr}`);
  }
  // Bundlers rely on the library's `sideEffects` flag, as in the published package. Only that flag is
  // copied: a second package.json named ngx-live-socket would collide in Jest's module map.
  const { sideEffects } = JSON.parse(readFileSync(join(WORKSPACE, LIBRARY_PACKAGE_JSON), 'utf8'));
  writeFileSync(join(outDir, LIBRARY_PACKAGE_JSON), JSON.stringify({ sideEffects }));
  const emitted = (path) => join(outDir, path.replace(/\.ts$/, '.js'));
  return { library: emitted(LIBRARY_ENTRY), core: emitted(CORE_ENTRY), entries: Object.fromEntries(entries.map((entry) => [entry, emitted(entry)])) };
}
