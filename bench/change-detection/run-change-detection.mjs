import { compileWithAngular } from '../support/angular-aot.mjs';
import { startBenchServer } from '../support/bench-server.mjs';
import { ANGULAR_PRODUCTION_DEFINES, bundle } from '../support/esbuild-bundle.mjs';
import { integer, ratio } from '../support/format.mjs';
import { alternatingOrder, median } from '../support/rounds.mjs';

const BUILDS = [
  { name: 'zoned (zone.js)', page: 'zoned', entry: 'bench/change-detection/app/main-zoned.ts' },
  { name: 'zoneless', page: 'zoneless', entry: 'bench/change-detection/app/main-zoneless.ts' },
];
const MODES = [
  { mode: 'unbound', name: '(a) subscriber not bound to the template' },
  { mode: 'signal', name: '(b) subscriber writes a signal bound in the template' },
  { mode: 'frame', name: "(c) bound through the library's `latest('tick')` signal (written at most once per frame)" },
];
/** 1000 ticks spread over a second, so they arrive across many animation frames. */
const TICKS = { count: 1000, durationMs: 1000 };

/**
 * Change detection per incoming message, in the real Angular runtime in headless Chromium: an AOT-compiled
 * bench app (zoned and zoneless builds) that uses the library like the demo does counts its render passes
 * with `afterEveryRender` while 1000 ticks arrive, and the page counts the animation frames that elapsed.
 */
