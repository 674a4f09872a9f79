import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Runs a measuring script (TypeScript, bundled by esbuild) in a fresh `node` and returns the JSON it prints:
 * a Jest worker that ran other suites frees code and caches of its own during a measurement, so a heap is
 * measured where nothing else lives. The script gets a scratch folder as its last argument (removed after);
 * anything it writes to stderr fails the run.
 */
export function measureInFreshNode<T>(script: string, nodeOptions: string[] = []): T {
  const dir = mkdtempSync(join(tmpdir(), 'measure-'));
  try {
    const bundled = join(dir, 'measure.mjs');
    buildSync({ entryPoints: [script], bundle: true, platform: 'node', format: 'esm', outfile: bundled, logLevel: 'error' });
    const run = spawnSync(process.execPath, [...nodeOptions, bundled, dir], { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0 || run.stderr !== '') {
      throw new Error(`${script} failed (exit ${run.status}): ${run.stderr}`);
    }
    return JSON.parse(run.stdout) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
