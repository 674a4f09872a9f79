#!/usr/bin/env node
// `npm test`: every test of the workspace. The type check first; then the Jest suites beside a lane that runs
// the consumer test, the core-in-Node test and the size check (Jest runs one worker on a 2-core machine and
// takes ~7 min; the consumer test mostly waits on npm and the Angular CLI; the next two use the library the
// consumer test built, and the size check's six production builds take 1-3 min); the e2e tests last, as they
// rebuild the library.
import { spawn } from 'node:child_process';

// Groups run one after another; the lanes of a group side by side; the steps of a lane one after another.
const steps = [
  [[['types', 'test:types']]],
  [[['unit', 'test:unit']], [['consumer', 'test:consumer'], ['core-node', 'test:core-node'], ['size', 'test:size']]],
  [[['e2e', 'test:e2e']]],
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

async function runLane(lane) {
  const laneResults = [];
  for (const step of lane) laneResults.push(await run(step));
  return laneResults;
}

const results = [];
for (const group of steps) {
  // Each group starts only when the one before passed: a broken type check fails fast.
  for (const laneResults of await Promise.all(group.map(runLane))) results.push(...laneResults);
  if (results.some(({ code }) => code !== 0)) break;
}
const failed = results.filter(({ code }) => code !== 0).map(({ name }) => name);
console.log(`npm test: ${failed.length === 0 ? 'every step passed' : `failed: ${failed.join(', ')}`} in ${elapsed()}`);
process.exit(failed.length === 0 ? 0 : 1);
