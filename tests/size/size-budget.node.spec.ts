import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { budgetExceededMessage, describeVerdict, judgeSizes, SIZE_LIMITS } from '../../bench/size/budget.mjs';
import { checkMeasurement, DEV_ONLY_TEXT, LIBRARY_MARKER, MINIMAL_FLOOR_GZIP_BYTES } from '../../bench/size/measurement-self-check.mjs';

// The size check of `npm test` (bench/size-budget.mjs) builds real apps, too slow for Jest; these pin the two
// decisions it takes on their results: whether the measurement can be trusted, and whether a budget holds.

const LIBRARY_CODE = `function a(){b.drop(1006,"${LIBRARY_MARKER}")}`;
const app = (gzip: number, code: string) => ({ gzip, code });

describe('the size self-check (can the measurement see the library?)', () => {
  it('accepts a minimal app that adds more than the floor and holds the marker the baseline lacks', () => {
    expect(() => checkMeasurement({ baseline: app(30_000, 'framework'), minimal: app(30_000 + MINIMAL_FLOOR_GZIP_BYTES + 1, `framework${LIBRARY_CODE}`) })).not.toThrow();
  });

  it('fails when the minimal app adds no more than the floor: it cannot hold the library', () => {
    expect(() => checkMeasurement({ baseline: app(30_000, 'framework'), minimal: app(30_000 + MINIMAL_FLOOR_GZIP_BYTES, `framework${LIBRARY_CODE}`) })).toThrow(
      `the minimal app adds only ${MINIMAL_FLOOR_GZIP_BYTES} B gzip over the baseline`,
    );
  });

  it("fails when the library's marker is missing from the minimal app", () => {
    expect(() => checkMeasurement({ baseline: app(30_000, 'framework'), minimal: app(50_000, 'framework and something else') })).toThrow(
      `the minimal app's JavaScript lacks "${LIBRARY_MARKER}"`,
    );
  });

  it('fails when the baseline holds the marker: the baseline is not free of the library', () => {
    expect(() => checkMeasurement({ baseline: app(30_000, LIBRARY_CODE), minimal: app(50_000, LIBRARY_CODE) })).toThrow(
      `the baseline's JavaScript holds "${LIBRARY_MARKER}"`,
    );
  });

  it('fails when the minimal app ships a dev-mode error text: it is not what a production build ships', () => {
    expect(() => checkMeasurement({ baseline: app(30_000, 'framework'), minimal: app(50_000, `framework${LIBRARY_CODE}"3 ${DEV_ONLY_TEXT}"`) })).toThrow(
      `the minimal app's JavaScript holds the dev-mode text "${DEV_ONLY_TEXT}"`,
    );
  });

  it('uses a dev-only text that the core really guards with ngDevMode', () => {
    const source = readFileSync(join(__dirname, '../../projects/ngx-live-socket/core/src/connection/socket-connection.ts'), 'utf8');
    const line = source.split('\n').find((text) => text.includes(DEV_ONLY_TEXT));
    expect(line).toContain("(typeof ngDevMode === 'undefined' || !!ngDevMode) && `");
  });

  it("uses a marker that is a string of the library's core", () => {
    const sources = join(__dirname, '../../projects/ngx-live-socket/core/src');
    const holders = readdirSync(sources, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .filter((file) => readFileSync(join(sources, file), 'utf8').includes(`'${LIBRARY_MARKER}'`));
    expect(holders).not.toEqual([]);
  });
});

describe('the size budgets', () => {
  const within = { minimal: SIZE_LIMITS.minimal.budget, typical: SIZE_LIMITS.typical.budget - 1, everything: 100 };

  it('holds a figure up to its budget and tells the target apart', () => {
    const verdicts = judgeSizes(within);
    expect(verdicts.map(({ consumer, withinBudget }) => [consumer, withinBudget])).toEqual([
      ['minimal', true],
      ['typical', true],
      ['everything', true],
    ]);
    expect(verdicts.find(({ consumer }) => consumer === 'everything')?.targetMet).toBe(true);
    expect(verdicts.find(({ consumer }) => consumer === 'minimal')?.targetMet).toBe(SIZE_LIMITS.minimal.budget <= SIZE_LIMITS.minimal.target);
  });

  it('keeps the issue-11 targets beside the budgets', () => {
    expect(Object.fromEntries(Object.entries(SIZE_LIMITS).map(([consumer, { target }]) => [consumer, target]))).toEqual({ minimal: 4096, typical: 6144, everything: 8192 });
  });

  it('fails a figure one byte over its budget, with a message naming the consumer, the figure, the budget and where to look', () => {
    const figure = SIZE_LIMITS.typical.budget + 1;
    const [, typical] = judgeSizes({ ...within, typical: figure });
    expect(typical.withinBudget).toBe(false);
    const message = budgetExceededMessage(typical);
    expect(message).toContain('"typical" app');
    expect(message).toContain(`${figure} B gzip`);
    expect(message).toContain(`budget of ${SIZE_LIMITS.typical.budget} B`);
    expect(message).toContain('heaviest source files');
    expect(describeVerdict(typical)).toMatch(/^typical .* EXCEEDED; target 6\.00 KB: missed$/);
  });

  it('refuses to judge when a consumer has no figure', () => {
    expect(() => judgeSizes({ minimal: 1, typical: 2 })).toThrow('no size figure for the "everything" consumer');
  });
});
