/**
 * The time the page's main thread spent running JavaScript, from Chrome's own performance metrics
 * (`ScriptDuration`, DevTools protocol), counted in thread CPU time so that the other processes of a busy
 * machine do not inflate it.
 *
 * Why this and not the wall clock: on this machine Chrome's delivery of socket messages to the page
 * (network service -> renderer) is the bottleneck and the main thread idles between messages, so a
 * wall-clock rate hides what dispatching costs. Messages per second of script time is what each
 * contender's code path (parse, route, deliver) costs; the browser's own per-message work is the same for
 * all of them and left out.
 */
export async function scriptTimer(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return {
    /** Seconds of main-thread script time so far. */
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find(({ name }) => name === 'ScriptDuration').value;
    },
  };
}
