#!/usr/bin/env node
// `npm test`: every test of the workspace. The quick checks first; then the Jest suites beside a lane of the
// consumer test and the core-in-Node test (Jest runs one worker on a 2-core machine, the lane mostly waits on
// npm and the Angular CLI); the e2e tests last, as they rebuild the library the lane packs.
import { spawn } from 'node:child_process';

// A group's entries run side by side; an entry that is a list of steps (a lane) runs them one after another.
const steps = [
  [['types', 'test:types'], ['size', 'test:size']],
  // core-node packs the library the consumer test has just built (both would write dist/ at once otherwise).
  [['unit', 'test:unit'], [['consumer', 'test:consumer'], ['core-node', 'test:core-node']]],
  [['e2e', 'test:e2e']],
];

const started = Date.now();
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;

function run([name, script]) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Prefix whole lines only: a chunk may end mid-line (Jest writes its report in pieces).
    const prefixer = (write) => {
      let partial = '';
      const flush = () => partial !== '' && write(`[${name}] ${partial}\n`);
      return {
        data(chunk) {
          const lines = (partial + chunk.toString()).split('\n');
          partial = lines.pop();
          for (const line of lines) if (line !== '') write(`[${name}] ${line}\n`);
        },
        end: () => { flush(); partial = ''; },
      };
    };
    const out = prefixer((text) => process.stdout.write(text));
    const err = prefixer((text) => process.stderr.write(text));
    child.stdout.on('data', out.data);
    child.stderr.on('data', err.data);
    child.on('close', (code) => {
      out.end();
      err.end();
      console.log(`[${name}] ${code === 0 ? 'passed' : `FAILED (exit ${code})`} at ${elapsed()}`);
      resolve({ name, code });
    });
  });
}

/** One step, or a lane: its steps one after another, each run even when one before it failed. */
async function runEntry(entry) {
  if (typeof entry[0] === 'string') return [await run(entry)];
  const lane = [];
  for (const step of entry) lane.push(await run(step));
  return lane;
}

const results = [];
for (const group of steps) {
  // Each group starts only when the one before passed: a broken type check fails fast.
  for (const result of (await Promise.all(group.map(runEntry))).flat()) results.push(result);
  if (results.some(({ code }) => code !== 0)) break;
}
const failed = results.filter(({ code }) => code !== 0).map(({ name }) => name);
console.log(`npm test: ${failed.length === 0 ? 'every step passed' : `failed: ${failed.join(', ')}`} in ${elapsed()}`);
process.exit(failed.length === 0 ? 0 : 1);
