/**
 * How long a test hook may take to start (or restart) a real server process. Jest's default of 5 s is enough on
 * a quiet machine, but not on a loaded 2-core one, where Node's start-up alone can take seconds: a hook that
 * times out there fails the test for nothing the test checks.
 */
export const SERVER_START_TIMEOUT_MS = 30_000;
