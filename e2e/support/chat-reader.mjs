import assert from 'node:assert/strict';
import { waitForRejoin, waitForState } from './demo.mjs';

/**
 * What a chat page shows, as `{ from, text }` in the order shown. The page merges messages by their server
 * id, so one message shows once however often it reaches the page; a text processed twice by the server is
 * two messages and shows twice.
 */
export function readChat(page) {
  return page.getByTestId('chat-message').evaluateAll((items) =>
    items.map((item) => ({
      from: item.querySelector('[data-testid="chat-from"]')?.textContent?.trim() ?? '',
      text: item.querySelector('[data-testid="chat-text"]')?.textContent ?? '',
    })),
  );
}

/**
 * Compares what a reader saw with what was sent (`expected`: text -> author). `missing` were never shown,
 * `duplicated` more than once (`text ×n`), `wrongAuthor` under another name (`text by name`). `complete`
 * when nothing is missing; `exact` when, besides, nothing is duplicated or misattributed.
 */
export function tallyArrivals(seen, expected) {
  const counts = new Map();
  const authors = new Map();
  for (const { from, text } of seen) {
    counts.set(text, (counts.get(text) ?? 0) + 1);
    authors.set(text, [...(authors.get(text) ?? []), from]);
  }
  const missing = [];
  const duplicated = [];
  const wrongAuthor = [];
  for (const [text, author] of expected) {
    const count = counts.get(text) ?? 0;
    if (count === 0) {
      missing.push(text);
    } else if (count > 1) {
      duplicated.push(`${text} ×${count}`);
    }
    for (const from of authors.get(text) ?? []) {
      if (from !== author) {
        wrongAuthor.push(`${text} by ${from}`);
      }
    }
  }
  const complete = missing.length === 0;
  return { sent: expected.size, missing, duplicated, wrongAuthor, complete, exact: complete && duplicated.length === 0 && wrongAuthor.length === 0 };
}

/** One line for a test's output or assertion message. */
export function describeTally({ sent, missing, duplicated, wrongAuthor }) {
  const list = (items) => (items.length === 0 ? '' : `: ${items.join(', ')}`);
  return (
    `${sent} sent, ${sent - missing.length} arrived; ` +
    `lost ${missing.length}${list(missing)}; duplicated ${duplicated.length}${list(duplicated)}; ` +
    `under a wrong name ${wrongAuthor.length}${list(wrongAuthor)}`
  );
}

/**
 * Reads `page`'s chat until every expected text has arrived or `timeoutMs` has passed, and returns the
 * tally (see {@link tallyArrivals}). Never throws on a shortfall: the caller asserts or reports it.
 */
export async function waitForArrivals(page, expected, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tally = tallyArrivals(await readChat(page), expected);
    if (tally.complete || Date.now() >= deadline) {
      return tally;
    }
    // Polling the page's list: the condition lives in the page, and no event says "the last one came".
    await page.waitForTimeout(200);
  }
}

/**
 * A loss control's check, after the server came back: once the reader (a chat page) is open and back in the
 * room, waits up to `waitMs` for `expected` and asserts that exactly `lost` never arrived and that nothing
 * arrived twice. Reports the tally as the test's diagnostic `t`.
 */
export async function expectLostAtReader(t, page, expected, lost, waitMs) {
  await waitForState(page, 'open');
  await waitForRejoin(page);
  const tally = await waitForArrivals(page, expected, waitMs);
  t.diagnostic(`control: ${describeTally(tally)}`);
  assert.deepEqual(tally.missing, lost, `exactly the undelivered messages are seen lost: ${describeTally(tally)}`);
  assert.deepEqual(tally.duplicated, []);
}
