#!/usr/bin/env node
// `npm run bench`: every benchmark of issues 6, 12 and 13, side by side with the peers, in one run; writes
// bench/RESULTS.md, bench/results.json and bench/charts/*.svg. Needs Chromium (e2e/support/chromium.mjs) and, for
// the fan-out benchmark, redis-server.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../e2e/support/chromium.mjs';
import { runChangeDetection } from './change-detection/run-change-detection.mjs';
import { runFanout } from './fanout/run-fanout.mjs';
import { runHttpFallback } from './http-fallback/run-http-fallback.mjs';
import { runMemory } from './memory/run-memory.mjs';
import { runSharedTabs } from './shared-tabs/run-shared-tabs.mjs';
import { runSize } from './size/run-size.mjs';
import { runStorm } from './storm/run-storm.mjs';
import { WORKSPACE, machineInfo, packageVersions } from './support/environment.mjs';
import { ROUNDS } from './support/rounds.mjs';
import { writeReport } from './support/write-report.mjs';
import { runThroughput } from './throughput/run-throughput.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const startedAt = performance.now();
const log = (message) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${message}`);

/**
 * `BENCH_ONLY=throughput,memory npm run bench` re-measures only those parts (ids as in results.json) and
 * carries every other part over from the last results.json, marked with the run it came from.
 */
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((id) => id.trim())) : null;
const wanted = (id) => only === null || only.has(id);
const previous = only === null ? null : JSON.parse(readFileSync(join(benchDir, 'results.json'), 'utf8'));

const browser = await launchChromium();
const browserVersion = browser.version();
const results = {};
try {
  // Cheap and deterministic first; the browser benchmarks last. The report follows the issue's order.
  if (wanted('size')) results.size = await runSize({ log });
  if (wanted('storm')) results.storm = await runStorm({ rounds: ROUNDS, log });
  if (wanted('memory')) results.memory = runMemory({ rounds: ROUNDS, log });
  if (wanted('fanout')) results.fanout = await runFanout({ rounds: ROUNDS, log });
  if (wanted('throughput')) results.throughput = await runThroughput({ browser, rounds: ROUNDS, log });
  if (wanted('change-detection')) results.changeDetection = await runChangeDetection({ browser, rounds: ROUNDS, log });
  if (wanted('http-fallback')) results.httpFallback = await runHttpFallback({ browser, rounds: ROUNDS, log });
  if (wanted('shared-tabs')) results.sharedTabs = await runSharedTabs({ browser, log });
} finally {
  await browser.close();
}

const durationSeconds = (performance.now() - startedAt) / 1000;
const commit = currentCommit();
const REPORT_ORDER = ['throughput', 'size', 'storm', 'change-detection', 'memory', 'fanout', 'http-fallback', 'shared-tabs'];
const measured = new Map(Object.values(results).map((benchmark) => [benchmark.id, benchmark]));
const carriedOver = (id) => {
  const benchmark = previous.benchmarks.find((candidate) => candidate.id === id);
  const from = benchmark.carriedOver ?? { generatedAt: previous.generatedAt, commit: previous.commit };
  return { ...benchmark, carriedOver: from, notes: [...benchmark.notes.filter((note) => !note.startsWith('Carried over')), `Carried over from the run of ${from.generatedAt} at commit \`${from.commit}\` (not re-measured in this one).`] };
};
writeReport(benchDir, {
  command: only === null ? 'npm run bench' : `BENCH_ONLY=${[...only].join(',')} npm run bench`,
  generatedAt: new Date().toISOString(),
  durationSeconds,
  rounds: ROUNDS,
  commit,
  machine: { ...machineInfo(), browser: `Chromium ${browserVersion} (headless)` },
  versions: packageVersions(),
  // A part that neither this run nor the last one measured (a part newer than results.json) is left out.
  benchmarks: REPORT_ORDER.filter((id) => measured.has(id) || previous.benchmarks.some((benchmark) => benchmark.id === id)).map((id) => measured.get(id) ?? carriedOver(id)),
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
