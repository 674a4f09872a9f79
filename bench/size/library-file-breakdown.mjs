import { compileWithAngular } from '../support/angular-aot.mjs';
import { ANGULAR_PRODUCTION_DEFINES, bundle } from '../support/esbuild-bundle.mjs';

/** The app whose bundle is broken down: the one that uses everything, so every library file shows. */
const EVERYTHING_APP = 'bench/size/apps/everything.ts';

/**
 * Where the library's bytes are, file by file: the "everything" app compiled with `ngc` against the library's
 * sources (not dist/, whose one flat file hides them) and bundled by esbuild with a metafile, the library's
 * source files heaviest first with their minified bytes and share. An approximation to find heavy files, not
 * the size figure: that comes from the real production build (production-build-sizes.mjs).
 */
export async function libraryFileBreakdown() {
  const compiled = compileWithAngular('size', [EVERYTHING_APP]);
  const { metafile } = await bundle({
    entry: compiled.entries[EVERYTHING_APP],
    alias: { 'ngx-live-socket': compiled.library, 'ngx-live-socket/core': compiled.core },
    define: ANGULAR_PRODUCTION_DEFINES,
    metafile: true,
  });
  const [output] = Object.values(metafile.outputs);
  const library = Object.entries(output.inputs)
    .filter(([path]) => /projects\/ngx-live-socket\/(src|core)\//.test(path))
    .map(([path, { bytesInOutput }]) => ({ file: path.replace(/^.*projects\/ngx-live-socket\//, '').replace(/\.js$/, '.ts'), minified: bytesInOutput }));
  const total = library.reduce((sum, file) => sum + file.minified, 0);
  return library.sort((a, b) => b.minified - a.minified).map((file) => ({ ...file, share: file.minified / total }));
}
