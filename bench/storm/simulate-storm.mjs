/**
 * A reconnect storm, simulated in discrete time (1 ms steps): `clients` connected clients are dropped
 * together at t = 0; the server is down for `downMs`, then accepts at most `capacityPer100Ms` connections
 * in each 100 ms window. An attempt while it is down, or beyond the window's capacity, fails at once and
 * counts as a failed attempt, so the client's backoff grows. Each client waits what its policy says.
 *
 * 10,000 real sockets would not fit this machine, and the question is about the policies: every attempt
 * time comes from the policy, nothing else is modelled (no handshake latency, no connect timeouts).
 */
export const STORM = Object.freeze({
  clients: 10_000,
  downMs: 5_000,
  capacityPer100Ms: 200, // 2,000 connections/s
  windowMs: 100,
  horizonMs: 300_000,
});

/**
 * @param {(random: () => number) => (failed: number) => number | null} createPolicy  one client's policy
 * @param {() => number} random  seeded uniform source in [0, 1)
 */
export function simulateStorm(createPolicy, random, storm = STORM) {
  const { clients, downMs, capacityPer100Ms, windowMs, horizonMs } = storm;
  const delayOf = Array.from({ length: clients }, () => createPolicy(random));
  const failed = new Uint32Array(clients);
  /** attemptsAt[t]: the clients that attempt at millisecond t. */
  const attemptsAt = [];
  const schedule = (client, at) => {
    if (at < horizonMs) {
      (attemptsAt[at] ??= []).push(client);
    }
  };
  const attemptsPerWindow = new Uint32Array(Math.ceil(horizonMs / windowMs));
  const backAt = [];
  let gaveUp = 0;
  let attempts = 0;

  // The drop: every client schedules its first attempt.
  for (let client = 0; client < clients; client++) {
    const delay = delayOf[client](0);
    if (delay === null) {
      gaveUp++;
    } else {
      schedule(client, Math.floor(delay));
    }
  }

  let acceptedInWindow = 0;
  for (let t = 0; t < horizonMs && backAt.length + gaveUp < clients; t++) {
    if (t % windowMs === 0) {
      acceptedInWindow = 0;
    }
    const now = attemptsAt[t];
    if (now === undefined) {
      continue;
    }
    attemptsAt[t] = undefined;
    shuffle(now, random); // who reaches the server first within one millisecond is luck
    for (const client of now) {
      attempts++;
      attemptsPerWindow[Math.floor(t / windowMs)]++;
      if (t >= downMs && acceptedInWindow < capacityPer100Ms) {
        acceptedInWindow++;
        backAt.push(t);
        continue;
      }
      failed[client]++;
      const delay = delayOf[client](failed[client]);
      if (delay === null) {
        gaveUp++;
      } else {
        schedule(client, t + Math.max(1, Math.floor(delay))); // a new attempt at the earliest in the next step
      }
    }
  }

  const windowsWhileDown = Math.ceil(downMs / windowMs);
  const peakOf = (from, to) => Math.max(0, ...attemptsPerWindow.slice(from, to)) / capacityPer100Ms;
  const needed = Math.ceil(clients * 0.99);
  return {
    peakWhileUp: peakOf(windowsWhileDown, attemptsPerWindow.length),
    peakWhileDown: peakOf(0, windowsWhileDown),
    /** ms from the drop until 99% of the clients are connected again; `null` if that never happens. */
    timeTo99PercentMs: backAt.length >= needed ? backAt[needed - 1] : null,
    back: backAt.length,
    gaveUp,
    attempts,
  };
}

function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
