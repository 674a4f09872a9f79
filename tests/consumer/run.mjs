#!/usr/bin/env node
// The consumer step of `npm test`: can a new user install the package and use it?
//
// Builds and packs the library, generates a fresh Angular 21 workspace and application with the installed
// @schematics/angular in a temporary folder, installs its dependencies, runs `ng add <tarball>` through the
// app's own Angular CLI (twice: the second run must change nothing), adds a component that injects
// WebSocketService, type-checks an import of `ngx-live-socket/testing`, runs `ng build`, and checks the
// bundle contains the library. Prints the tarball's size and file count and how long it all took; fails if
// it takes more than 5 minutes. The temporary folder is removed; the workspace's node_modules is never touched.
//
// `--no-build` packs what `npm run build` left in dist/ngx-live-socket.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_MS = 5 * 60_000;
const URL_OPTION = 'ws://127.0.0.1:8080/live';
const APP = 'consumer-app';
/** In the bundle only if the library's code is: the service's error when provideWebSocket() is missing. */
const LIBRARY_MARKER = 'ngx-live-socket: no WebSocket connection is configured';
/** The testing entry point must not leak into an app bundle. */
const TESTING_MARKER = 'WebSocketTestingController.verify()';
const EXPECTED_FILES = [
  'package.json',
  'README.md',
  'LICENSE',
  'fesm2022/ngx-live-socket.mjs',
  'fesm2022/ngx-live-socket-testing.mjs',
  'types/ngx-live-socket.d.ts',
  'types/ngx-live-socket-testing.d.ts',
  'schematics/collection.json',
  'schematics/package.json',
  'schematics/ng-add/index.js',
  'schematics/ng-add/schema.json',
];

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`consumer: ${message} [${elapsed()}]`);

// `npm run` tells its children where the workspace is; an npm started in the temporary app must not know.
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false' };
for (const name of Object.keys(env)) {
  if (name === 'INIT_CWD' || name === 'npm_config_local_prefix' || name.startsWith('npm_package_') || name.startsWith('npm_lifecycle_')) {
    delete env[name];
  }
}

class ConsumerTestFailure extends Error {}

function fail(message) {
  throw new ConsumerTestFailure(message);
}

/**
 * Runs a command to completion within what is left of the budget; fails with its output if it fails.
 * Returns its standard output, and all of its output.
 */
function run(command, args, cwd) {
  const remaining = BUDGET_MS - (Date.now() - started);
  if (remaining <= 0) {
    fail(`out of time (5 minutes) before: ${command} ${args.join(' ')}`);
  }
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: remaining, maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error?.code === 'ETIMEDOUT') {
    fail(`out of time (5 minutes) during: ${command} ${args.join(' ')}\n${output}`);
  }
  if (result.status !== 0) {
    fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}) in ${cwd}:\n${output}`);
  }
  return { stdout: result.stdout, output };
}

const npm = (args, cwd) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, cwd);
const ng = (args, cwd) => run(process.execPath, [join(cwd, 'node_modules/@angular/cli/bin/ng.js'), ...args], cwd);

function packLibrary(destination) {
  if (!process.argv.includes('--no-build')) {
    npm(['run', '--silent', 'build'], root);
    log('library built');
  }
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', destination], join(root, 'dist/ngx-live-socket')).stdout);
  const paths = packed.files.map((file) => file.path);
  const missing = EXPECTED_FILES.filter((path) => !paths.includes(path));
  if (missing.length > 0) {
    fail(`the tarball lacks ${missing.join(', ')}; it holds:\n  ${paths.join('\n  ')}`);
  }
  log(`packed ${packed.filename}: ${(packed.size / 1000).toFixed(1)} kB, ${packed.entryCount} files, ${(packed.unpackedSize / 1000).toFixed(1)} kB unpacked (as npm counts: 1 kB = 1000 bytes)`);
  return join(destination, packed.filename);
}

/** `ng new` as the installed @schematics/angular makes it (the workspace's own CLI would find this workspace). */
async function generateApp(folder) {
  const { NodeWorkflow } = createRequire(join(root, 'package.json'))('@angular-devkit/schematics/tools');
  const workflow = new NodeWorkflow(folder, { force: false, dryRun: false, packageManager: 'npm', schemaValidation: true });
  const cliVersion = JSON.parse(readFileSync(join(root, 'node_modules/@angular/cli/package.json'), 'utf8')).version;
  // `version` is the Angular CLI's own version, which `ng new` passes in; the rest answers its prompts.
  const options = { name: APP, version: cliVersion, skipInstall: true, skipGit: true, minimal: true, style: 'css', ssr: false, routing: false };
  await new Promise((resolve, reject) =>
    workflow.execute({ collection: '@schematics/angular', schematic: 'ng-new', options, allowPrivate: true }).subscribe({ error: reject, complete: resolve }),
  );
  const app = join(folder, APP);
  // The same versions as this workspace: the install is served from the npm cache, and the result does not
  // drift with each release (the generator may even name a version the registry does not have yet).
  const manifestPath = join(app, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      const installed = join(root, 'node_modules', name, 'package.json');
      if (existsSync(installed)) {
        manifest[field][name] = JSON.parse(readFileSync(installed, 'utf8')).version;
      }
    }
  }
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  log(`generated ${APP} with @schematics/angular ${JSON.parse(readFileSync(join(root, 'node_modules/@schematics/angular/package.json'), 'utf8')).version}`);
  return app;
}

function addLibrary(app, tarball) {
  ng(['add', tarball, '--skip-confirmation', '--url', URL_OPTION], app);
  const configPath = join(app, 'src/app/app.config.ts');
  const config = readFileSync(configPath, 'utf8');
  for (const expected of ["import { provideWebSocket, withReconnect } from 'ngx-live-socket';", `provideWebSocket({ url: '${URL_OPTION}' }, withReconnect())`]) {
    if (!config.includes(expected)) {
      fail(`ng add did not write ${expected} into app.config.ts:\n${config}`);
    }
  }
  const dependencies = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies ?? {};
  if (!('ngx-live-socket' in dependencies)) {
    fail(`ng add did not save ngx-live-socket in dependencies: ${JSON.stringify(dependencies)}`);
  }
  log('ng add set up app.config.ts and saved the dependency');

  const again = ng(['add', 'ngx-live-socket', '--skip-confirmation'], app).output;
  if (readFileSync(configPath, 'utf8') !== config || !again.includes('already set up')) {
    fail(`a second ng add changed app.config.ts or did not say it was set up already:\n${again}`);
  }
  log('a second ng add changed nothing');
}

function addComponent(app) {
  writeFileSync(
    join(app, 'src/app/live-status.ts'),
    `import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { WebSocketService } from 'ngx-live-socket';

