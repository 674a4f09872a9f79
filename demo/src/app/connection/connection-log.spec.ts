import type { ConnectionStats } from 'ngx-live-socket';
// The library's starting stats (internal, so imported by path): fixtures follow its shape.
import { INITIAL_CONNECTION_STATS } from '../../../../projects/ngx-live-socket/core/internal';
import { type ConnectionSnapshot, describeChange } from './connection-log';

const NOW = 1_000_000;
const at = (state: ConnectionSnapshot['state'], stats: Partial<ConnectionStats> = {}): ConnectionSnapshot => ({ state, stats: { ...INITIAL_CONNECTION_STATS, ...stats } });

describe('describeChange (the reconnect log)', () => {
  it('logs the first attempt that fails before the link ever opened', () => {
    const line = describeChange(at('connecting'), at('reconnecting', { failedAttempts: 1, lastCloseCode: 1006, lastCloseReason: '', nextRetryAt: NOW + 250 }), NOW);
    expect(line).toEqual({ kind: 'drop', text: 'could not connect: 1006; retry in 0.3 s', code: 1006 });
  });

  it('logs each further failed attempt while reconnecting, and nothing for the stats updates in between', () => {
    const dropped = at('reconnecting', { failedAttempts: 1, lastCloseCode: 1001, lastCloseReason: 'server shutting down' });
    const closeRecorded = at('reconnecting', { failedAttempts: 1, lastCloseCode: 1006, lastCloseReason: '' });
    const retryScheduled = at('reconnecting', { failedAttempts: 2, lastCloseCode: 1006, lastCloseReason: '', nextRetryAt: NOW + 1_500 });
    expect(describeChange(dropped, closeRecorded, NOW)).toBeNull();
    expect(describeChange(closeRecorded, retryScheduled, NOW)).toEqual({ kind: 'retry', text: 'attempt 1 failed: 1006; retry in 1.5 s', code: 1006 });
  });

  it('logs a policy close waiting for the auth hook without a retry time', () => {
    expect(describeChange(at('open'), at('reconnecting', { lastCloseCode: 1008, lastCloseReason: 'rate limit' }), NOW)).toEqual({
      kind: 'drop',
      text: 'dropped: 1008 "rate limit"',
      code: 1008,
    });
  });

  it('starts the log with the state the panel finds, unless idle', () => {
    expect(describeChange(null, at('open'), NOW)?.text).toBe('connected');
    expect(describeChange(null, at('idle'), NOW)).toBeNull();
  });

  it('ignores heartbeat round trips', () => {
    expect(describeChange(at('open', { openedAt: 1 }), at('open', { openedAt: 1, lastRttMs: 3 }), NOW)).toBeNull();
  });
});
