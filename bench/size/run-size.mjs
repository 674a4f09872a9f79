import { integer, kilobytes } from '../support/format.mjs';
import { PEER_CONSUMERS, measureOurBundle, measurePeerBundle } from './bundle-sizes.mjs';
import { SIZE_BUDGET_GZIP_BYTES, SIZE_TARGET_GZIP_BYTES } from './budget.mjs';

/** How many of the library's heaviest files the report lists. */
const HEAVIEST_SHOWN = 8;

/**
 * Bundle size: esbuild minify + gzip of the smallest real consumer of each contender. Deterministic, so
 * one measurement is the figure (no rounds needed).
 */
export async function runSize({ log }) {
  const ours = await measureOurBundle();
  const peers = [];
  for (const [name, entry] of Object.entries(PEER_CONSUMERS)) {
    peers.push({ name, ...(await measurePeerBundle(entry)) });
  }
  log(`size: ngx-live-socket adds ${integer(ours.own.gzip)} B gzip; ${peers.map((p) => `${p.name} ${integer(p.gzip)} B`).join(', ')}`);
  const heaviest = ours.heaviestFiles.slice(0, HEAVIEST_SHOWN);
  return {
    id: 'size',
    title: 'Bundle size: esbuild minify + gzip of the smallest real consumer of each',
    columns: ['contender', 'minified', 'gzip'],
    rows: [
      ['**ngx-live-socket, every feature on: its own bytes** (app minus baseline)', kilobytes(ours.own.minified), `**${kilobytes(ours.own.gzip)}**`],
      ['ngx-live-socket consumer app, whole bundle', kilobytes(ours.total.minified), kilobytes(ours.total.gzip)],
      ['rxjs + @angular/core baseline of that app', kilobytes(ours.baseline.minified), kilobytes(ours.baseline.gzip)],
      ...peers.map(({ name, minified, gzip }) => [name, kilobytes(minified), kilobytes(gzip)]),
    ],
    target: {
      text: `ngx-live-socket with every feature on <= ${kilobytes(SIZE_TARGET_GZIP_BYTES)} gzip`,
      met: ours.own.gzip <= SIZE_TARGET_GZIP_BYTES,
      actual: `${kilobytes(ours.own.gzip)} gzip (npm test budget: ${kilobytes(SIZE_BUDGET_GZIP_BYTES)})`,
      missedBecause:
        `With every feature on, the library adds ${kilobytes(ours.own.gzip)} gzip (${kilobytes(ours.own.minified)} minified), ${(ours.own.gzip / SIZE_TARGET_GZIP_BYTES).toFixed(1)}x the target. ` +
        `\`npm test\` holds it at its budget of ${kilobytes(SIZE_BUDGET_GZIP_BYTES)} (today's size plus a small margin) until it is slimmed. Where the bytes are: ` +
        heaviest.map(({ file, minified, share }) => `\`${file}\` ${integer(minified)} B (${Math.round(share * 100)}%)`).join(', ') +
        ' of the minified library.',
    },
    notes: [
      'Consumers: bench/size/consumers/. Ours is compiled ahead of time with `ngc` (full compilation) and bundled by esbuild 0.28 like an Angular CLI production build resolves and links packages (`es2015` condition, Angular linker, `ngDevMode` false); the peers need no compiler.',
      'The baseline is exactly the @angular/* and rxjs symbols the consumer\'s bundle imports, bundled alone the same way: what the app would ship without the library. Our own bytes are the difference. (esbuild alone tree-shakes @angular/core less than the CLI\'s extra optimisation passes, so the baseline\'s absolute size is larger than in a CLI build; the difference is what counts.)',
      'The peers are measured whole: they need no framework. rxjs webSocket is in rxjs, which an Angular app already ships, so its bytes partly overlap the baseline.',
    ],
    chart: {
      title: 'Bundle size, gzip KB (lower is better; ours: bytes added over the rxjs + @angular/core baseline)',
      groups: [
        {
          label: 'gzip',
          bars: [{ series: 'ngx-live-socket (own bytes)', value: ours.own.gzip / 1024 }, ...peers.map(({ name, gzip }) => ({ series: name, value: gzip / 1024 }))],
        },
      ],
      format: (value) => `${value.toFixed(2)} KB`,
      reference: { value: SIZE_TARGET_GZIP_BYTES / 1024, label: `target ${SIZE_TARGET_GZIP_BYTES / 1024} KB` },
    },
    data: { ours, peers, budgetGzipBytes: SIZE_BUDGET_GZIP_BYTES, targetGzipBytes: SIZE_TARGET_GZIP_BYTES },
  };
}
