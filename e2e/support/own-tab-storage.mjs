/**
 * A control for the tabs test: gives every page of `context` its own localStorage keys (prefixed with an id
 * kept in sessionStorage, so a reload keeps its tab's keys). Tabs then never see each other's persisted
 * queue, as if the library kept one per page but never adopted a dead page's queue: the messages a closed
 * or crashed tab left queued must show up as lost, which proves the test can see that loss.
 */
export function giveEachTabItsOwnStorage(context) {
  return context.addInitScript(() => {
    let tab = sessionStorage.getItem('e2e-tab');
    if (tab === null) {
      tab = crypto.randomUUID();
      sessionStorage.setItem('e2e-tab', tab);
    }
    const { getItem, setItem, removeItem } = Storage.prototype;
    const keyFor = (storage, key) => (storage === localStorage ? `${tab}:${key}` : key);
    Storage.prototype.getItem = function (key) {
      return getItem.call(this, keyFor(this, key));
    };
    Storage.prototype.setItem = function (key, value) {
      setItem.call(this, keyFor(this, key), value);
    };
    Storage.prototype.removeItem = function (key) {
      removeItem.call(this, keyFor(this, key));
    };
  });
}
