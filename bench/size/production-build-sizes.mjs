import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipBytes } from '../support/esbuild-bundle.mjs';
import { WORKSPACE } from '../support/environment.mjs';
import { checkMeasurement } from './measurement-self-check.mjs';

/**
 * The apps built for the size figures (sources in bench/size/apps/, each a standalone component and
 * `bootstrapApplication`), in the order they are built and shown. `consumer` marks the three uses of
 * ngx-live-socket that have a budget; `extra` an app that prices one feature (its figure minus minimal's);
 * `peer` the two other ways to get the minimal app's behaviour.
 */
export const SIZE_APPS = [
  { name: 'baseline', label: 'baseline: the same app with no socket' },
  { name: 'minimal', label: 'ngx-live-socket, minimal: `withReconnect()`, `on`, `send`, `state()`', consumer: true },
  { name: 'typical', label: 'ngx-live-socket, typical: minimal + `withHeartbeat()`, `withOfflineQueue()`, `withRequests()` and one `request()`', consumer: true },
  { name: 'everything', label: 'ngx-live-socket, everything: every feature and API of the main entry point', consumer: true },
  { name: 'minimal-http-fallback', label: 'ngx-live-socket, minimal + `withHttpFallback()`: what the HTTP fallback adds when used', extra: true },
  { name: 'minimal-shared-connection', label: 'ngx-live-socket, minimal + `withSharedConnection()`: what sharing the connection between tabs adds when used', extra: true },
  { name: 'partysocket', label: 'partysocket: the minimal app on its reconnecting WebSocket', peer: true },
  { name: 'rxjs-web-socket', label: 'rxjs `webSocket` + `retry({ delay })`: the minimal app', peer: true },
];

const LIBRARY_SOURCES = join(WORKSPACE, 'projects', 'ngx-live-socket');
const LIBRARY_DIST = join(WORKSPACE, 'dist', 'ngx-live-socket');
const APPS_DIR = join(WORKSPACE, 'bench', 'size', 'apps');
const NG = join(WORKSPACE, 'node_modules', '@angular', 'cli', 'bin', 'ng.js');

/**
 * What each app ships: production `ng build` (the real Angular CLI, `@angular/build:application`) of each app
 * in a throwaway workspace, one after another, then level-9 gzip of every emitted JavaScript file, summed.
 * Each app's `figure` is its gzip bytes minus the baseline's: what it adds to an app that has no socket.
 *
 * The workspace lives in the system's temporary folder and is removed afterwards (`keep: true` leaves it and
 * says where). Its `node_modules` links every package of this repository's `node_modules` (no network, same
 * versions) and `ngx-live-socket` to `dist/ngx-live-socket`, rebuilt first when missing or older than the
 * library's sources. So the apps resolve the library as an installed package, through its `exports`.
 *
 * Throws when a build fails, or when the self-check (measurement-self-check.mjs) finds the measurement cannot
 * see the library.
 */
export function measureProductionBuilds({ log = () => {}, keep = false } = {}) {
  ensureLibraryBuilt(log);
  const workspace = createWorkspace();
  const started = performance.now();
  try {
    const apps = {};
    for (const { name } of SIZE_APPS) {
      apps[name] = buildApp(workspace, name);
      log(`size: ng build ${name}: ${apps[name].gzip} B gzip in ${apps[name].buildSeconds.toFixed(1)} s`);
    }
    checkMeasurement(apps);
    const results = SIZE_APPS.map((app) => {
      const { code, ...measured } = apps[app.name];
      return { ...app, ...measured, figure: measured.gzip - apps.baseline.gzip };
    });
    return { apps: results, buildSeconds: (performance.now() - started) / 1000 };
  } finally {
    if (keep) {
      log(`size: workspace kept at ${workspace}`);
    } else {
      rmSync(workspace, { recursive: true, force: true });
    }
  }
}

