import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

/**
 * An esbuild plugin that runs the Angular linker on Angular's own packages, as the Angular CLI does:
 * they ship partially compiled (`ɵɵngDeclare*`) and would otherwise need the JIT compiler at run time.
 * Uses the linker's public Babel entry point and the Babel that @angular/compiler-cli itself depends on.
 */
export function angularLinkerPlugin() {
  return {
    name: 'angular-linker',
    async setup(build) {
      const compilerCli = createRequire(createRequire(import.meta.url).resolve('@angular/compiler-cli/package.json'));
      const babel = compilerCli('@babel/core');
      const { createEs2015LinkerPlugin } = await import('@angular/compiler-cli/linker/babel');
      const linker = createEs2015LinkerPlugin({
        linkerJitMode: false,
        fileSystem: { resolve, exists: existsSync, dirname, relative, readFile: readFileSync },
        logger: { level: 1, debug() {}, info() {}, warn: (message) => console.warn(message), error: (message) => console.error(message) },
      });
      build.onLoad({ filter: /[\\/]@angular[\\/].*\.m?js$/ }, async ({ path }) => {
        const code = await readFile(path, 'utf8');
        if (!code.includes('ɵɵngDeclare')) {
          return undefined;
        }
        const linked = await babel.transformAsync(code, { filename: path, plugins: [linker], configFile: false, babelrc: false, compact: false, sourceMaps: false });
        return { contents: linked.code, loader: 'js' };
      });
    },
  };
}
