#!/usr/bin/env node
// Second half of `npm run build`, after ng-packagr has written dist/ngx-live-socket:
// - compiles the schematics to CommonJS (the package is "type": "module"; the Angular CLI loads schematics
//   with require()), with their collection, schemas and a package.json that says "type": "commonjs";
// - writes the package README from the repository's README, without the parts only about this repository,
//   so there is one README to keep up to date.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const library = dirname(fileURLToPath(import.meta.url));
const root = join(library, '../..');
const dist = join(root, 'dist/ngx-live-socket');

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(library, 'tsconfig.schematics.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('finish-package: the schematics did not compile.');
  process.exit(compiled.status ?? 1);
}
cpSync(join(library, 'schematics'), join(dist, 'schematics'), {
  recursive: true,
  filter: (source) => !source.endsWith('.ts'),
});
// ng-packagr's .npmignore leaves out every nested package.json; this one must ship, or Node would load the
// compiled schematics as ES modules.
appendFileSync(join(dist, '.npmignore'), '\n# The schematics are CommonJS inside a "type": "module" package.\n!schematics/package.json\n');

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const packageReadme = readme.replace(/<!-- repository-only:start -->[\s\S]*?<!-- repository-only:end -->\n*/g, '');
if (packageReadme === readme) {
  console.error('finish-package: README.md has no <!-- repository-only:start --> section; is the marker gone?');
  process.exit(1);
}
writeFileSync(join(dist, 'README.md'), packageReadme);
console.log('finish-package: schematics compiled to CommonJS, README written.');
