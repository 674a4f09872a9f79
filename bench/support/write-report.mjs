import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownTable } from './format.mjs';
import { svgBarChart } from './svg-bar-chart.mjs';

/**
 * Writes what `npm run bench` measured: `results.json` (everything, raw samples included), one SVG chart
 * per table under `charts/`, and `RESULTS.md` (the tables, targets, versions, machine and command).
 *
 * @param {string} benchDir  the bench/ folder
 * @param {{ command: string, generatedAt: string, durationSeconds: number, rounds: number, commit: string,
 *   machine: object, versions: Record<string, string>, benchmarks: object[] }} run
 */
export function writeReport(benchDir, run) {
  const chartsDir = join(benchDir, 'charts');
  mkdirSync(chartsDir, { recursive: true });
  const chartFiles = {};
  for (const benchmark of run.benchmarks) {
    const charts = [{ id: benchmark.id, ...benchmark.chart }, ...(benchmark.extraCharts ?? [])];
    chartFiles[benchmark.id] = charts.map((chart) => {
      const file = `charts/${chart.id}.svg`;
      // A part carried over from an earlier run (BENCH_ONLY) keeps the chart that run drew.
      if (benchmark.carriedOver === undefined) {
        writeFileSync(join(benchDir, file), svgBarChart(chart));
      }
      return { file, title: chart.title };
    });
  }
  writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(withoutFunctions(run), null, 2)}\n`);
  writeFileSync(join(benchDir, 'RESULTS.md'), resultsMarkdown(run, chartFiles));
}

function resultsMarkdown(run, chartFiles) {
  const lines = [
    '# Benchmark results',
    '',
    `Made by \`${run.command}\` (bench/run.mjs) on ${run.generatedAt}, in ${run.durationSeconds.toFixed(0)} s, at commit \`${run.commit}\`. ` +
      `Every timing is a ratio of contenders measured side by side in this one run, the median of ${run.rounds} rounds whose order alternates (throughput: its own 30 short interleaved rounds, see its notes); ` +
      'the simulation uses one seed per round; sizes are deterministic. Absolute numbers depend on the machine below, which is shared and noisy.',
    '',
    '## Targets',
    '',
    markdownTable(
      ['benchmark', 'target', 'result', ''],
      run.benchmarks.filter(({ target }) => target !== undefined).map(({ title, target }) => [title.split(':')[0], target.text, target.actual, target.met ? 'met' : '**missed**']),
    ),
    '',
  ];
  for (const benchmark of run.benchmarks) {
    lines.push(`## ${benchmark.title}`, '');
    for (const { file, title } of chartFiles[benchmark.id]) {
      lines.push(`![${title}](${file})`, '');
    }
    lines.push(markdownTable(benchmark.columns, benchmark.rows), '');
    for (const extra of benchmark.extraTables ?? []) {
      lines.push(`${extra.title}:`, '', markdownTable(extra.columns, extra.rows), '');
    }
    if (benchmark.target !== undefined && !benchmark.target.met && benchmark.target.missedBecause !== undefined) {
      lines.push(`**Target missed.** ${benchmark.target.missedBecause}`, '');
    }
    lines.push(...benchmark.notes.map((note) => (note.startsWith('- ') ? note : `${note}\n`)), '');
  }
  lines.push(
    '## What was measured, with what',
    '',
    markdownTable(
      ['package', 'version'],
      Object.entries(run.versions).map(([name, version]) => [name, version]),
    ),
    '',
    `Machine: ${run.machine.cpu}, ${run.machine.cores} cores, ${run.machine.memoryGiB} GiB, ${run.machine.platform}, Node ${run.machine.node}, ${run.machine.browser}.`,
    '',
    `Reproduce: \`${run.command}\` (about ${Math.ceil(run.durationSeconds / 60)} min; \`BENCH_ROUNDS=n\` for more rounds). Raw samples: [results.json](results.json).`,
    '',
  );
  return lines.join('\n');
}

/** The run without its chart formatters, for JSON. */
function withoutFunctions(value) {
  return JSON.parse(JSON.stringify(value, (_key, item) => (typeof item === 'function' ? undefined : item === Infinity ? 'Infinity' : item)));
}