/** Runs `npm run build` when dist/ngx-live-socket is missing or older than any of the library's sources. */
function ensureLibraryBuilt(log) {
  const built = join(LIBRARY_DIST, 'package.json');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : -Infinity;
  const newer = newestSource(LIBRARY_SOURCES);
  if (newer === null || newer.mtimeMs <= builtAt) {
    return;
  }
  log(`size: building the library (${existsSync(built) ? `${newer.path.slice(WORKSPACE.length + 1)} is newer than dist` : 'dist/ngx-live-socket is missing'})`);
  run('npm', ['run', '--silent', 'build'], WORKSPACE, 'npm run build');
}

/** The most recently changed file of the library that goes into the package (specs and type tests do not). */
function newestSource(dir) {
  let newest = null;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || /\.spec\.ts$|\.test-d\.ts$/.test(entry.name) || path.includes(`${join('ngx-live-socket', 'node_modules')}`)) {
      continue;
    }
    const { mtimeMs } = statSync(path);
    if (newest === null || mtimeMs > newest.mtimeMs) {
      newest = { path, mtimeMs };
    }
  }
  return newest;
}

/** A minimal Angular workspace with one application project per size app, wired to this repository's packages. */
function createWorkspace() {
  const root = mkdtempSync(join(tmpdir(), 'ngx-live-socket-size-'));
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(WORKSPACE, 'node_modules'))) {
    symlinkSync(join(WORKSPACE, 'node_modules', name), join(modules, name));
  }
  symlinkSync(LIBRARY_DIST, join(modules, 'ngx-live-socket'));

  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src', 'index.html'), '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>size</title><base href="/"></head>\n<body><app-root></app-root></body>\n</html>\n');
  const projects = {};
  for (const { name } of SIZE_APPS) {
    copyFileSync(join(APPS_DIR, `${name}.ts`), join(root, 'src', `${name}.ts`));
    writeFileSync(join(root, `tsconfig.${name}.json`), JSON.stringify({ extends: './tsconfig.json', files: [`src/${name}.ts`] }, null, 2));
    projects[name] = {
      projectType: 'application',
      root: '',
      sourceRoot: 'src',
      architect: {
        build: {
          builder: '@angular/build:application',
          options: { browser: `src/${name}.ts`, index: 'src/index.html', tsConfig: `tsconfig.${name}.json`, outputPath: `dist/${name}` },
          // What `ng new` gives the production configuration, minus the bundle-size budgets (we measure instead).
          configurations: { production: { optimization: true, outputHashing: 'all', sourceMap: false, extractLicenses: true } },
          defaultConfiguration: 'production',
        },
      },
    };
  }
  writeFileSync(join(root, 'angular.json'), JSON.stringify({ version: 1, cli: { analytics: false, cache: { enabled: false } }, newProjectRoot: 'projects', projects }, null, 2));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          skipLibCheck: true,
          isolatedModules: true,
          experimentalDecorators: true,
          importHelpers: true,
          target: 'ES2022',
          module: 'preserve',
          moduleResolution: 'bundler',
          lib: ['ES2022', 'dom'],
        },
        angularCompilerOptions: { strictTemplates: true },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'size-apps', private: true }, null, 2));
  return root;
}

/** `ng build <name>` (production), then the app's emitted JavaScript: each file's bytes and gzip bytes. */
function buildApp(workspace, name) {
  const started = performance.now();
  run(process.execPath, [NG, 'build', name], workspace, `ng build ${name}`);
  const buildSeconds = (performance.now() - started) / 1000;
  const outDir = join(workspace, 'dist', name, 'browser');
  const files = readdirSync(outDir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file) => {
      const code = readFileSync(join(outDir, file));
      return { file, bytes: code.length, gzip: gzipBytes(code), code: code.toString('utf8') };
    });
  if (files.length === 0) {
    throw new Error(`ng build ${name} emitted no JavaScript in ${outDir}`);
  }
  return {
    files: files.map(({ file, bytes, gzip }) => ({ file, bytes, gzip })),
    bytes: files.reduce((sum, { bytes }) => sum + bytes, 0),
    gzip: files.reduce((sum, { gzip }) => sum + gzip, 0),
    code: files.map(({ code }) => code).join('\n'),
    buildSeconds,
  };
}

function run(command, args, cwd, description) {
  const env = { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false', CI: 'true' };
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${description} failed (exit ${result.status ?? result.signal}) in ${cwd}:\n${result.stdout}${result.stderr}`);
  }
}
