/**
 * A control for the tabs test: gives every page of `context` its own localStorage (its keys prefixed with an
 * id kept in sessionStorage, so a reload keeps its tab's storage; `key(i)` and `length` list only the
 * tab's own keys). Tabs then never see each other's persisted queue, as if the library kept one per page
 * but never adopted a dead page's queue: the messages a closed or crashed tab left queued must show up as
 * lost, which proves the test can see that loss.
 */
export function giveEachTabItsOwnStorage(context) {
  return context.addInitScript(() => {
    let tab = sessionStorage.getItem('e2e-tab');
    if (tab === null) {
      tab = crypto.randomUUID();
      sessionStorage.setItem('e2e-tab', tab);
    }
    const prefix = `${tab}:`;
    const { getItem, setItem, removeItem, key: keyAt } = Storage.prototype;
    const lengthOf = Object.getOwnPropertyDescriptor(Storage.prototype, 'length').get;
    const isShared = (storage) => storage === localStorage;
    const keyFor = (storage, key) => (isShared(storage) ? prefix + key : key);
    const ownKeys = (storage) => {
      const keys = [];
      for (let index = 0; index < lengthOf.call(storage); index++) {
        const key = keyAt.call(storage, index);
        if (key.startsWith(prefix)) {
          keys.push(key.slice(prefix.length));
        }
      }
      return keys;
    };
    Storage.prototype.getItem = function (key) {
      return getItem.call(this, keyFor(this, key));
    };
    Storage.prototype.setItem = function (key, value) {
      setItem.call(this, keyFor(this, key), value);
    };
    Storage.prototype.removeItem = function (key) {
      removeItem.call(this, keyFor(this, key));
    };
    Storage.prototype.key = function (index) {
      return isShared(this) ? (ownKeys(this)[index] ?? null) : keyAt.call(this, index);
    };
    Object.defineProperty(Storage.prototype, 'length', {
      configurable: true,
      get() {
        return isShared(this) ? ownKeys(this).length : lengthOf.call(this);
      },
    });
  });
}
