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
  const timer = await mainThreadTimer(page);
  return {
    /** Seconds of main-thread script time so far. */
    read: async () => (await timer.read()).scriptSeconds,
  };
}

/**
 * Chrome's main-thread times of the page so far, in thread CPU time: `scriptSeconds` (`ScriptDuration`, see
 * {@link scriptTimer}) and `taskSeconds` (`TaskDuration`: every task the main thread ran, the browser's own
 * work for each event and the JavaScript that promise reactions run included).
 *
 * Why both: `ScriptDuration` leaves out the JavaScript run from promise reactions, so it does not see a
 * transport that reads a fetch stream (its reads resolve promises): measured with a stand-in HTTP socket, it
 * did not grow at all during a flood of thousands of messages. `TaskDuration` sees every transport alike.
 */
export async function mainThreadTimer(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return {
    async read() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const value = (wanted) => metrics.find(({ name }) => name === wanted).value;
      return { scriptSeconds: value('ScriptDuration'), taskSeconds: value('TaskDuration') };
    },
  };
}
