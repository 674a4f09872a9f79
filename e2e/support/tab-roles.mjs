/**
 * What the demo's connection panel says about a shared connection (issue 12), read from the pages of one
 * browser context: each tab's role (`data-testid="tab-role"`: electing, leader, follower or alone) and how
 * many tabs share the link (`shared-tabs`), and the times at which they changed, for the handoff figures.
 */

/** The panel's role, or `null` when it shows none (a page with `?shared=0`). */
export async function roleOf(page) {
  const role = page.getByTestId('tab-role');
  return (await role.count()) === 0 ? null : (await role.textContent()).trim();
}

/** The panel's count of tabs sharing the link, or `null` when it shows none. */
export async function sharedTabsOf(page) {
  const count = page.getByTestId('shared-tabs');
  return (await count.count()) === 0 ? null : Number(await count.textContent());
}

/**
 * Waits until the tabs agree: exactly one shows `leader`, every other one `follower`, and each counts
 * `tabs.length` tabs. Returns the leader. Throws after `timeoutMs` with what each tab showed last.
 *
 * @template {{ name: string, page: import('playwright-core').Page }} Tab
 * @param {Tab[]} tabs
 * @returns {Promise<Tab>}
 */
export async function waitForRoles(tabs, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await Promise.all(tabs.map(async (tab) => ({ tab, role: await roleOf(tab.page), count: await sharedTabsOf(tab.page) })));
    const leaders = shown.filter(({ role }) => role === 'leader');
    const agreed =
      leaders.length === 1 &&
      shown.every(({ role }) => role === 'leader' || role === 'follower') &&
      shown.every(({ count }) => count === tabs.length);
    if (agreed) {
      return leaders[0].tab;
    }
    if (Date.now() >= deadline) {
      const seen = shown.map(({ tab, role, count }) => `${tab.name}: ${role} of ${count}`).join(', ');
      throw new Error(`the tabs did not settle on one leader and ${tabs.length - 1} followers of ${tabs.length} within ${timeoutMs} ms: ${seen}`);
    }
    // Polling several pages: the condition spans them, so no one page's event says it holds.
    await tabs[0].page.waitForTimeout(100);
  }
}

/**
 * Makes every page of `context` (opened after this call) log each change of its panel's tab role and
 * connection state with the time it showed (`Date.now()`, the same clock as the test's): a MutationObserver
 * sees the change when the page renders it, without the test's polling delay.
 */
export function recordPanelChanges(context) {
  return context.addInitScript(() => {
    /** @type {{ at: number, testId: string, text: string | null }[]} */
    const log = [];
    const last = new Map();
    const read = () => {
      for (const testId of ['tab-role', 'state']) {
        const text = document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? null;
        if (text !== last.get(testId)) {
          last.set(testId, text);
          log.push({ at: Date.now(), testId, text });
        }
      }
    };
    Object.defineProperty(window, '__panelChanges', { value: log });
    new MutationObserver(read).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/**
 * One handoff: runs `command` (close or crash the leader), then waits until one of `survivors` shows
 * `leader` and its connection `open`. Returns the new leader and the milliseconds from the command to each,
 * as the new leader's page logged them (see {@link recordPanelChanges}).
 *
 * `openMs` is when the panel's state last became `open` after the command (the leader's time if that came
 * first); when the state never left `open` after the command, `openMs` is the leader's time and `stayedOpen`
 * says so (the panel then never showed the link down).
 *
 * @template {{ name: string, page: import('playwright-core').Page }} Tab
 * @param {Tab[]} survivors
 * @param {() => Promise<unknown>} command
 * @returns {Promise<{ leader: Tab, leaderMs: number, openMs: number, stayedOpen: boolean }>}
 */
export async function timeHandoff(survivors, command, timeoutMs = 15_000) {
  const start = Date.now();
  await command();
  const leader = await Promise.any(
    survivors.map((tab) =>
      tab.page
        .getByTestId('tab-role')
        .filter({ hasText: /^leader$/ })
        .waitFor({ timeout: timeoutMs })
        .then(() => tab),
    ),
  ).catch(async () => {
    const seen = await Promise.all(survivors.map(async (tab) => `${tab.name}: ${await roleOf(tab.page)}`));
    throw new Error(`no tab became leader within ${timeoutMs} ms of the command: ${seen.join(', ')}`);
  });
  await leader.page.getByTestId('state').filter({ hasText: /^open$/ }).waitFor({ timeout: timeoutMs });
  const changes = (await leader.page.evaluate(() => window.__panelChanges)).filter(({ at }) => at >= start);
  const leaderAt = changes.find(({ testId, text }) => testId === 'tab-role' && text === 'leader').at;
  const lastOpened = changes.filter(({ testId, text }) => testId === 'state' && text === 'open').at(-1);
  const stayedOpen = lastOpened === undefined;
  const openAt = stayedOpen ? leaderAt : Math.max(leaderAt, lastOpened.at);
  return { leader, leaderMs: leaderAt - start, openMs: openAt - start, stayedOpen };
}

/** `median / worst ms (n=…)` of some milliseconds. */
export function describeTimes(values) {
  if (values.length === 0) {
    return 'none';
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return `median ${median} / worst ${sorted.at(-1)} ms (n=${sorted.length})`;
}
