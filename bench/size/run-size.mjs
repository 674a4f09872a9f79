import { integer, kilobytes } from '../support/format.mjs';
import { judgeSizes } from './budget.mjs';
import { libraryFileBreakdown } from './library-file-breakdown.mjs';
import { measureProductionBuilds } from './production-build-sizes.mjs';

/** How many of the library's heaviest files the report lists. */
const HEAVIEST_SHOWN = 8;

/**
 * Bundle size: what each app ships in a production `ng build`, as gzip bytes over the same app without a
 * socket; three consumers of ngx-live-socket against issue 11's targets, and two peers. Deterministic (the same
 * sources give the same bytes), so one measurement is the figure. Plus, to find heavy files, an esbuild
 * breakdown of the library's source files.
 */
export async function runSize({ log }) {
  const { apps, buildSeconds } = measureProductionBuilds({ log });
  const verdicts = judgeSizes(Object.fromEntries(apps.map(({ name, figure }) => [name, figure])));
  const verdictOf = (name) => verdicts.find(({ consumer }) => consumer === name);
  const figureOf = (name) => apps.find((app) => app.name === name).figure;
  const heaviest = (await libraryFileBreakdown()).slice(0, HEAVIEST_SHOWN);
  const missed = verdicts.filter(({ targetMet }) => !targetMet);
  const figureText = ({ consumer, figure }) => `${consumer} ${kilobytes(figure)}`;
  log(`size: over the baseline, ${apps.filter(({ name }) => name !== 'baseline').map(({ name, figure }) => `${name} ${integer(figure)} B`).join(', ')} gzip (builds ${buildSeconds.toFixed(0)} s)`);
  return {
    id: 'size',
    title: 'Bundle size: gzip bytes each app ships in a production `ng build` beyond the same app without a socket',
    columns: ['app', 'JavaScript', 'gzip', 'gzip over the baseline', 'npm test budget', 'target'],
    rows: apps.map(({ name, label, bytes, gzip, figure }) => {
      const verdict = verdictOf(name);
      return [
        label,
        `${integer(bytes)} B`,
        `${integer(gzip)} B`,
        name === 'baseline' ? '—' : verdict ? `**${integer(figure)} B (${kilobytes(figure)})**` : `${integer(figure)} B (${kilobytes(figure)})`,
        verdict ? kilobytes(verdict.budget) : '—',
        verdict ? `${kilobytes(verdict.target)}: ${verdict.targetMet ? 'met' : '**missed**'}` : '—',
      ];
    }),
    target: {
      text: `ngx-live-socket over the baseline: ${verdicts.map(({ consumer, target }) => `${consumer} <= ${kilobytes(target)}`).join(', ')} gzip`,
      met: missed.length === 0,
      actual: `${verdicts.map(figureText).join(', ')} gzip (npm test budgets: ${verdicts.map(({ budget }) => kilobytes(budget)).join(', ')})`,
      missedBecause:
        `Missed by ${missed.map(({ consumer, figure, target }) => `${consumer} (${kilobytes(figure)}, ${(figure / target).toFixed(1)}x its target)`).join(', ')}. ` +
        'Each feature is a part an app ships only when it provides the feature; what every app ships is the kernel itself (connection with reconnect, URL checks, stats, errors, send handles, the router and the service), which is larger than the minimal target on its own. ' +
        `\`npm test\` holds each consumer at its budget (today's figure plus about 5%) until the library is slimmed. The heaviest source files are in the breakdown above.`,
    },
    extraTables: [
      {
        title: 'Where the library\'s bytes are (an esbuild breakdown to find heavy files, not the figure above: the "everything" app compiled with `ngc` against the library\'s sources and bundled by esbuild, minified bytes per source file)',
        columns: ['library file', 'minified', 'share'],
        rows: heaviest.map(({ file, minified, share }) => [`\`${file}\``, `${integer(minified)} B`, `${Math.round(share * 100)}%`]),
      },
    ],
    notes: [
      `What \`withHttpFallback()\` adds when used: ${integer(figureOf('minimal-http-fallback') - figureOf('minimal'))} B gzip (the minimal app with it, minus the minimal app). Unused, its code is not bundled: the minimal app carries only the connection's hook for it and \`stats.transport\`.`,
      `What \`withSharedConnection()\` adds when used: ${integer(figureOf('minimal-shared-connection') - figureOf('minimal'))} B gzip (the minimal app with it, minus the minimal app). Unused, its code is not bundled: the messaging core carries only the seams a leader tab's core needs.`,
      'Apps: bench/size/apps/, each a standalone component and `bootstrapApplication`, zoneless. baseline: the same component (a state, the last message, a send button) with no socket. minimal: `provideWebSocket({ url }, withReconnect())`, `on(type)`, `send(type)`, `state()`. typical: minimal + `withHeartbeat()` + `withOfflineQueue()` + `withRequests()` and one `request()`. minimal-http-fallback: minimal + `withHttpFallback()`. minimal-shared-connection: minimal + `withSharedConnection()`. everything: every feature that can be used together on one connection (reconnect with an auth hook, heartbeat, persisted queue, delivery, JSON codec, socket factory, HTTP fallback, shared connection), a second named connection on `textCodec`, and every method, signal, stream and resource of the service. The peers: the minimal app on partysocket\'s reconnecting `WebSocket`, and on rxjs `webSocket` with `retry({ delay })` (exponential backoff with full jitter).',
      `How: bench/size/production-build-sizes.mjs makes a throwaway Angular workspace (its node_modules links this repository's, and \`ngx-live-socket\` links the built \`dist/ngx-live-socket\`, rebuilt first when older than the sources) and runs the real Angular CLI, \`ng build\` with the production configuration of \`@angular/build:application\`, for each app one after another; each emitted JavaScript file is gzipped at level 9 as a server would and the sizes summed. An app's figure is its sum minus the baseline's: everything the library brings, rxjs operators and Angular parts the baseline does not use included. The builds took ${buildSeconds.toFixed(0)} s here.`,
      'Self-check (bench/size/measurement-self-check.mjs): the minimal app adds more than 1 KB, and a string only the library holds is in its JavaScript and not in the baseline\'s; otherwise the run fails.',
      'The earlier esbuild method (the consumer\'s framework imports bundled alone as the baseline) undercounted: the Angular CLI tree-shakes the framework further, so the parts of @angular/core, @angular/common and rxjs that only the library uses land in its figure here.',
    ],
    chart: {
      title: 'Bundle size, gzip KB over the same app without a socket, production ng build (lower is better)',
      groups: [
        {
          label: 'gzip',
          bars: apps.filter(({ name }) => name !== 'baseline').map(({ name, figure }) => ({ series: name, value: figure / 1024 })),
        },
      ],
      format: (value) => `${value.toFixed(2)} KB`,
      reference: { value: verdictOf('minimal').target / 1024, label: `minimal target ${verdictOf('minimal').target / 1024} KB` },
    },
    data: { apps, buildSeconds, verdicts, heaviestLibraryFiles: heaviest },
  };
}
