import { ManualClock } from '../../../testing/src/manual-clock';
import { DEFAULT_SEQUENCE_LIMITS, SequenceChecker, type SequenceLimits } from './sequence-checker';

describe('SequenceChecker', () => {
  let clock: ManualClock;
  let delivered: number[];
  let duplicates: number[];
  let reports: Array<[string, string]>;
  let replaysAsked: number[];

  function checker(limits: SequenceLimits = DEFAULT_SEQUENCE_LIMITS): SequenceChecker<string> {
    return new SequenceChecker<string>(limits, clock, {
      deliver: (message, seq) => {
        expect(message).toBe(`m${seq}`);
        delivered.push(seq);
      },
      duplicate: (seq) => duplicates.push(seq),
      report: (kind, message) => reports.push([kind, String(message)]), // the text is dropped only in production builds
      askReplay: (lastSeq) => replaysAsked.push(lastSeq),
    });
  }

  const feed = (sequence: SequenceChecker<string>, seqs: number[]) => seqs.forEach((seq) => sequence.receive(seq, `m${seq}`));
  const kinds = () => reports.map(([kind]) => kind);

  beforeEach(() => {
    clock = new ManualClock(0);
    delivered = [];
    duplicates = [];
    reports = [];
    replaysAsked = [];
  });

  it('puts the sequence of the user test back in order: 1..10 delivered once, one duplicate, each gap reported once', () => {
    const sequence = checker();
    feed(sequence, [1, 2, 2, 5, 3, 4, 6, 9, 7, 8, 10]);
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(duplicates).toEqual([2]);
    expect(reports).toEqual([
      ['seq-gap', 'expected seq 3, got 5: asking the server to replay from 3.'],
      ['seq-gap', 'expected seq 7, got 9: asking the server to replay from 7.'],
    ]);
    // The replay asked for at the first gap (from 3 on) is still under way at the second: it may bring 7 and
    // 8 too, so no second resume is sent until it has been answered (see the next tests).
    expect(replaysAsked).toEqual([2]);
    expect(sequence.lastSeq).toBe(10);
    expect(sequence.heldCount).toBe(0);
    clock.advance(60_000);
    expect(reports).toHaveLength(2); // a filled gap leaves no timer behind
  });

  it('reports a second gap that remains once the first one filled, without asking again while a replay is under way', () => {
    const sequence = checker();
    feed(sequence, [1, 3, 6]);
    feed(sequence, [2]);
    expect(delivered).toEqual([1, 2, 3]);
    expect(reports.map(([, message]) => message)).toEqual([
      'expected seq 2, got 3: asking the server to replay from 2.',
      'expected seq 4, got 6: asking the server to replay from 4.',
    ]);
    expect(replaysAsked).toEqual([1]); // the replay from 2 on covers 4 and 5 too
    feed(sequence, [4, 5]);
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('dedupes a replay against what it already holds, and the replay fills the gap', () => {
    const sequence = checker();
    feed(sequence, [1, 4, 5]);
    expect(sequence.lastSeq).toBe(1);
    feed(sequence, [2, 3, 4, 5, 6]); // the server replays everything after 1
    sequence.replayEnded(true);
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6]);
    expect(duplicates).toEqual([4, 5]);
    expect(kinds()).toEqual(['seq-gap']);
  });

  it('reports what the server no longer has (complete: false), naming the range, then delivers what it holds', () => {
    const sequence = checker();
    feed(sequence, [1, 5, 6, 9]);
    sequence.replayEnded(false);
    expect(reports[1]).toEqual(['resume-gap', 'seq 2-4, 7-8 never arrived (the server no longer had them); delivering the 3 messages held after the gap.']);
    expect(delivered).toEqual([1, 5, 6, 9]);
    expect(sequence.lastSeq).toBe(9);
  });

  it('gives a gap up when the replay ended (complete: true) and it is still open', () => {
    const sequence = checker();
    feed(sequence, [1, 3]);
    sequence.replayEnded(true);
    expect(reports[1]).toEqual(['resume-gap', 'seq 2 never arrived (the server replayed what it kept and they were not among it); delivering the 1 messages held after the gap.']);
    expect(delivered).toEqual([1, 3]);
  });

  it('waits for the answer of the last resume sent: an earlier replay may have begun before the gap', () => {
    const sequence = checker();
    sequence.resumeSent(); // the link's own resume, unanswered yet
    feed(sequence, [2]);
    expect(replaysAsked).toEqual([]); // the pending replay may still bring 1
    sequence.replayEnded(true); // it did not: ask for this gap now
    expect(replaysAsked).toEqual([0]);
    expect(delivered).toEqual([]);
    feed(sequence, [1, 2]);
    sequence.replayEnded(true);
    expect(delivered).toEqual([1, 2]);
    expect(kinds()).toEqual(['seq-gap']);
  });

  it('gives a gap up when the buffer overflows, and delivers everything held in order', () => {
    const sequence = checker({ maxHeld: 3, gapTimeoutMs: 5_000 });
    feed(sequence, [1, 3, 4, 5]);
    expect(kinds()).toEqual(['seq-gap']);
    feed(sequence, [6]);
    expect(reports[1]).toEqual(['resume-gap', 'seq 2 never arrived (the reorder buffer is full (3 messages)); delivering the 4 messages held after the gap.']);
    expect(delivered).toEqual([1, 3, 4, 5, 6]);
  });

  it('gives a gap up after gapTimeoutMs on the clock when no answer comes', () => {
    const sequence = checker();
    feed(sequence, [1, 3]);
    clock.advance(4_999);
    expect(delivered).toEqual([1]);
    clock.advance(1);
    expect(reports[1][1]).toBe('seq 2 never arrived (not filled within 5000 ms); delivering the 1 messages held after the gap.');
    expect(delivered).toEqual([1, 3]);
  });

  it('keeps the buffer over a link drop, without the time offline counting, and the next link fills it', () => {
    const sequence = checker();
    feed(sequence, [1, 2, 4]);
    sequence.linkDropped();
    clock.advance(60_000);
    expect(kinds()).toEqual(['seq-gap']);
    sequence.resumeSent(); // the next link resumes from lastSeq 2
    feed(sequence, [3, 4, 5]);
    sequence.replayEnded(true);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(duplicates).toEqual([4]);
    expect(kinds()).toEqual(['seq-gap']);
  });

  it('after a lossy resume with nothing held, reports the loss once and takes the next seq as the new start', () => {
    const sequence = checker();
    feed(sequence, [1, 2]);
    sequence.resumeSent();
    sequence.replayEnded(false);
    feed(sequence, [7, 8]);
    expect(kinds()).toEqual(['resume-gap']);
    expect(delivered).toEqual([1, 2, 7, 8]);
    feed(sequence, [10]);
    expect(kinds()).toEqual(['resume-gap', 'seq-gap']); // only the first message after the loss may jump
  });
});