@Component({
  selector: 'app-live-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: \`<p>Live: {{ socket.state() }}</p>\`,
})
export class LiveStatus {
  protected readonly socket = inject(WebSocketService);
}
`,
  );
  const main = readFileSync(join(app, 'src/main.ts'), 'utf8');
  if (!main.includes("import { App } from './app/app';")) {
    fail(`the generated main.ts no longer bootstraps App from ./app/app:\n${main}`);
  }
  writeFileSync(
    join(app, 'src/app/app.ts'),
    `import { Component } from '@angular/core';
import { LiveStatus } from './live-status';

@Component({
  selector: 'app-root',
  imports: [LiveStatus],
  template: '<app-live-status />',
})
export class App {}
`,
  );
  // A test as a user would write it, type-checked against the installed package (the app has no test runner).
  writeFileSync(
    join(app, 'src/live-status.check.ts'),
    `import { TestBed } from '@angular/core/testing';
import { provideWebSocket } from 'ngx-live-socket';
import { type SentFrame, WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';

export function expectHello(): SentFrame {
  TestBed.configureTestingModule({ providers: [provideWebSocket({ url: '/live' }), provideWebSocketTesting()] });
  const controller = TestBed.inject(WebSocketTestingController);
  const connection = controller.expectConnection('/live');
  connection.open();
  controller.tick(1_000);
  return connection.expectSent('hello');
}
`,
  );
  writeFileSync(join(app, 'tsconfig.check.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['src/live-status.check.ts'] }));
  run(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.check.json'], app);
  log('added a component that injects WebSocketService; ngx-live-socket/testing type-checks');
}

function buildApp(app) {
  ng(['build'], app);
  const browser = join(app, 'dist', APP, 'browser');
  const bundle = readdirSync(browser)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(browser, name), 'utf8'))
    .join('\n');
  if (!bundle.includes(LIBRARY_MARKER)) {
    fail(`the built bundle in ${browser} does not contain the library ("${LIBRARY_MARKER}")`);
  }
  if (bundle.includes(TESTING_MARKER)) {
    fail('the built bundle contains the testing entry point, which an app never imports');
  }
  log('ng build passed; the bundle contains the library and not its testing entry point');
}

const work = mkdtempSync(join(tmpdir(), 'ngx-live-socket-consumer-'));
let exitCode = 0;
try {
  const tarball = packLibrary(work);
  const app = await generateApp(work);
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], app);
  log('dependencies installed');
  addLibrary(app, tarball);
  addComponent(app);
  buildApp(app);
  log(`passed in ${elapsed()}`);
} catch (error) {
  console.error(`consumer: FAILED after ${elapsed()}: ${error instanceof ConsumerTestFailure ? error.message : error.stack}`);
  exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
