/**
 * Where a persisted offline queue lives between page loads. `localStorage` by default; give your own for
 * IndexedDB-backed stores, encryption, or tests.
 */
export interface QueueStorage {
  load(): string | null;
  save(data: string): void;
  clear(): void;
}

/**
 * A `QueueStorage` in `localStorage` under `key`, or `null` where there is no `localStorage` (server
 * platform, some privacy modes).
 */
export function localStorageQueueStorage(key: string): QueueStorage | null {
  let storage: Storage;
  try {
    storage = globalThis.localStorage;
    if (storage === undefined || storage === null) {
      return null;
    }
  } catch {
    return null; // Access itself can throw (e.g. storage disabled for the site).
  }
  return {
    load: () => storage.getItem(key),
    save: (data) => storage.setItem(key, data),
    clear: () => storage.removeItem(key),
  };
}
