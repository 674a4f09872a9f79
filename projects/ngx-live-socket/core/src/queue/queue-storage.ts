/**
 * Where persisted offline queues live between page loads: one record per page (per delivery session), so two
 * tabs never share one. `localStorage` by default; give your own for IndexedDB-backed stores, encryption, or
 * tests. Keys are the storage's own: the library only reads back what `keys()` lists.
 */
export interface QueueStorage {
  /** The keys of every record held (each page's queue has its own). */
  keys(): string[];
  load(key: string): string | null;
  save(key: string, data: string): void;
  remove(key: string): void;
  /**
   * Optional: calls `listener` when another page writes a record, so a queue left behind by a page that dies
   * is taken over at once rather than at the next load. Returns the function that stops listening.
   */
  watch?(listener: (key: string) => void): () => void;
}

/**
 * A `QueueStorage` in `localStorage`, each record under `${prefix}:${key}`, or `null` where there is no
 * `localStorage` (server platform, some privacy modes). A record that version 0.1 kept under `prefix` itself
 * is listed too (as the key `''`), so a queue persisted before the upgrade is still delivered.
 */
export function localStorageQueueStorage(prefix: string): QueueStorage | null {
  let storage: Storage;
  try {
    storage = globalThis.localStorage;
    if (storage === undefined || storage === null) {
      return null;
    }
  } catch {
    return null; // Access itself can throw (e.g. storage disabled for the site).
  }
  const fullKey = (key: string) => (key === '' ? prefix : `${prefix}:${key}`);
  const ownKey = (fullKey: string | null): string | null =>
    fullKey === prefix ? '' : fullKey !== null && fullKey.startsWith(`${prefix}:`) ? fullKey.slice(prefix.length + 1) : null;
  return {
    keys: () => {
      const keys: string[] = [];
      for (let index = 0; index < storage.length; index++) {
        const key = ownKey(storage.key(index));
        if (key !== null) {
          keys.push(key);
        }
      }
      return keys;
    },
    load: (key) => storage.getItem(fullKey(key)),
    save: (key, data) => storage.setItem(fullKey(key), data),
    remove: (key) => storage.removeItem(fullKey(key)),
    watch: (listener) => {
      // `storage` events fire in the other pages of the origin, never in the page that wrote.
      const onStorage = (event: StorageEvent) => {
        const key = ownKey(event.key);
        if (key !== null && event.newValue !== null) {
          listener(key);
        }
      };
      globalThis.addEventListener?.('storage', onStorage);
      return () => globalThis.removeEventListener?.('storage', onStorage);
    },
  };
}
