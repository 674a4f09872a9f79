import { Observable } from 'rxjs';
import { SubscriberList } from './subscriber-list';

describe('SubscriberList', () => {
  function streamOf<T>(list: SubscriberList<T>): Observable<T> {
    return new Observable<T>((subscriber) => list.add(subscriber));
  }

  it('hands each value to every subscriber in subscription order, and says when there was none', () => {
    const list = new SubscriberList<number>();
    const seen: string[] = [];
    expect(list.next(0)).toBe(false);
    streamOf(list).subscribe((value) => seen.push(`a${value}`));
    streamOf(list).subscribe((value) => seen.push(`b${value}`));
    expect(list.next(1)).toBe(true);
    expect(seen).toEqual(['a1', 'b1']);
  });

  it('a subscriber that leaves during a delivery does not make the next one miss it', () => {
    const list = new SubscriberList<number>();
    const seen: string[] = [];
    const first = streamOf(list).subscribe((value) => {
      seen.push(`a${value}`);
      first.unsubscribe();
    });
    streamOf(list).subscribe((value) => seen.push(`b${value}`));
    list.next(1);
    list.next(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('a subscriber that throws is reported by rxjs and the others still get the value', () => {
    jest.useFakeTimers();
    try {
      const list = new SubscriberList<number>();
      const seen: number[] = [];
      streamOf(list).subscribe(() => {
        throw new Error('app bug');
      });
      streamOf(list).subscribe((value) => seen.push(value));
      list.next(7);
      expect(seen).toEqual([7]);
      expect(() => jest.runAllTimers()).toThrow('app bug'); // rxjs reports it on a timer, as for a Subject
    } finally {
      jest.useRealTimers();
    }
  });

  it('calls emptied when the last subscriber leaves, and completes subscribers now and later', () => {
    let emptied = 0;
    const list = new SubscriberList<number>(() => emptied++);
    const a = streamOf(list).subscribe();
    const b = streamOf(list).subscribe();
    a.unsubscribe();
    expect(emptied).toBe(0);
    b.unsubscribe();
    expect(emptied).toBe(1);
    let completed = 0;
    streamOf(list).subscribe({ complete: () => completed++ });
    list.complete();
    streamOf(list).subscribe({ complete: () => completed++ });
    expect(completed).toBe(2);
    expect(list.size).toBe(0);
  });
});
