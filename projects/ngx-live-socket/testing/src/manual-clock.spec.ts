import { WebSocketArgumentError } from 'ngx-live-socket';
import { ManualClock } from './manual-clock';

describe('ManualClock', () => {
  const START = 1_700_000_000_000;
  let clock: ManualClock;
  let log: string[];

  beforeEach(() => {
    clock = new ManualClock(START);
    log = [];
  });

  const record = (name: string) => () => log.push(`${name}@${clock.now() - START}`);

  it('stands still until advanced, then runs due timers in due order, each seeing its own due time', () => {
    clock.setTimeout(record('late'), 300);
    clock.setTimeout(record('early'), 100);
    expect(clock.now()).toBe(START);
    clock.advance(99);
    expect(log).toEqual([]);
    clock.advance(201);
    expect(log).toEqual(['early@100', 'late@300']);
    expect(clock.now()).toBe(START + 300);
  });

  it('runs timers due at the same time in the order they were set, and 0 or negative delays at the next advance', () => {
    clock.setTimeout(record('first'), 50);
    clock.setTimeout(record('second'), 50);
    clock.setTimeout(record('negative'), -5);
    clock.setTimeout(record('nan'), Number.NaN);
    expect(log).toEqual([]);
    clock.advance(0);
    expect(log).toEqual(['negative@0', 'nan@0']);
    clock.advance(50);
    expect(log).toEqual(['negative@0', 'nan@0', 'first@50', 'second@50']);
  });

  it('runs timers that callbacks set while it advances, if they fall due within the same advance', () => {
    clock.setTimeout(() => {
      record('outer')();
      clock.setTimeout(record('inner'), 100);
      clock.setTimeout(record('beyond'), 1_000);
    }, 100);
    clock.advance(500);
    expect(log).toEqual(['outer@100', 'inner@200']);
    expect(clock.now()).toBe(START + 500);
    clock.advance(600);
    expect(log).toEqual(['outer@100', 'inner@200', 'beyond@1100']);
  });

  it('never runs a cleared timer, also when a callback clears a later one', () => {
    const doomed = clock.setTimeout(record('doomed'), 200);
    clock.setTimeout(() => clock.clearTimeout(doomed), 100);
    const cleared = clock.setTimeout(record('cleared'), 50);
    clock.clearTimeout(cleared);
    clock.advance(1_000);
    expect(log).toEqual([]);
  });

  it('counts the timers still pending: set, not yet run, not cleared', () => {
    expect(clock.pendingTimers).toBe(0);
    const cleared = clock.setTimeout(record('cleared'), 50);
    clock.setTimeout(record('early'), 100);
    clock.setTimeout(record('late'), 300);
    expect(clock.pendingTimers).toBe(3);
    clock.clearTimeout(cleared);
    expect(clock.pendingTimers).toBe(2);
    clock.advance(100);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(200);
    expect(clock.pendingTimers).toBe(0);
    expect(log).toEqual(['early@100', 'late@300']);
  });

  it('rejects a negative or non-finite tick, naming the argument', () => {
    expect(() => clock.advance(-1)).toThrow(WebSocketArgumentError);
    expect(() => clock.advance(-1)).toThrow('invalid tick ms: -1 is not allowed; expected a finite number of ms >= 0.');
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow('invalid tick ms: Infinity');
    expect(clock.now()).toBe(START);
  });
});
