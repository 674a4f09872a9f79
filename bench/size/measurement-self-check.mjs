/**
 * A string the library's production code holds and no other package does: the close reason the core records
 * when a connection attempt gets no handshake in time. Every connection needs that timeout, so the string stays
 * in the smallest app however far the optional features tree-shake away (shorter markers, such as the `sub`
 * control type, are not unique).
 */
export const LIBRARY_MARKER = 'connect timeout';

/**
 * A long error text of the core (the reconnect giving up, in every app): it is dev-mode only, so a production
 * build must not ship it (docs/errors.md). Present, it means the figures count texts no real app ships.
 */
export const DEV_ONLY_TEXT = 'consecutive attempts failed';

/** Below this the "minimal" figure cannot hold the library: the measurement, not the library, is broken. */
export const MINIMAL_FLOOR_GZIP_BYTES = 1024;

/**
 * Throws unless the measurement can see the library: the minimal app adds more than
 * {@link MINIMAL_FLOOR_GZIP_BYTES} over the baseline, and {@link LIBRARY_MARKER} is in the minimal app's
 * JavaScript and not in the baseline's. A build that lost the library (a wrong alias, an app that stopped using
 * it, a baseline that gained it) would otherwise pass every budget.
 *
 * @param {{ baseline: { gzip: number, code: string }, minimal: { gzip: number, code: string } }} apps
 */
export function checkMeasurement({ baseline, minimal }) {
  const figure = minimal.gzip - baseline.gzip;
  const problems = [];
  if (!(figure > MINIMAL_FLOOR_GZIP_BYTES)) {
    problems.push(`the minimal app adds only ${figure} B gzip over the baseline (expected > ${MINIMAL_FLOOR_GZIP_BYTES} B): it cannot hold the library`);
  }
  if (!minimal.code.includes(LIBRARY_MARKER)) {
    problems.push(`the minimal app's JavaScript lacks "${LIBRARY_MARKER}": the library is not in it (or that string left the library: pick another marker)`);
  }
  if (minimal.code.includes(DEV_ONLY_TEXT)) {
    problems.push(`the minimal app's JavaScript holds the dev-mode text "${DEV_ONLY_TEXT}": the build is not a production one (ngDevMode), or the text escaped its dev-mode guard`);
  }
  if (baseline.code.includes(LIBRARY_MARKER)) {
    problems.push(`the baseline's JavaScript holds "${LIBRARY_MARKER}": the baseline is not free of the library`);
  }
  if (problems.length > 0) {
    throw new Error(`size self-check failed: ${problems.join('; ')}.`);
  }
}
