import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import referenceServer from '../../tests/support/reference-server-process.cjs';
import { launchChromium } from './chromium.mjs';

const { spawnReferenceServer } = referenceServer;

/** Git-ignored: every run writes fresh screenshots of each page here. */
export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../screenshots');

/**
 * Opens the demo at `path` in a fresh browser context (its own cookies and storage, like another person)
 * and waits until its connection is open. `errors` collects uncaught page errors: each test asserts none.
 * `consoleErrors` collects the console's errors (a failed resource load is one); a dropped socket logs one too,
 * so only tests without drops assert none.
 */
export async function openDemo(browser, baseUrl, path = '/', { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  const { page, errors, consoleErrors } = await openTab(context, baseUrl, path);
  return { page, errors, consoleErrors, close: () => context.close() };
}

/**
 * Opens the demo at `path` in a new page of `context`: pages of one context share storage, Web Locks and
 * BroadcastChannel like tabs of one browser profile. Waits until its connection is open; `errors` collects
 * the page's uncaught errors.
 */
export async function openTab(context, baseUrl, path = '/') {
  const page = await context.newPage();
  const errors = [];
  const consoleErrors = [];
  page.on('pageerror', (error) => errors.push(error));
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(`${message.text()} (${message.location().url})`));
  await page.goto(new URL(path, baseUrl).href);
  await waitForState(page, 'open');
  return { page, errors, consoleErrors };
}

/**
 * Crashes the page's renderer for real (CDP `Page.crash`): no `beforeunload`, no `pagehide`, no last
 * write; its sockets and Web Locks go away with the process. Resolves once the page reports the crash.
 */
export async function crashPage(context, page) {
  const crashed = page.waitForEvent('crash');
  const cdp = await context.newCDPSession(page);
  // The command never gets its answer: the renderer that would give it is gone.
  cdp.send('Page.crash').catch(() => {});
  await crashed;
}

/** Waits until the connection panel shows `state`. */
export function waitForState(page, state, timeout = 15_000) {
  return page.getByTestId('state').filter({ hasText: new RegExp(`^${state}$`) }).waitFor({ timeout });
}

/** Joins the chat (the page must show the chat) and waits until the room shows this name. */
export async function joinChat(page, name) {
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByTestId('chat-me').filter({ hasText: name }).waitFor();
}

/** Waits until the chat is in the room on the current connection: after a reconnect, its rejoin was answered. */
export function waitForRejoin(page, timeout = 15_000) {
  return page.getByTestId('chat-rejoining').waitFor({ state: 'detached', timeout });
}

/** Types a chat message and sends it with the button. */
export async function sendChat(page, text) {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

/**
 * Sends a chat message through the page's form like {@link sendChat}, in one round trip instead of a fill
 * and a click (for many messages in a row). Resolves `true` when the page took it (the box was cleared),
 * `false` when it kept the text because it could not even queue it.
 */
export function submitChat(page, text) {
  return page.evaluate((value) => {
    const input = document.querySelector('[data-testid="chat-input"]');
    input.value = value;
    document.querySelector('[data-testid="chat-send"]').click(); // submits the form: its handler runs now
    return input.value === '';
  }, text);
}

/**
 * A click on `from`'s counter shows on `to`: the click went up the link `from` uses, and the new value came
 * down `to`'s. Starts once both show the server's value (a page shows `…` until its first counter message).
 * Both must show the counter page.
 */
export async function counterMoves(from, to) {
  const counterShows = (page, value) => page.getByTestId('counter-value').filter({ hasText: new RegExp(`^${value}$`) });
  await counterShows(from.page, '-?\\d+').waitFor();
  const before = Number(await from.page.getByTestId('counter-value').textContent());
  await counterShows(to.page, before).waitFor();
  await from.page.getByRole('button', { name: 'Increase by one' }).click();
  await counterShows(to.page, before + 1).waitFor();
}

/** The chat message whose text is exactly `text`. */
export function chatMessage(page, text) {
  return page.getByTestId('chat-message').filter({ has: page.getByTestId('chat-text').getByText(text, { exact: true }) });
}

export async function saveScreenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.mouse.move(0, 0); // no hover effect on the last button clicked
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Headless Chromium and a reference server process (127.0.0.1, a free port) for the calling test file;
 * both stop after its last test. `restartServer(whileDown)` stops the server gracefully (SIGTERM), runs
 * `whileDown`, and starts a new one on the same port. `serverEnv()`, if given, adds environment variables
 * (see demo/server/main.mjs) each time the server starts: a function, so it may name things that `before`
 * hooks registered ahead of this call set up (e.g. the origin of a proxy in front of the server).
 *
 * @param {{ serverEnv?: () => Record<string, string> }} [options]
 */
export function useBrowserAndServer({ serverEnv = () => ({}) } = {}) {
  const fixture = {
    browser: undefined,
    server: undefined,
    async restartServer(whileDown = async () => {}) {
      const { port } = fixture.server;
      await fixture.server.stop();
      try {
        await whileDown();
      } finally {
        // Up again even when `whileDown` failed, so one failed test does not fail the tests after it.
        fixture.server = await spawnReferenceServer({ port, env: serverEnv() });
      }
    },
  };
  before(async () => {
    fixture.browser = await launchChromium();
    fixture.server = await spawnReferenceServer({ env: serverEnv() });
  });
  after(async () => {
    await fixture.browser?.close();
    await fixture.server?.kill();
  });
  return fixture;
}
