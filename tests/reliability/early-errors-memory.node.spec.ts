import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/** Heap growth allowed after a full GC: the 60 errors kept without their data, and noise. */
const BOUND = 40 * 1024 * 1024;

describe('memory: errors nobody subscribes to', () => {
  it('60 malformed 10 MB frames without an errors$ subscriber leave less than 40 MB on the heap; a control holding 5 of them exceeds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'early-errors-memory-'));
    try {
      const script = join(dir, 'measure.mjs');
      buildSync({
        entryPoints: [join(__dirname, 'early-errors-memory.measure.ts')],
        bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'error',
      });
      const run = spawnSync(process.execPath, ['--expose-gc', script], { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 });
      expect(run.stderr).toBe('');
      const { control, library, heldFrames } = JSON.parse(run.stdout) as { control: number; library: number; heldFrames: number };
      expect(heldFrames).toBe(5);
      // The control proves the measurement sees retention of this size; the library must stay below it.
      expect(control).toBeGreaterThan(BOUND);
      expect(library).toBeLessThan(BOUND);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
