import { ManualClock } from '../../../testing/src/manual-clock';
import { DEFAULT_HEARTBEAT_POLICY, Heartbeat, isJsonPong, jsonPing, resolveHeartbeatPolicy } from './heartbeat';
import { WebSocketArgumentError } from '../errors/argument-error';

/**
 * A laptop that slept: the wall clock jumps ahead while no timer fires, and the timers still fire as long
 * after they were set as they would have (what Jest's `setSystemTime` did to `Date.now()`).
 */
class SleepingClock extends ManualClock {
  private sleptMs = 0;

  sleep(ms: number): void {
    this.sleptMs += ms;
  }

  override now(): number {
    return super.now() + this.sleptMs;
  }
}

describe('Heartbeat', () => {
  let clock: SleepingClock;
  let sent: unknown[];
  let deadAt: number | null;
  let silentFor: number | null;
  let rtts: number[];
  let startedAt: number;

  function start(options = {}): Heartbeat {
    const heartbeat = new Heartbeat(resolveHeartbeatPolicy(options), clock, {
      send: (frame) => sent.push(frame),
      dead: (ms) => {
        deadAt = clock.now();
        silentFor = ms;
      },
      rtt: (ms) => rtts.push(ms),
    });
    startedAt = clock.now();
    heartbeat.start();
    return heartbeat;
  }

  beforeEach(() => {
    clock = new SleepingClock(1_700_000_000_000);
    sent = [];
    deadAt = null;
    silentFor = null;
    rtts = [];
  });

  it('notices a link that went silent within 15 s by default (ping at 10 s, dead at 15 s)', () => {
    start();
    clock.advance(9_999);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toEqual([jsonPing(startedAt + 10_000)]);
    clock.advance(4_999);
    expect(deadAt).toBeNull();
    clock.advance(1);
    expect(deadAt! - startedAt).toBe(15_000);
    expect(silentFor).toBe(15_000);
    expect(DEFAULT_HEARTBEAT_POLICY.intervalMs + DEFAULT_HEARTBEAT_POLICY.timeoutMs).toBeLessThanOrEqual(20_000);
  });

  it('counts any incoming frame as life and does not ping a busy link', () => {
    const heartbeat = start({ intervalMs: 1_000, timeoutMs: 1_000 });
    for (let i = 0; i < 50; i++) {
      clock.advance(900);
      heartbeat.frameReceived('{"type":"chat.message"}');
    }
    expect(sent).toEqual([]);
    expect(deadAt).toBeNull();
  });

  it('treats a non-pong frame after a ping as an answer, and measures RTT only from pongs', () => {
    const heartbeat = start({ intervalMs: 1_000, timeoutMs: 1_000 });
    clock.advance(1_000);
    expect(sent).toHaveLength(1);
    clock.advance(300);
    expect(heartbeat.frameReceived('{"type":"news"}')).toBe(false);
    clock.advance(200);
    expect(heartbeat.frameReceived('{"type":"pong","payload":{"t":1}}')).toBe(true);
    expect(rtts).toEqual([500]);
    clock.advance(999); // next ping is due 1 s after that pong, not sooner
    expect(sent).toHaveLength(1);
    expect(deadAt).toBeNull();
  });

  it('judges by the wall clock: after a sleep with a ping out, the first timer that fires declares the link dead', () => {
    start({ intervalMs: 1_000, timeoutMs: 1_000 });
    clock.advance(1_000); // ping out
    clock.sleep(600_000); // laptop slept ten minutes; no timer fired meanwhile
    clock.advance(1_000); // the overdue timer fires once
    expect(silentFor).toBe(602_000);
  });

  it('after a wall-clock jump on a quiet link, pings at the first timer instead of waiting another interval', () => {
    const heartbeat = start({ intervalMs: 10_000, timeoutMs: 5_000 });
    clock.advance(9_000);
    heartbeat.frameReceived('{"type":"x"}'); // next check due at 10 s
    clock.sleep(300_000);
    clock.advance(1_000);
    expect(sent).toHaveLength(1);
    clock.advance(5_000);
    expect(deadAt).not.toBeNull();
  });

  it('pings every intervalMs even when timeoutMs is longer, and notices death within intervalMs + timeoutMs of the last frame', () => {
    const heartbeat = start({ intervalMs: 2_000, timeoutMs: 3_000 });
    clock.advance(2_000);
    expect(sent).toHaveLength(1);
    clock.advance(5);
    heartbeat.frameReceived('{"type":"pong"}');
    clock.advance(1_999);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2); // 2 s after the pong, not 3 s after the ping
    clock.advance(3_000);
    expect(deadAt! - (startedAt + 2_005)).toBe(5_000);
  });

  it('probe() pings at once and the link is dead one timeout later without an answer', () => {
    const heartbeat = start({ intervalMs: 30_000, timeoutMs: 2_000 });
    clock.advance(100);
    heartbeat.probe();
    heartbeat.probe(); // a second probe while one is out sends nothing more
    expect(sent).toHaveLength(1);
    clock.advance(2_000);
    expect(deadAt! - startedAt).toBe(2_100);
  });

  it('stop() cancels its timer', () => {
    const heartbeat = start();
    heartbeat.stop();
    expect(clock.pendingTimers).toBe(0);
    heartbeat.probe();
    expect(sent).toEqual([]);
  });

  it('rejects intervals and timeouts that are not positive numbers, naming them', () => {
    expect(() => resolveHeartbeatPolicy({ intervalMs: 0 })).toThrow(new WebSocketArgumentError('heartbeat intervalMs', '0 is not allowed; expected a number of ms > 0.'));
    expect(() => resolveHeartbeatPolicy({ timeoutMs: Infinity })).toThrow('invalid heartbeat timeoutMs');
  });
});

describe('isJsonPong', () => {
  it.each([
    ['{"type":"pong"}', true],
    ['{ "type" : "pong", "payload": {"t": 5} }', true],
    ['{"type":"ping"}', false],
    ['{"type":"chat","payload":"pong"}', false],
    ['pong', false],
    [new ArrayBuffer(4), false],
  ])('%p -> %p', (frame, expected) => {
    expect(isJsonPong(frame)).toBe(expected);
  });
});
