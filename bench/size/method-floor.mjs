// How small the minimal app could get if every method it never calls left the bundle: the floor of the
// current design under issue 11's rule that no behaviour and no API is lost.
//
// The methods of a class cannot tree-shake: the minimal app (bench/size/apps/minimal.ts) ships every method of
// `WebSocketService` and `MessagingCore`, though it calls only `state`, `on` and `send`. This script compiles
// the app as `npm run test:size`'s proxy does (ngc, then esbuild minified, production defines), deletes from
// the compiled JavaScript the methods of those two classes that the minimal app never reaches, bundles again,
// and prints both figures: gzip of the whole bundle minus the baseline app's. What is left is code the app
// does reach (the connection, reconnect, routing, send handles, errors, stats, the Angular layer).
//
//   node bench/size/method-floor.mjs
//
// esbuild's figures run some 300 B under the Angular CLI's (`npm run test:size`); the difference between the
// two lines is what counts.
import { readFileSync, writeFileSync } from 'node:fs';
import { compileWithAngular } from '../support/angular-aot.mjs';
import { ANGULAR_PRODUCTION_DEFINES, bundle, gzipBytes } from '../support/esbuild-bundle.mjs';

const BASELINE = 'bench/size/apps/baseline.ts';
const MINIMAL = 'bench/size/apps/minimal.ts';

/** Per compiled file (under the library's output folder): the members the minimal app never calls. */
const UNREACHED = {
  'src/lib/angular/web-socket.service.js': ['latest', 'envelopesOf', 'channel', 'request', 'sendRaw', 'multiplex', 'next', 'error', 'complete', 'subscribe', 'asObservable'],
  'core/src/messaging/messaging-core.js': ['envelopesOf', 'channel', 'request', 'multiplex', 'sendRaw', 'ɵnextId', 'ɵtakeId', 'ɵenqueue', 'ɵcancel', 'ɵflush', 'routeCount'],
};

const compiled = compileWithAngular('size-floor', [BASELINE, MINIMAL]);
const libraryOut = compiled.library.replace(/src\/public-api\.js$/, '');

async function gzipOf(entry) {
  const { code } = await bundle({ entry, alias: { 'ngx-live-socket': compiled.library, 'ngx-live-socket/core': compiled.core }, define: ANGULAR_PRODUCTION_DEFINES });
  return gzipBytes(code);
}

const baseline = await gzipOf(compiled.entries[BASELINE]);
const asBuilt = (await gzipOf(compiled.entries[MINIMAL])) - baseline;

for (const [file, members] of Object.entries(UNREACHED)) {
  const path = libraryOut + file;
  writeFileSync(path, withoutMembers(readFileSync(path, 'utf8'), members, file));
}
const floor = (await gzipOf(compiled.entries[MINIMAL])) - baseline;

console.log(`minimal app, gzip over the baseline (esbuild): as built ${asBuilt} B; without the ${Object.values(UNREACHED).flat().length} methods it never calls ${floor} B (${asBuilt - floor} B less)`);

/** The class source without the named members (methods or getters at class level, 4-space indent as ngc emits). */
function withoutMembers(source, members, file) {
  const lines = source.split('\n');
  for (const member of members) {
    const start = lines.findIndex((line) => line.startsWith(`    ${member}(`) || line.startsWith(`    get ${member}(`));
    const end = lines.findIndex((line, index) => index > start && line === '    }');
    if (start === -1 || end === -1) {
      throw new Error(`${file}: no member "${member}" found to remove; the list in method-floor.mjs is out of date`);
    }
    lines.splice(start, end - start + 1);
  }
  return lines.join('\n');
}
