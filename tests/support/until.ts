/**
 * Waits (briefly, polling every 5 ms) for a condition a real server or Redis reaches on its own after an event
 * the test caused; fails naming the condition after `timeoutMs`.
 */
export async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
