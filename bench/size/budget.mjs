import { kilobytes } from '../support/format.mjs';

/**
 * What `npm test` holds ngx-live-socket to: per consumer app (bench/size/apps/), the gzip bytes a production
 * `ng build` of that app ships beyond the same app without a socket (bench/size/production-build-sizes.mjs).
 *
 * `target` is issue 11's goal. The library is far above it today, so `budget` is today's figure plus about 5%:
 * the check stops further growth while the target stays visibly missed. Lower a budget as the library slims
 * down; never raise one without saying why in the commit.
 *
 * The everything budget lowered on 2026-11-26 after the connection and Angular layer shed production bytes (dev-only
 * texts and token names behind `ngDevMode`, `WebSocketFeatureKind` an object, one URL a rotation of one): `npm run
 * test:size` gave minimal 9,157 B, typical 11,774 B, everything 24,412 B (before: 9,433 / 12,071 / 24,752 B), so
 * everything's budget is 24,412 B + ~5%, rounded up to a quarter KB. Minimal's and typical's budgets stay: their
 * figure + 5% rounds up above today's budgets, which are already within 5% of them.
 *
 * The everything budget raised again on 2026-11-26 because the everything app now uses `withSharedConnection()`
 * (issue 12): `npm run test:size` gave everything 24,752 B (20,608 B before the feature; the minimal app with and
 * without it: 13,940 / 9,433 B), so its budget is 24,752 B + ~5%, rounded up to a quarter KB.
 *
 * The everything budget raised on 2026-11-26 because the everything app now uses `withHttpFallback()` (issue 13):
 * `BENCH_ONLY=size npm run bench` gave everything 19,894 B (17,273 B before the feature; the minimal app with
 * and without it: 11,776 / 8,971 B), so its budget is 19,894 B + ~5%, rounded up to a quarter KB.
 *
 * Budgets lowered on 2026-11-25 after the reliability and persistence parts and `withQueuePersistence()`
 * (issue 11), from `BENCH_ONLY=size npm run bench` at commit 1b0786f: minimal 8,893 B, typical 11,510 B,
 * everything 17,273 B (each + ~5%, rounded up to a quarter KB). Before: 9,658 / 15,132 / 19,018 B (commit
 * 74cdf05), 11,859 / 15,643 / 19,472 B (commit 4ecf7c3); the first production-build measurement (commit
 * 6b261e0) was 16,795 / 17,231 / 20,138 B.
 */
export const SIZE_LIMITS = {
  minimal: { budget: 9.25 * 1024, target: 4 * 1024 },
  typical: { budget: 12 * 1024, target: 6 * 1024 },
  everything: { budget: 25.25 * 1024, target: 8 * 1024 },
};

/**
 * Each consumer's figure beside its budget and target: `withinBudget` fails `npm test`, `targetMet` is the
 * issue's goal. `figures` maps a consumer's name to its gzip bytes over the baseline; every consumer with a
 * limit must have a figure.
 *
 * @param {Record<string, number>} figures
 */
export function judgeSizes(figures) {
  return Object.entries(SIZE_LIMITS).map(([consumer, { budget, target }]) => {
    const figure = figures[consumer];
    if (!Number.isFinite(figure)) {
      throw new Error(`no size figure for the "${consumer}" consumer (got ${String(figure)}): was its app built?`);
    }
    return { consumer, figure, budget, target, withinBudget: figure <= budget, targetMet: figure <= target };
  });
}

/** One line per consumer: figure, budget, target, met or missed. */
export function describeVerdict({ consumer, figure, budget, target, withinBudget, targetMet }) {
  return (
    `${consumer.padEnd(15)} ${String(figure).padStart(6)} B (${kilobytes(figure)}) gzip; ` +
    `budget ${kilobytes(budget)}: ${withinBudget ? 'within' : 'EXCEEDED'}; target ${kilobytes(target)}: ${targetMet ? 'met' : 'missed'}`
  );
}

/**
 * The failure message for a consumer over its budget: names the consumer, its figure and its budget, and says
 * how to find the heavy parts.
 */
export function budgetExceededMessage({ consumer, figure, budget, target }) {
  return (
    `size budget exceeded: the "${consumer}" app ships ${figure} B gzip (${kilobytes(figure)}) of ngx-live-socket, ` +
    `over its budget of ${Math.round(budget)} B (${kilobytes(budget)}); the target is ${kilobytes(target)}. ` +
    `To find the heavy parts: the library's heaviest source files are listed below (and in bench/RESULTS.md after \`npm run bench\`); ` +
    `\`node bench/size-budget.mjs --keep\` keeps the built apps, and \`ng build ${consumer} --stats-json\` in that workspace gives esbuild's ` +
    `metafile of the real build. Slim the library, or raise the budget in bench/size/budget.mjs and say why in the commit.`
  );
}
