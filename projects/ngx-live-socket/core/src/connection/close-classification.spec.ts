import { classifyClose, parseRetryAfterMs } from './close-classification';

const close = (code: number, reason = '') => ({ code, reason, wasClean: true });

describe('classifyClose', () => {
  it.each([1008, 4401, 4403])('asks the auth hook on policy/auth close %i', (code) => {
    expect(classifyClose(close(code))).toEqual({ action: 'ask-auth' });
  });

  it.each([1000, 1001, 1006, 1011, 1012, 1013, 4000, 4500])('retries other closes (%i) with no extra wait', (code) => {
    expect(classifyClose(close(code))).toEqual({ action: 'retry', retryAfterMs: 0 });
  });

  it('honours a retry-after hint sent with 1012 and 1013', () => {
    expect(classifyClose(close(1012, 'restarting, retry-after=5'))).toEqual({ action: 'retry', retryAfterMs: 5_000 });
    expect(classifyClose(close(1013, 'Retry-After: 250ms'))).toEqual({ action: 'retry', retryAfterMs: 250 });
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['retry-after=5', 5_000],
    ['Retry-After: 2', 2_000],
    ['try again: retry after 1.5s', 1_500],
    ['retry_after=1500ms', 1_500],
    ['RETRY-AFTER 3 s', 3_000],
    ['retry-after=999999', 3_600_000],
  ])('reads %j as %i ms', (reason, ms) => {
    expect(parseRetryAfterMs(reason)).toBe(ms);
  });

  it.each(['', 'going away', 'retry-after=soon', 'retry-after=5min'])('finds no hint in %j', (reason) => {
    expect(parseRetryAfterMs(reason)).toBeNull();
  });
});
