import { localStorageQueueStorage } from './queue-storage';

describe('localStorageQueueStorage', () => {
  beforeEach(() => localStorage.clear());

  it('keeps each record under the prefix and lists only its own, the record of version 0.1 included', () => {
    const storage = localStorageQueueStorage('app:queue')!;
    storage.save('s-1', 'one');
    storage.save('s-2', 'two');
    localStorage.setItem('app:queue', 'left by 0.1');
    localStorage.setItem('app:queue-other', 'not ours');
    localStorage.setItem('other:queue:s-3', 'not ours');

    expect(storage.keys().sort()).toEqual(['', 's-1', 's-2']);
    expect(localStorage.getItem('app:queue:s-1')).toBe('one');
    expect(storage.load('')).toBe('left by 0.1');
    storage.remove('s-1');
    expect(storage.load('s-1')).toBeNull();
  });

  it('tells of records other pages write (storage events), not of removals or other keys', () => {
    const storage = localStorageQueueStorage('app:queue')!;
    const seen: string[] = [];
    const stop = storage.watch!((key) => seen.push(key));
    const event = (key: string, newValue: string | null) => window.dispatchEvent(new StorageEvent('storage', { key, newValue }));
    event('app:queue:s-9', '{}');
    event('app:queue:s-8', null);
    event('unrelated', '{}');
    stop();
    event('app:queue:s-7', '{}');
    expect(seen).toEqual(['s-9']);
  });
});
