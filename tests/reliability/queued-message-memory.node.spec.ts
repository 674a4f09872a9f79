import { join } from 'node:path';
import { measureInFreshNode } from '../support/measure-in-fresh-node';

interface Described {
  count: number;
  selfSizes: number[];
  frameKinds: Record<string, number>;
}

/**
 * Issue 11's memory target (bench/memory) rests on what one queued message holds; this reads it object by
 * object from a heap snapshot of a fresh Node, where a heap growth would be too noisy to pin a field.
 */
describe('memory: a message queued while offline', () => {
  let measured: { queued: number[]; byDefault: Described; withMaxAge: Described; twoFields: number[]; threeFields: number[]; controlFrames: Described };

  beforeAll(() => {
    // A young generation large enough that no minor GC short-cuts ropes while the script runs.
    measured = measureInFreshNode(join(__dirname, 'queued-message-memory.measure.ts'), ['--min-semi-space-size=64']);
  }, 150_000);

  it('is one object of two fields (status, frame): no type, no id unless it has one, no time unless maxAgeMs needs it', () => {
    expect(measured.queued).toEqual([1000, 1000, 1000]);
    // Controls: the snapshot tells a field more apart.
    expect(measured.threeFields[0]).toBeGreaterThan(measured.twoFields[0]);
    expect(measured.byDefault.count).toBe(2000);
    expect(measured.byDefault.selfSizes).toEqual(measured.twoFields);
    expect(measured.withMaxAge.count).toBe(1000);
    expect(measured.withMaxAge.selfSizes).toEqual(measured.threeFields);
  });

  it('holds its frame as one flat string, not the rope JSON.stringify built, also after a link dropped (control: frames held as returned stay ropes)', () => {
    expect(measured.controlFrames.frameKinds['concatenated string']).toBeGreaterThan(500);
    expect(measured.byDefault.frameKinds).toEqual({ string: 2000 });
    expect(measured.withMaxAge.frameKinds).toEqual({ string: 1000 });
  });
});
