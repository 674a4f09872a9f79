#!/usr/bin/env node
// `npm run test:size` (part of `npm test`): fails when ngx-live-socket, with every feature on, adds more gzip
// bytes to an app than its budget (bench/size/budget.mjs). Deterministic: a size, not a timing.
import { kilobytes } from './support/format.mjs';
import { measureOurBundle } from './size/bundle-sizes.mjs';
import { SIZE_BUDGET_GZIP_BYTES, SIZE_TARGET_GZIP_BYTES } from './size/budget.mjs';

const { own, heaviestFiles } = await measureOurBundle();
const heaviest = heaviestFiles
  .slice(0, 5)
  .map(({ file, minified }) => `${file} ${minified} B`)
  .join(', ');
const size = `${own.gzip} B gzip (${kilobytes(own.gzip)})`;
if (own.gzip > SIZE_BUDGET_GZIP_BYTES) {
  console.error(
    `size budget exceeded: ngx-live-socket with every feature on adds ${size} to an app; the budget is ${SIZE_BUDGET_GZIP_BYTES} B ` +
      `(${kilobytes(SIZE_BUDGET_GZIP_BYTES)}), the target ${kilobytes(SIZE_TARGET_GZIP_BYTES)}.\n` +
      `Heaviest files (minified): ${heaviest}.\nSlim the library, or raise the budget in bench/size/budget.mjs and say why.`,
  );
  process.exit(1);
}
const target = own.gzip <= SIZE_TARGET_GZIP_BYTES ? 'target met' : `the ${kilobytes(SIZE_TARGET_GZIP_BYTES)} target is still missed`;
console.log(`size: ngx-live-socket with every feature on adds ${size}; budget ${SIZE_BUDGET_GZIP_BYTES} B: within budget (${target}).`);
