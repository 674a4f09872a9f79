import type { QueueStorage } from 'ngx-live-socket';

/**
 * One origin's queue storage in memory, as every page of it sees it. `notify(key)` plays the storage event a
 * browser fires in the other pages when one page writes a record.
 */
export function memoryQueueStorage(): QueueStorage & { records: Map<string, string>; notify(key: string): void } {
  const records = new Map<string, string>();
  const listeners = new Set<(key: string) => void>();
  return {
    records,
    keys: () => [...records.keys()],
    load: (key) => records.get(key) ?? null,
    save: (key, data) => records.set(key, data),
    remove: (key) => records.delete(key),
    watch: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify: (key) => listeners.forEach((listener) => listener(key)),
  };
}
