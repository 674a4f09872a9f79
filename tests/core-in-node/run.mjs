#!/usr/bin/env node
// `npm run test:core-node` (and a step of `npm test`): ngx-live-socket/core works in plain Node, installed
// from the packed tarball with only rxjs and ws beside it, Angular nowhere.
//
// Builds the library when dist/ngx-live-socket is missing or older than its sources, packs it, makes a fresh
// `"type": "module"` project, installs only the tarball, rxjs and ws (the versions the workspace uses) and
// checks that no @angular/* package came along (the library's Angular peers are optional). Then runs
// check-core.mjs there with plain `node`: a tiny ws server on 127.0.0.1 and a MessagingClient from
// `ngx-live-socket/core` whose factory is ws's WebSocket without a cast (open, on, request, reconnect, a
// queued send). The control runs the same script on the main entry `ngx-live-socket`: it must fail, naming
// the missing @angular package, so what passed is the core entry, not a lucky resolution.
// The temporary folder is removed (`--keep` keeps it and says where); the workspace is not touched.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestFailure, buildLibrary, outsideWorkspaceEnv, packLibrary, runCommand, staleBuildReason, workspaceRoot } from '../support/packed-library.mjs';

const BUDGET_MS = 4 * 60_000;
const CORE_ENTRY = 'ngx-live-socket/core';
const MAIN_ENTRY = 'ngx-live-socket';
const CHECK_SCRIPT = 'check-core.mjs';
const TYPES_CHECK = 'check-core-types.ts';
const TYPES_CONTROL = 'uses-dom.ts';
/** The checks check-core.mjs must report passing, so a script that stopped early cannot pass. */
const EXPECTED_CHECKS = 8;
const EXPECTED_FILES = ['package.json', 'fesm2022/ngx-live-socket-core.mjs', 'types/ngx-live-socket-core.d.ts', 'fesm2022/ngx-live-socket.mjs'];

const here = dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message) => console.log(`core-node: ${message} [${elapsed()}]`);
const env = outsideWorkspaceEnv();

function fail(message) {
  throw new TestFailure(message);
}

function run(command, args, { cwd }) {
  return runCommand(command, args, { cwd, env, timeoutMs: BUDGET_MS - (Date.now() - started), budget: `${BUDGET_MS / 60_000} minutes` });
}

/** The version of a package the workspace has installed: the one the npm cache holds. */
function workspaceVersion(name) {
  return JSON.parse(readFileSync(join(workspaceRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Makes the project and installs the tarball, rxjs and ws; fails if any @angular/* package was installed. */
async function installProject(project, tarball) {
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'core-in-node', private: true, type: 'module' }, null, 2));
  const packages = [tarball, `rxjs@${workspaceVersion('rxjs')}`, `ws@${workspaceVersion('ws')}`, `@types/ws@${workspaceVersion('@types/ws')}`, `@types/node@${workspaceVersion('@types/node')}`];
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packages], { cwd: project });
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  const installed = Object.keys(lock.packages).filter((path) => path !== '').map((path) => path.replace(/^.*node_modules\//, ''));
  const angular = installed.filter((name) => name.startsWith('@angular/'));
  if (angular.length > 0 || existsSync(join(project, 'node_modules/@angular'))) {
    fail(`npm installed ${angular.join(', ') || 'node_modules/@angular'} beside the core entry; the library's @angular peers must be optional (peerDependenciesMeta). Installed: ${installed.join(', ')}`);
  }
  log(`installed only ${installed.join(', ')}: no @angular package`);
}

/** The core entry, end to end: every check of check-core.mjs passes. */
async function checkCoreEntry(project) {
  const { stdout } = await run(process.execPath, [CHECK_SCRIPT, CORE_ENTRY], { cwd: project });
  const passed = stdout.split('\n').filter((line) => line.startsWith('ok: '));
  if (passed.length !== EXPECTED_CHECKS) {
    fail(`${CHECK_SCRIPT} ${CORE_ENTRY} exited 0 but reported ${passed.length} of ${EXPECTED_CHECKS} checks:\n${stdout}`);
  }
  for (const line of passed) {
    log(`${CORE_ENTRY}: ${line.slice('ok: '.length)}`);
  }
}

/**
 * The core's types in the same project, as a user without Angular compiles them: TypeScript (the workspace's
 * compiler) with lib ES2022 and Node's types, no DOM lib, skipLibCheck off. The control compiles a file using a
 * DOM type with the same options and must fail, so the check really runs without the DOM lib.
 */
async function checkCoreTypes(project) {
  const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const options = ['--noEmit', '--strict', '--skipLibCheck', 'false', '--target', 'es2022', '--lib', 'es2022', '--types', 'node', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
  await run(process.execPath, [tsc, ...options, TYPES_CHECK], { cwd: project });
  log(`${CORE_ENTRY}: its types compile with lib ES2022 and Node's types, no DOM lib (${TYPES_CHECK}, skipLibCheck off)`);
  const control = await run(process.execPath, [tsc, ...options, TYPES_CONTROL], { cwd: project }).then(
    () => 'it compiled',
    (error) => error.message,
  );
  if (!control.includes("Cannot find name 'Document'")) {
    fail(`the types control should fail for want of the DOM lib, but: ${control}`);
  }
  log(`control: ${TYPES_CONTROL} fails with the same options: Cannot find name 'Document'`);
}

/** The control: the same script on the main entry fails at the import, naming the missing @angular package. */
async function checkMainEntryNeedsAngular(project) {
  const outcome = await run(process.execPath, [CHECK_SCRIPT, MAIN_ENTRY], { cwd: project }).then(
    ({ output }) => ({ passed: true, output }),
    (error) => ({ passed: false, output: error.message }),
  );
  const missing = /Cannot find package '(@angular\/[^']+)'/.exec(outcome.output);
  if (outcome.passed || missing === null || outcome.output.includes(`ok: imported MessagingClient from ${MAIN_ENTRY}`)) {
    fail(`the control should fail importing ${MAIN_ENTRY} for want of an @angular package, but ${outcome.passed ? 'it passed' : 'it failed otherwise'}:\n${outcome.output}`);
  }
  log(`control: ${MAIN_ENTRY} (the main entry) fails in the same project: Cannot find package '${missing[1]}'`);
}

const work = mkdtempSync(join(tmpdir(), 'ngx-live-socket-core-node-'));
let exitCode = 0;
try {
  const stale = staleBuildReason();
  if (stale !== null) {
    log(`building the library: ${stale}`);
    await buildLibrary(run);
  }
  const { tarball, summary } = await packLibrary(work, EXPECTED_FILES, run);
  log(`packed ${summary}`);
  const project = join(work, 'project');
  await installProject(project, tarball);
  for (const file of [CHECK_SCRIPT, TYPES_CHECK, TYPES_CONTROL]) {
    copyFileSync(join(here, file), join(project, file));
  }
  await checkCoreEntry(project);
  await checkCoreTypes(project);
  await checkMainEntryNeedsAngular(project);
  log('passed');
} catch (error) {
  console.error(`core-node: FAILED after ${elapsed()}: ${error instanceof TestFailure ? error.message : error.stack}`);
  exitCode = 1;
} finally {
  if (process.argv.includes('--keep')) {
    log(`kept ${work}`);
  } else {
    rmSync(work, { recursive: true, force: true });
  }
}
process.exit(exitCode);
