#!/usr/bin/env node
// A development tool, not part of `npm run bench`: how much a part of ngx-live-socket's receive path costs,
// measured as the throughput bench measures (script time of interleaved floods, ratio to raw), by comparing
// the page as built with variants of its bundle in which a part is cut out or short-circuited.
//
//   VARIANTS='{"no-heartbeat":[["if (this.#heartbeat?.frameReceived(data)) {","if (data.charCodeAt(9) !== 116 && this.#heartbeat?.frameReceived(data)) {"]]}' \
//     TYPES=100 ROUNDS=30 node bench/throughput/compare-receive-paths.mjs
//
// VARIANTS: name -> list of [text in the unminified page bundle, replacement] (each text must occur). A variant
// that stops the heartbeat from seeing the server's pongs loses its link after 15 s: let non-flood frames
// (types not starting with "t") through, as above. Prints per variant the µs of script time per message and
// the ratio to raw (script time summed over all rounds) with a bootstrap 90% interval over rounds.
// `VARIANTS=@path/to/file.json` reads them from a file.
//
// receive-path-cuts.json holds the variants of round 3 (2026-11-26, library of commit 5152724, TYPES=1000,
// ROUNDS=15): `no-clock` (the heartbeat never reads the clock per frame), `no-heartbeat`, `direct-frames` (the
// connection calls the messaging layer's receive directly instead of through frames$' rxjs Subscriber), and
// three cuts that hand each flood message to the harness's counter straight after a point of the path:
// `cut-at-link` (raw's work inside our page), `cut-at-receive` (after decode), `cut-at-route` (after the Map
// lookup, skipping only the type's SubscriberList and the app's rxjs Subscriber). What they showed: no-clock
// 0.77x vs 0.77x as built, no-heartbeat 0.79x, direct-frames 0.75x (each ±0.04: none measurable); cut-at-link
// 1.06x, cut-at-receive 0.95x, cut-at-route 0.91x vs 0.84x as built in one run, but cut-at-route gave 0.75x
// (90%: 0.64-0.84) in the next: a page's JIT luck moves a variant by more than any one of these parts costs.
// `all-named-cuts` takes out together the clock read, frames$' Subscriber, the type's SubscriberList and the
// empty all$ list: 0.857x (90%: 0.81-0.91) vs 0.836x as built. The parts the profile names cost some 2% all
// told; the rest of the gap to raw is spread along the path (link, decode, control checks, the app's Subscriber).
//   VARIANTS=@bench/throughput/receive-path-cuts.json TYPES=1000 ROUNDS=15 node bench/throughput/compare-receive-paths.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../../e2e/support/chromium.mjs';
import { startBenchServer } from '../support/bench-server.mjs';
import { bundle } from '../support/esbuild-bundle.mjs';
import { WORKSPACE } from '../support/environment.mjs';
import { scriptTimer } from './script-time.mjs';

const FLOOD = 2_000;
const WARM_UP = 50_000;
const types = Number(process.env.TYPES ?? 100);
const rounds = Number(process.env.ROUNDS ?? 30);
const roundsPerPageSet = 3;

const alias = { 'ngx-live-socket': join(WORKSPACE, 'projects/ngx-live-socket/src/public-api.ts'), 'ngx-live-socket/core': join(WORKSPACE, 'projects/ngx-live-socket/core/public-api.ts') };
const pageBundle = async (page) => (await bundle({ entry: join(WORKSPACE, 'bench/throughput/page', `${page}.mjs`), minify: false, alias })).code;
const variants = { raw: await pageBundle('raw-web-socket'), 'ngx-live-socket': await pageBundle('ngx-live-socket') };
const variantsText = process.env.VARIANTS?.startsWith('@') ? readFileSync(process.env.VARIANTS.slice(1), 'utf8') : (process.env.VARIANTS ?? '{}');
for (const [name, replacements] of Object.entries(JSON.parse(variantsText))) {
  variants[name] = replacements.reduce((code, [text, replacement]) => {
    if (!code.includes(text)) {
      throw new Error(`variant ${name}: the bundle has no ${JSON.stringify(text)}`);
    }
    return code.split(text).join(replacement);
  }, variants['ngx-live-socket']);
}
const files = Object.fromEntries(
  Object.entries(variants).flatMap(([name, code]) => [
    [`/${name}.js`, { type: 'text/javascript', body: code }],
    [`/${name}.html`, { type: 'text/html', body: `<!doctype html><meta charset="utf-8"><script src="/${name}.js"></script>` }],
  ]),
);
const names = Object.keys(variants);
const server = await startBenchServer(files);
const browser = await launchChromium();
try {
  const perMessageUs = Object.fromEntries(names.map((name) => [name, []]));
  let pages = [];
  for (let round = 0; round < rounds; round++) {
    if (round % roundsPerPageSet === 0) {
      await Promise.all(pages.map(({ page }) => page.close()));
      pages = await Promise.all(
        names.map(async (name) => {
          const page = await browser.newPage();
          const scriptTime = await scriptTimer(page);
          await page.goto(`${server.origin}/${name}.html`);
          await page.evaluate(([url, count]) => window.bench.open(url, count), [server.socketUrl, types]);
          await page.evaluate((count) => window.bench.warmUp(count), WARM_UP);
          await page.evaluate((count) => window.bench.flood(count), FLOOD);
          return { name, page, scriptTime };
        }),
      );
    }
    const order = round % 2 === 0 ? pages : [...pages].reverse();
    const spent = Object.fromEntries(names.map((name) => [name, 0]));
    for (const { name, page, scriptTime } of [...order, ...[...order].reverse()]) {
      const before = await scriptTime.read();
      await page.evaluate((count) => window.bench.flood(count), FLOOD);
      spent[name] += (await scriptTime.read()) - before;
    }
    names.forEach((name) => perMessageUs[name].push((spent[name] * 1e6) / (2 * FLOOD)));
  }
  const sum = (values) => values.reduce((total, value) => total + value, 0);
  let seed = 1;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  for (const name of names) {
    const resampled = Array.from({ length: 2_000 }, () => {
      const picks = Array.from({ length: rounds }, () => Math.floor(random() * rounds));
      return sum(picks.map((i) => perMessageUs.raw[i])) / sum(picks.map((i) => perMessageUs[name][i]));
    }).sort((a, b) => a - b);
    console.log(`${name.padEnd(20)} ${(sum(perMessageUs[name]) / rounds).toFixed(2)} µs/msg  ${(sum(perMessageUs.raw) / sum(perMessageUs[name])).toFixed(3)}x raw (90%: ${resampled[100].toFixed(3)}-${resampled[1_900].toFixed(3)})`);
  }
} finally {
  await browser.close();
  await server.close();
}
