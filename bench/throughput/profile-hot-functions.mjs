/**
 * Where a contender's receive path spends its time: a sampling CPU profile (DevTools protocol) of
 * floods, self time per function, each function named with the source file esbuild's unminified bundle
 * says it came from (`// path/to/file.ts` lines). Shares are of all sampled JavaScript of the page;
 * functions of the browser itself are left out of the list.
 *
 * @param {import('playwright-core').Page} page  a throughput page, open and warmed up
 * @param {string} bundleCode  the page's bundle, unminified
 * @param {() => Promise<unknown>} flood  runs the floods to profile
 */
export async function profileHotFunctions(page, bundleCode, flood) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await flood();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();

  const sourceOfLine = sourceFileByLine(bundleCode);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map();
  profile.samples.forEach((id, index) => {
    const { callFrame } = nodes.get(id);
    if (callFrame.url === '' && callFrame.functionName.startsWith('(')) {
      return; // (idle), (program), (garbage collector): not JavaScript of the page
    }
    const where = callFrame.url.endsWith('.js') ? sourceOfLine(callFrame.lineNumber) : 'browser';
    const key = `\`${callFrame.functionName || '(anonymous)'}\` (${where})`;
    selfTime.set(key, (selfTime.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfTime.values()].reduce((sum, time) => sum + time, 0);
  return [...selfTime.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, time]) => ({ name, share: time / total }))
    .filter(({ name }) => !name.endsWith('(browser)')); // natives the page calls (the flood request): not the receive path
}

/** Maps a 0-based line of an unminified esbuild bundle to the source file that line came from. */
function sourceFileByLine(code) {
  const owners = [];
  let current = 'bundle';
  for (const line of code.split('\n')) {
    const marker = /^\s*\/\/ (\S+\.(?:ts|mjs|js))$/.exec(line);
    if (marker !== null) {
      current = marker[1].replace(/^.*projects\/ngx-live-socket\/src\/lib\//, '').replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*\/([^/]+)$/, '$1 $2');
    }
    owners.push(current);
  }
  return (line) => owners[line] ?? 'bundle';
}