export async function runChangeDetection({ browser, rounds, log }) {
  const compiled = compileWithAngular('change-detection', BUILDS.map(({ entry }) => entry));
  const files = {};
  for (const { page, entry } of BUILDS) {
    const { code } = await bundle({ entry: compiled.entries[entry], alias: { 'ngx-live-socket': compiled.library, 'ngx-live-socket/core': compiled.core }, define: ANGULAR_PRODUCTION_DEFINES });
    files[`/${page}.js`] = { type: 'text/javascript', body: code };
    files[`/${page}.html`] = {
      type: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><title>${page}</title><script>window.benchSocketUrl = 'ws://' + location.host + '/ws';</script><cd-bench></cd-bench><script src="/${page}.js"></script>`,
    };
  }
  const server = await startBenchServer(files);
  const samples = Object.fromEntries(BUILDS.map(({ page }) => [page, Object.fromEntries(MODES.map(({ mode }) => [mode, []]))]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const { page: pageName } of alternatingOrder(BUILDS, round)) {
        const page = await browser.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error));
        await page.goto(`${server.origin}/${pageName}.html`);
        await page.waitForFunction(() => window.cdBench?.state() === 'open', undefined, { timeout: 15_000 });
        for (const { mode } of alternatingOrder(MODES, round)) {
          samples[pageName][mode].push(await page.evaluate(countRendersDuringTicks, { mode, ...TICKS }));
        }
        await page.close();
        if (errors.length > 0) {
          throw new Error(`the ${pageName} bench app failed: ${errors.map(String).join('; ')}`);
        }
      }
      log(`change detection round ${round + 1}/${rounds}: ${BUILDS.map(({ page }) => `${page} ${MODES.map(({ mode }) => `${mode} ${samples[page][mode][round].renders} renders/${samples[page][mode][round].frames} frames`).join(', ')}`).join('; ')}`);
    }
  } finally {
    await server.close();
  }

  const results = BUILDS.map(({ name, page }) => {
    const summary = Object.fromEntries(
      MODES.map(({ mode }) => {
        const perRound = samples[page][mode];
        return [mode, { renders: median(perRound.map((s) => s.renders)), frames: median(perRound.map((s) => s.frames)), rendersPerFrame: median(perRound.map((s) => s.renders / s.frames)), perRound }];
      }),
    );
    return { name, ...summary };
  });
  const unboundMet = results.every(({ unbound }) => unbound.renders === 0);
  // The library's way to bind a message stream to a template is latest(type), mode (c): that is what the target judges.
  const latestMet = results.every(({ frame }) => frame.rendersPerFrame <= 1);
  return {
    id: 'change-detection',
    title: `Change detection: render passes while ${integer(TICKS.count)} messages arrive over ~${TICKS.durationMs / 1000} s (Angular runtime, headless Chromium)`,
    columns: ['build', ...MODES.map(({ name }) => `${name}: render passes`), 'animation frames elapsed (b)', '(b) render passes per frame', '(c) render passes per frame'],
    rows: results.map(({ name, unbound, signal, frame }) => [
      name,
      integer(unbound.renders),
      integer(signal.renders),
      integer(frame.renders),
      integer(signal.frames),
      ratio(signal.rendersPerFrame),
      ratio(frame.rendersPerFrame),
    ]),
    target: {
      text: "(a) 0 render passes; bound through the library's signal (`latest(type)`, (c)): at most one per animation frame",
      met: unboundMet && latestMet,
      actual: results.map(({ name, unbound, frame, signal }) => `${name}: (a) ${unbound.renders}, (c) ${ratio(frame.rendersPerFrame)} per frame ((b), a signal the app writes per message: ${ratio(signal.rendersPerFrame)})`).join('; '),
      missedBecause:
        "latest(type) writes its signal at most once per animation frame, so more than one render per frame means something else in the app wrote a bound signal, or the frame count is off.",
    },
    notes: [
      'An AOT-compiled bench app (bench/change-detection/app, `ngc` full compilation, no JIT) with `provideWebSocket(..., withReconnect(), withHeartbeat())`, an OnPush component whose template shows the connection state and a `price` signal.',
      'Render passes: calls of an `afterEveryRender` hook, i.e. application ticks that ran change detection. Frames: `requestAnimationFrame` callbacks over the same window, from the request for ticks until two frames after the last one arrived.',
      "The bench server sends the 1000 `tick` envelopes a few every 4 ms; (a) keeps the price in a plain field, (b) writes it to a signal on every message, (c) binds `socket.latest('tick')`. Each mode has its own frame count; (b) and (c) are divided by their own.",
      'Why (b) renders per message: each WebSocket message is a task of its own, and Angular schedules a render after any task that wrote a signal a template reads (racing `setTimeout` against `requestAnimationFrame`, `scheduleCallbackWithRafRace` in @angular/core). That is why the library offers `latest(type)`, written at most once per frame, for high-rate streams.',
    ],
    chart: {
      title: 'Render passes per 1000 incoming messages (lower is better; the frame count is the ceiling for (b))',
      groups: results.map(({ name, unbound, signal, frame }) => ({
        label: name,
        bars: [
          { series: '(a) not bound', value: unbound.renders },
          { series: '(b) bound through a signal', value: signal.renders },
          { series: "(c) the library's latest() signal", value: frame.renders },
          { series: 'animation frames elapsed (b)', value: signal.frames },
        ],
      })),
      format: integer,
    },
    data: { ticks: TICKS, results },
  };
}

/** Runs in the page: counts render passes and animation frames while the server sends the ticks. */
async function countRendersDuringTicks({ mode, count, durationMs }) {
  const bench = window.cdBench;
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  bench.listen(mode);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await nextFrame();
  await nextFrame();
  const rendersBefore = bench.renders();
  let frames = 0;
  let counting = true;
  const countFrame = () => {
    if (counting) {
      frames++;
      requestAnimationFrame(countFrame);
    }
  };
  requestAnimationFrame(countFrame);
  bench.requestTicks(count, durationMs);
  const deadline = performance.now() + 30_000;
  while (bench.delivered() < count) {
    if (performance.now() > deadline) {
      throw new Error(`only ${bench.delivered()} of ${count} ticks arrived within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await nextFrame();
  await nextFrame();
  counting = false;
  bench.stop();
  return { renders: bench.renders() - rendersBefore, frames, delivered: bench.delivered() };
}
