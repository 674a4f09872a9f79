import { join } from 'node:path';
import { measureInFreshNode } from '../support/measure-in-fresh-node';

/** Heap growth allowed after a full GC: the 60 errors kept without their data, and noise. */
const BOUND = 40 * 1024 * 1024;

describe('memory: errors nobody subscribes to', () => {
  it('60 malformed 10 MB frames without an errors$ subscriber leave less than 40 MB on the heap; a control holding 5 of them exceeds it', () => {
    const { control, library, heldFrames } = measureInFreshNode<{ control: number; library: number; heldFrames: number }>(
      join(__dirname, 'early-errors-memory.measure.ts'),
      ['--expose-gc'],
    );
    expect(heldFrames).toBe(5);
    // The control proves the measurement sees retention of this size; the library must stay below it.
    expect(control).toBeGreaterThan(BOUND);
    expect(library).toBeLessThan(BOUND);
  }, 150_000);
});
