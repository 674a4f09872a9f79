import { type LockManagerLike, webLocks } from './session-locks';

/** The Web Locks API's behaviour for one name: exclusive, in request order, withdrawable by an AbortSignal. */
function fakeLockManager(): LockManagerLike & { holder: () => string | null } {
  const queue: Array<{ id: string; grant: () => void }> = [];
  let holder: string | null = null;
  let ids = 0;
  const next = () => {
    if (holder === null && queue.length > 0) {
      queue.shift()!.grant();
    }
  };
  return {
    holder: () => holder,
    request(_name, options, callback) {
      const id = `r${++ids}`;
      return new Promise((resolve, reject) => {
        const entry = {
          id,
          grant: () => {
            holder = id;
            void Promise.resolve(callback()).then(() => {
              holder = null;
              resolve(undefined);
              next();
            });
          },
        };
        options.signal?.addEventListener('abort', () => {
          const index = queue.indexOf(entry);
          if (index >= 0) {
            queue.splice(index, 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
        queue.push(entry);
        next();
      });
    },
  };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('webLocks', () => {
  it('holds a lock until released, then grants the next waiting page', async () => {
    const manager = fakeLockManager();
    const locks = webLocks(manager, 'ns');
    const a = jest.fn();
    const b = jest.fn();
    const releaseA = locks.hold('q', a);
    locks.hold('q', b);
    await flush();
    expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 0]);
    releaseA();
    releaseA();
    await flush();
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('withdraws a request that was not granted yet, without an unhandled rejection', async () => {
    const manager = fakeLockManager();
    const locks = webLocks(manager, 'ns');
    const releaseA = locks.hold('q', () => undefined);
    const never = jest.fn();
    locks.hold('q', never)();
    await flush();
    releaseA();
    await flush();
    expect(never).not.toHaveBeenCalled();
    expect(manager.holder()).toBeNull();
  });
});
