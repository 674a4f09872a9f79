#!/usr/bin/env node
// `npm run test:size` (part of `npm test`): production `ng build`s of a tiny app without a socket, of three
// consumers of ngx-live-socket (minimal, typical, everything) and of two peers; fails when a consumer ships more
// gzip bytes over the baseline than its budget (bench/size/budget.mjs), or when the self-check finds the
// measurement cannot see the library. Deterministic: a size, not a timing. `--keep` keeps the built workspace.
import { integer, kilobytes } from './support/format.mjs';
import { budgetExceededMessage, describeVerdict, judgeSizes } from './size/budget.mjs';
import { libraryFileBreakdown } from './size/library-file-breakdown.mjs';
import { measureProductionBuilds } from './size/production-build-sizes.mjs';

const { apps, buildSeconds } = measureProductionBuilds({ log: console.log, keep: process.argv.includes('--keep') });
const figures = Object.fromEntries(apps.map(({ name, figure }) => [name, figure]));
const verdicts = judgeSizes(figures);

console.log(`size: gzip bytes over the baseline app (${integer(apps.find(({ name }) => name === 'baseline').gzip)} B), ${apps.length} production builds in ${buildSeconds.toFixed(0)} s:`);
for (const verdict of verdicts) {
  console.log(`  ${describeVerdict(verdict)}`);
}
const minimalFigure = figures.minimal;
for (const { name, figure } of apps.filter(({ extra }) => extra)) {
  console.log(`  ${name.padEnd(15)} ${String(figure).padStart(6)} B (${kilobytes(figure)}) gzip: ${integer(figure - minimalFigure)} B more than minimal (no budget)`);
}
for (const { name, figure } of apps.filter(({ peer }) => peer)) {
  console.log(`  ${name.padEnd(15)} ${String(figure).padStart(6)} B (${kilobytes(figure)}) gzip (peer, no budget)`);
}

const exceeded = verdicts.filter(({ withinBudget }) => !withinBudget);
if (exceeded.length > 0) {
  for (const verdict of exceeded) {
    console.error(budgetExceededMessage(verdict));
  }
  const heaviest = (await libraryFileBreakdown()).slice(0, 8);
  console.error(`Heaviest library files (esbuild breakdown of the "everything" app, minified bytes): ${heaviest.map(({ file, minified }) => `${file} ${minified} B`).join(', ')}.`);
  process.exit(1);
}
const missed = verdicts.filter(({ targetMet }) => !targetMet).map(({ consumer }) => consumer);
console.log(`size: every consumer within its budget${missed.length > 0 ? `; target still missed by ${missed.join(', ')}` : '; every target met'}.`);
