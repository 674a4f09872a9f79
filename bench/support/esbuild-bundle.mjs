import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { angularLinkerPlugin } from './angular-linker-plugin.mjs';
import { WORKSPACE } from './environment.mjs';

/** Build-time constants an Angular CLI production build sets; they let esbuild drop dev-only code. */
export const ANGULAR_PRODUCTION_DEFINES = {
  ngDevMode: 'false',
  ngJitMode: 'false',
  ngI18nClosureMode: 'false',
  ngServerMode: 'false',
};

/**
 * Bundles one entry in memory with esbuild and returns its code (and metafile). Defaults: a minified
 * browser bundle of ES2022, tree-shaken, resolving packages the way the Angular CLI does (its `es2015`
 * condition picks rxjs' modern build rather than the ES5 one) and linking Angular's partially compiled
 * packages as it does.
 *
 * @param {import('esbuild').BuildOptions & { entry?: string, source?: string }} options
 *   `entry` a file path, or `source` JavaScript to bundle (resolved from the workspace root)
 */
export async function bundle({ entry, source, ...options }) {
  const result = await build({
    ...(source !== undefined ? { stdin: { contents: source, resolveDir: WORKSPACE, loader: 'ts' } } : { entryPoints: [entry] }),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    charset: 'utf8', // as the CLI: Angular's `ɵ` names stay 2 bytes instead of `\u0275`
    conditions: ['es2020', 'es2015', 'module'],
    mainFields: ['es2020', 'es2015', 'browser', 'module', 'main'],
    logLevel: 'silent',
    absWorkingDir: WORKSPACE,
    // node_modules is a link to a shared install: resolve through it, never into the tree it points to.
    preserveSymlinks: true,
    plugins: [angularLinkerPlugin()],
    ...options,
  });
  return { code: result.outputFiles[0].text, metafile: result.metafile };
}

/** Size of `code` after gzip at its highest level, as a server would serve it. */
export function gzipBytes(code) {
  return gzipSync(Buffer.from(code), { level: 9 }).length;
}
