import { ANGULAR_PRODUCTION_DEFINES, bundle, gzipBytes } from '../support/esbuild-bundle.mjs';
import { compileWithAngular } from '../support/angular-aot.mjs';

/** The every-feature consumer of ngx-live-socket, and the names it exports (what an app would use). */
const OUR_CONSUMER = 'bench/size/consumers/ngx-live-socket.ts';
const OUR_CONSUMER_EXPORTS = ['appConfig', 'LiveChat'];

/** Packages an Angular app ships anyway: the baseline our own bytes are counted over. */
const FRAMEWORK = ['@angular/*', 'rxjs', 'rxjs/*'];

/** The smallest real consumer of each peer, bundled as it is (they need no framework). */
export const PEER_CONSUMERS = {
  'rxjs webSocket': 'bench/size/consumers/rxjs-web-socket.mjs',
  'reconnecting-websocket': 'bench/size/consumers/reconnecting-websocket.mjs',
  partysocket: 'bench/size/consumers/partysocket.mjs',
  'socket.io-client': 'bench/size/consumers/socket-io-client.mjs',
};

/**
 * Minified and gzipped size of the every-feature consumer, of its rxjs + @angular/core baseline (exactly
 * the framework symbols the consumer's bundle imports, bundled alone), and the difference: the bytes
 * ngx-live-socket itself adds to an app. Also the library files that weigh most in the bundle.
 *
 * Deterministic: the same sources give the same bytes (esbuild and zlib are deterministic).
 */
export async function measureOurBundle() {
  const compiled = compileWithAngular('size', [OUR_CONSUMER]);
  const consumer = compiled.entries[OUR_CONSUMER];
  const shared = { alias: { 'ngx-live-socket': compiled.library, 'ngx-live-socket/core': compiled.core }, define: ANGULAR_PRODUCTION_DEFINES };

  const full = await bundle({ ...shared, source: keepAlive({ [consumer]: OUR_CONSUMER_EXPORTS }), metafile: true });
  const imports = await frameworkImportsOf(consumer, shared);
  const baseline = await bundle({ ...shared, source: keepAlive(imports) });

  const total = sizes(full.code);
  const framework = sizes(baseline.code);
  return {
    total,
    baseline: framework,
    own: { minified: total.minified - framework.minified, gzip: total.gzip - framework.gzip },
    heaviestFiles: libraryFilesBySize(full.metafile),
  };
}

/** Minified and gzipped size of a peer's consumer bundle. */
export async function measurePeerBundle(entry) {
  return sizes((await bundle({ entry })).code);
}

function sizes(code) {
  return { minified: Buffer.byteLength(code), gzip: gzipBytes(code) };
}

/**
 * Which framework symbols the consumer's bundle uses, per package: bundled with the framework left
 * external and unminified, its `import` statements (and `ns.member` uses of namespace imports, as the
 * Angular compiler emits them) name them.
 */
async function frameworkImportsOf(entry, options) {
  const { code } = await bundle({ ...options, entry, format: 'esm', minify: false, external: FRAMEWORK });
  const imports = {};
  const add = (specifier, name) => (imports[specifier] ??= new Set()).add(name);
  for (const [, names, specifier] of code.matchAll(/^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/gm)) {
    for (const name of names.split(',').map((part) => part.trim().split(/\s+as\s+/)[0]).filter(Boolean)) {
      add(specifier, name);
    }
  }
  for (const [, namespace, specifier] of code.matchAll(/^import\s*\*\s*as\s+([\w$]+)\s+from\s*"([^"]+)";/gm)) {
    for (const [, member] of code.matchAll(new RegExp(`\\b${namespace.replace('$', '\\$')}\\.([\\p{L}\\p{N}_$]+)`, 'gu'))) {
      add(specifier, member);
    }
  }
  return Object.fromEntries(Object.entries(imports).map(([specifier, names]) => [specifier, [...names].sort()]));
}

/**
 * A module that imports `names` from each module and keeps them alive, as an app that uses them does,
 * without adding export names to the bundle (an app exports nothing).
 */
function keepAlive(namesByModule) {
  const lines = [];
  const kept = [];
  for (const [specifier, names] of Object.entries(namesByModule)) {
    const locals = names.map((name) => {
      const local = `keep${kept.length}`;
      kept.push(local);
      return `${name} as ${local}`;
    });
    lines.push(`import { ${locals.join(', ')} } from ${JSON.stringify(specifier)};`);
  }
  lines.push(`globalThis.keep = [${kept.join(', ')}];`);
  return lines.join('\n');
}

/** The library's source files in the bundle, heaviest first, with their minified bytes (esbuild metafile). */
function libraryFilesBySize(metafile) {
  const [output] = Object.values(metafile.outputs);
  const library = Object.entries(output.inputs)
    .filter(([path]) => /projects\/ngx-live-socket\/(src|core)\//.test(path))
    .map(([path, { bytesInOutput }]) => ({ file: path.replace(/^.*projects\/ngx-live-socket\//, '').replace(/\.js$/, '.ts'), minified: bytesInOutput }));
  const total = library.reduce((sum, file) => sum + file.minified, 0);
  return library.sort((a, b) => b.minified - a.minified).map((file) => ({ ...file, share: file.minified / total }));
}
