#!/usr/bin/env node
// `npm run bench`: every benchmark of issue 6, side by side with the peers, in one run; writes
// bench/RESULTS.md, bench/results.json and bench/charts/*.svg. Needs Chromium (e2e/support/chromium.mjs) and, for
// the fan-out benchmark, redis-server.
import { execSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/support/chromium.mjs';
import { runChangeDetection } from './change-detection/run-change-detection.mjs';
import { runFanout } from './fanout/run-fanout.mjs';
import { runMemory } from './memory/run-memory.mjs';
import { runSize } from './size/run-size.mjs';
import { runStorm } from './storm/run-storm.mjs';
import { WORKSPACE, machineInfo, packageVersions } from './support/environment.mjs';
import { ROUNDS } from './support/rounds.mjs';
import { writeReport } from './support/write-report.mjs';
import { runThroughput } from './throughput/run-throughput.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const startedAt = performance.now();
const log = (message) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${message}`);

const browser = await launchChromium();
const browserVersion = browser.version();
const results = {};
try {
  // Cheap and deterministic first; the browser benchmarks last. The report follows the issue's order.
  results.size = await runSize({ log });
  results.storm = await runStorm({ rounds: ROUNDS, log });
  results.memory = runMemory({ rounds: ROUNDS, log });
  results.fanout = await runFanout({ rounds: ROUNDS, log });
  results.throughput = await runThroughput({ browser, rounds: ROUNDS, log });
  results.changeDetection = await runChangeDetection({ browser, rounds: ROUNDS, log });
} finally {
  await browser.close();
}

const durationSeconds = (performance.now() - startedAt) / 1000;
writeReport(benchDir, {
  command: 'npm run bench',
  generatedAt: new Date().toISOString(),
  durationSeconds,
  rounds: ROUNDS,
  commit: currentCommit(),
  machine: { ...machineInfo(), browser: `Chromium ${browserVersion} (headless)` },
  versions: packageVersions(),
  benchmarks: [results.throughput, results.size, results.storm, results.changeDetection, results.memory, results.fanout],
});
log(`done in ${durationSeconds.toFixed(0)} s: bench/RESULTS.md, bench/results.json, bench/charts/`);
for (const { title, target } of Object.values(results).filter(({ target }) => target !== undefined)) {
  console.log(`  ${target.met ? 'met   ' : 'MISSED'} ${title.split(':')[0]}: ${target.actual}`);
}

/** The commit measured, marked when the working tree has changes on top of it. */
function currentCommit() {
  const sha = execSync('git rev-parse --short HEAD', { cwd: WORKSPACE, encoding: 'utf8' }).trim();
  const measured = ['projects', 'bench', ':!bench/RESULTS.md', ':!bench/results.json', ':!bench/charts'];
  const dirty = execSync(`git status --porcelain -- ${measured.map((path) => `'${path}'`).join(' ')}`, { cwd: WORKSPACE, encoding: 'utf8' }).trim() !== '';
  return dirty ? `${sha} + uncommitted changes` : sha;
}
